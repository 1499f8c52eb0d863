/**
 * When a post goes out: one instant, or the occurrences of an RRULE series in its own time zone.
 *
 * A series is kept as wall-clock time (RFC 5545 "local time with a TZID"): DTSTART is a local date-time in the
 * post's zone, the rule is expanded in that local time ("floating", so a daily 09:00 stays 09:00 on both sides of
 * a DST change), and each local occurrence is then turned into an instant in the zone:
 * - a local time skipped by a spring change (02:30 in Paris on the last Sunday of March) is read with the offset
 *   before the gap, as RFC 5545 §3.3.5 says: it moves forward by the gap's length (02:30 → 03:30);
 * - a local time repeated by an autumn change (02:30 on the last Sunday of October) is the first of the two
 *   instants, and the series runs once then.
 */
import { DateTime } from "luxon";
import * as rruleNs from "rrule";
import { z } from "zod";

// rrule ships CommonJS to Node (its classes sit on the default export there) and ESM to bundlers.
const { RRule, RRuleSet } = (rruleNs as unknown as { default?: typeof rruleNs }).default ?? rruleNs;

/** A local date-time without zone, to the minute or second: `2026-03-29T09:00` or `2026-03-29T09:00:00`. */
export const localDateTimeSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/, "A local date and time such as 2026-03-29T09:00")
  .refine((s) => DateTime.fromISO(s, { zone: "UTC" }).isValid, "Not a valid date");

export interface Series {
  /** RFC 5545 RRULE value without DTSTART (`FREQ=DAILY;COUNT=10`); a leading `RRULE:` is accepted. */
  rrule: string;
  /** DTSTART as local wall time in `timeZone`. */
  dtstartLocal: string;
  timeZone: string;
  /** Excluded occurrences, as local wall times. */
  exdatesLocal?: string[];
}

export class RecurrenceError extends Error {}

const ALLOWED_FREQS = new Set(["YEARLY", "MONTHLY", "WEEKLY", "DAILY", "HOURLY"]);

/** Normalizes and checks an RRULE value; throws RecurrenceError with a message a person can act on. */
export function normalizeRrule(rrule: string): string {
  const value = rrule.trim().replace(/^RRULE:/i, "").toUpperCase();
  if (!value) throw new RecurrenceError("The recurrence rule is empty");
  if (/DTSTART|\n/.test(value)) throw new RecurrenceError("Give the start date separately, not inside the rule");
  const parts = Object.fromEntries(
    value.split(";").map((p) => {
      const [k, v] = p.split("=");
      if (!k || v === undefined) throw new RecurrenceError(`Cannot read "${p}" in the rule`);
      return [k, v];
    }),
  );
  if (!parts.FREQ) throw new RecurrenceError("The rule needs a frequency (FREQ=DAILY, WEEKLY…)");
  if (!ALLOWED_FREQS.has(parts.FREQ)) throw new RecurrenceError("Posts can repeat at most every hour");
  if (parts.COUNT && parts.UNTIL) throw new RecurrenceError("Use either COUNT or UNTIL, not both");
  try {
    RRule.parseString(value);
  } catch {
    throw new RecurrenceError("The recurrence rule is not valid RFC 5545");
  }
  return value;
}

function floating(local: string): Date {
  const d = DateTime.fromISO(local, { zone: "UTC" });
  if (!d.isValid) throw new RecurrenceError(`Not a valid local date-time: ${local}`);
  return d.toJSDate();
}

function wallOf(d: DateTime) {
  return { year: d.year, month: d.month, day: d.day, hour: d.hour, minute: d.minute, second: d.second };
}

/** The instant of a local wall time in a zone (gap → shifted forward, repeated hour → the first instant). */
export function localToInstant(local: string | Date, timeZone: string): Date {
  const wall = typeof local === "string" ? wallOf(DateTime.fromISO(local, { zone: "UTC" })) : wallOf(DateTime.fromJSDate(local, { zone: "UTC" }));
  let dt = DateTime.fromObject(wall, { zone: timeZone });
  if (!dt.isValid) throw new RecurrenceError(`Unknown time zone: ${timeZone}`);
  // Luxon reads a repeated wall time with the later offset; an earlier instant showing the same wall time wins.
  for (const minutes of [60, 30]) {
    const earlier = dt.minus({ minutes });
    if (earlier.hour === wall.hour && earlier.minute === wall.minute && earlier.day === wall.day) {
      dt = earlier;
      break;
    }
  }
  return dt.toJSDate();
}

/** The local wall time of an instant in a zone, as a floating Date (UTC fields = wall time). */
function instantToFloating(instant: Date, timeZone: string): Date {
  const local = DateTime.fromJSDate(instant, { zone: timeZone });
  return DateTime.fromObject(wallOf(local), { zone: "UTC" }).toJSDate();
}

function buildSet(series: Series) {
  const value = normalizeRrule(series.rrule);
  const options = RRule.parseString(value);
  // UNTIL with a Z is an instant: express it as wall time in the zone; without Z it already is wall time.
  if (options.until && /UNTIL=\d{8}T\d{6}Z/.test(value)) options.until = instantToFloating(options.until, series.timeZone);
  const set = new RRuleSet();
  set.rrule(new RRule({ ...options, dtstart: floating(series.dtstartLocal), tzid: undefined }));
  for (const ex of series.exdatesLocal ?? []) set.exdate(floating(ex));
  return set;
}

/** The first occurrence strictly after `after` (an instant), or null when the series is over. */
export function nextOccurrence(series: Series, after: Date): Date | null {
  return nextFrom(buildSet(series), series.timeZone, after);
}

function nextFrom(set: ReturnType<typeof buildSet>, timeZone: string, after: Date): Date | null {
  const series = { timeZone };
  // Start a few hours early in wall time: offsets differ between wall and instant around a change.
  let cursor = new Date(instantToFloating(after, series.timeZone).getTime() - 4 * 3_600_000);
  for (let i = 0; i < 10_000; i++) {
    const o = set.after(cursor, false);
    if (!o) return null;
    const instant = localToInstant(o, series.timeZone);
    if (instant.getTime() > after.getTime()) return instant;
    cursor = o;
  }
  return null;
}

/** Up to `limit` occurrences from `from` (inclusive) to `to` (exclusive), as instants, each once. */
export function occurrencesBetween(series: Series, from: Date, to: Date, limit = 1000): Date[] {
  const set = buildSet(series);
  const out: Date[] = [];
  let after = new Date(from.getTime() - 1);
  while (out.length < limit) {
    const next = nextFrom(set, series.timeZone, after);
    if (!next || next.getTime() >= to.getTime()) break;
    out.push(next);
    after = next;
  }
  return out;
}

/** The first `n` occurrences after `after` (the composer's preview). */
export function firstOccurrences(series: Series, n: number, after = new Date(0)): Date[] {
  return occurrencesBetween(series, after, new Date(8_640_000_000_000_000), n);
}

/** An instant entered as local wall time in a named zone (one-off posts). */
export function publishInstant(local: string, timeZone: string): Date {
  return localToInstant(local, timeZone);
}
