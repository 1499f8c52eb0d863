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
import { DateTime, IANAZone } from "luxon";
import * as rruleNs from "rrule";
import { z } from "zod";

// rrule ships CommonJS to Node (its classes sit on the default export there) and ESM to bundlers.
const { RRule, RRuleSet } = (rruleNs as unknown as { default?: typeof rruleNs }).default ?? rruleNs;

/** A local date-time without zone, to the minute or second: `2026-03-29T09:00` or `2026-03-29T09:00:00`. */
export const localDateTimeSchema = z
  .string()
  .max(19)
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

const MINUTE = 60_000;
const DAY = 86_400_000;

/**
 * A zone's UTC offset (minutes) at an instant. Luxon reads it through Intl (≈ 8 µs); a calendar month of an hourly
 * series needs thousands, so offsets are memoized per zone by minute (offsets only change on whole minutes).
 */
interface ZoneOffsets {
  offset(ms: number): number;
}
const zones = new Map<string, ZoneOffsets>();
const MEMO_MAX = 100_000;

function zoneOf(timeZone: string): ZoneOffsets {
  let cached = zones.get(timeZone);
  if (cached) return cached;
  const zone = IANAZone.create(timeZone);
  if (!zone.isValid) throw new RecurrenceError(`Unknown time zone: ${timeZone}`);
  const memo = new Map<number, number>();
  cached = {
    offset(ms) {
      const minute = Math.floor(ms / MINUTE);
      let o = memo.get(minute);
      if (o === undefined) {
        if (memo.size >= MEMO_MAX) memo.clear();
        memo.set(minute, (o = zone.offset(minute * MINUTE)));
      }
      return o;
    },
  };
  zones.set(timeZone, cached);
  return cached;
}

/** The instant of a local wall time in a zone (gap → shifted forward, repeated hour → the first instant). */
export function localToInstant(local: string | Date, timeZone: string): Date {
  const zone = zoneOf(timeZone);
  // Wall time as if it were UTC, to the second.
  const w = Math.floor((typeof local === "string" ? floating(local) : local).getTime() / 1000) * 1000;
  // The offsets a day before and after bound the candidates (zones never change offset twice within two days).
  const before = zone.offset(w - DAY);
  const after = zone.offset(w + DAY);
  const early = w - before * MINUTE;
  if (before === after) return new Date(early);
  const late = w - after * MINUTE;
  const earlyValid = zone.offset(early) === before;
  const lateValid = zone.offset(late) === after;
  // Repeated wall time: both are real, the first wins. Skipped wall time: neither is, and the offset before the
  // gap moves it forward by the gap's length (RFC 5545 §3.3.5).
  if (earlyValid && lateValid) return new Date(Math.min(early, late));
  if (lateValid) return new Date(late);
  return new Date(early);
}

/** The local wall time of an instant in a zone, as a floating Date (UTC fields = wall time). */
function instantToFloating(instant: Date, timeZone: string): Date {
  return new Date(instant.getTime() + zoneOf(timeZone).offset(instant.getTime()) * MINUTE);
}

/** Whole periods a rule repeats on, in floating (wall) milliseconds, where moving DTSTART by them changes nothing. */
const FIXED_PERIOD_MS: Partial<Record<number, number>> = { [RRule.HOURLY]: 3_600_000, [RRule.DAILY]: DAY, [RRule.WEEKLY]: 7 * DAY };

/**
 * `startNear`: a wall time the caller will look from. rrule expands from DTSTART every time (≈ 5 µs an occurrence:
 * an hourly series a year old costs 50 ms a query), so when nothing counts from the start (no COUNT) and the
 * frequency has a fixed length, DTSTART moves forward by whole periods to just before it — the same occurrences.
 */
function buildSet(series: Series, startNear?: Date) {
  const value = normalizeRrule(series.rrule);
  const options = RRule.parseString(value);
  // UNTIL with a Z is an instant: express it as wall time in the zone; without Z it already is wall time.
  if (options.until && /UNTIL=\d{8}T\d{6}Z/.test(value)) options.until = instantToFloating(options.until, series.timeZone);
  // A date alone ("until June 3") includes that whole day, as a person reading it means (RFC 5545 would want a
  // date-time with a date-time DTSTART; calendar apps read it this way too).
  else if (options.until && /UNTIL=\d{8}(;|$)/.test(value)) options.until = new Date(options.until.getTime() + DAY - 1000);
  let dtstart = floating(series.dtstartLocal);
  const unit = options.freq === undefined ? undefined : FIXED_PERIOD_MS[options.freq];
  if (startNear && unit && !options.count) {
    const period = unit * (options.interval ?? 1);
    const periods = Math.floor((startNear.getTime() - dtstart.getTime()) / period) - 1;
    if (periods > 0) dtstart = new Date(dtstart.getTime() + periods * period);
  }
  const set = new RRuleSet();
  set.rrule(new RRule({ ...options, dtstart, tzid: undefined }));
  for (const ex of series.exdatesLocal ?? []) set.exdate(floating(ex));
  return set;
}

/** The first occurrence strictly after `after` (an instant), or null when the series is over. */
export function nextOccurrence(series: Series, after: Date): Date | null {
  return nextFrom(buildSet(series, lookFrom(after, series.timeZone)), series.timeZone, after);
}

/** Where an expansion after `after` starts, in wall time: a few hours early, as offsets differ around a change. */
function lookFrom(after: Date, timeZone: string): Date {
  return new Date(instantToFloating(after, timeZone).getTime() - 4 * 3_600_000);
}

function nextFrom(set: ReturnType<typeof buildSet>, timeZone: string, after: Date): Date | null {
  const series = { timeZone };
  // Start a few hours early in wall time: offsets differ between wall and instant around a change.
  let cursor = lookFrom(after, series.timeZone);
  for (let i = 0; i < 10_000; i++) {
    const o = set.after(cursor, false);
    if (!o) return null;
    const instant = localToInstant(o, series.timeZone);
    if (instant.getTime() > after.getTime()) return instant;
    cursor = o;
  }
  return null;
}

/**
 * Up to `limit` occurrences from `from` (inclusive) to `to` (exclusive), as instants, each once, stepping from
 * DTSTART one occurrence at a time: the plain reading of the rule, which the faster functions are tested against.
 */
export function occurrencesBetween(series: Series, from: Date, to: Date, limit = 1000): Date[] {
  return stepOccurrences(buildSet(series), series.timeZone, from, to, limit);
}

function stepOccurrences(set: ReturnType<typeof buildSet>, timeZone: string, from: Date, to: Date, limit: number): Date[] {
  const series = { timeZone };
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

/**
 * Every occurrence in [from, to), as instants, each once, up to `limit`: one expansion of the rule over the
 * period (a calendar page), where `occurrencesBetween` would restart the expansion for each occurrence.
 */
export function occurrencesInRange(series: Series, from: Date, to: Date, limit = 5000): Date[] {
  // Widen by a few hours in wall time (offsets differ between wall and instant), then keep the exact range.
  const margin = 4 * 3_600_000;
  const start = new Date(instantToFloating(from, series.timeZone).getTime() - margin);
  const locals = buildSet(series, start).between(start, new Date(instantToFloating(to, series.timeZone).getTime() + margin), true);
  const seen = new Set<number>();
  const out: Date[] = [];
  for (const local of locals) {
    const instant = localToInstant(local, series.timeZone);
    const t = instant.getTime();
    if (t < from.getTime() || t >= to.getTime() || seen.has(t)) continue;
    seen.add(t);
    out.push(instant);
    if (out.length >= limit) break;
  }
  return out.sort((a, b) => a.getTime() - b.getTime());
}

/** The first `n` occurrences after `after` (the composer's preview). */
export function firstOccurrences(series: Series, n: number, after = new Date(0)): Date[] {
  return stepOccurrences(buildSet(series, lookFrom(after, series.timeZone)), series.timeZone, after, new Date(8_640_000_000_000_000), n);
}

/** An instant entered as local wall time in a named zone (one-off posts). */
export function publishInstant(local: string, timeZone: string): Date {
  return localToInstant(local, timeZone);
}
