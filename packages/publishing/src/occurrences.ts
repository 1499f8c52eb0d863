/**
 * When a post goes out: one instant, or the occurrences of an RRULE series in its own time zone.
 *
 * A series is kept as wall-clock time (RFC 5545 "local time with a TZID"): DTSTART is a local date-time in the
 * post's zone and the rule is expanded in that local time ("floating"); each local occurrence is then placed in the
 * zone. What that means on the two days a year the clocks change, by frequency:
 * - DAILY, WEEKLY, MONTHLY, YEARLY keep wall-clock times: 09:00 stays 09:00 on both sides of a change. A time skipped
 *   in spring (02:30 in Paris on the last Sunday of March) moves forward by the gap, as RFC 5545 §3.3.5 says
 *   (02:30 → 03:30); a time repeated in autumn (02:30 on the last Sunday of October) runs once, at the first instant.
 * - HOURLY follows real hours: a local hour repeated in autumn is lived twice and the series runs in each (a plain
 *   hourly series posts every elapsed hour, 02:00 summer time then 02:00 winter time); a skipped hour moves forward
 *   and, landing on the next occurrence, runs once. BYHOUR, BYDAY… still select local hours and days.
 * - Faster than hourly is refused, on the occurrences themselves (posts at least MIN_SPACING_MS apart), not on FREQ.
 * COUNT counts the posts (instants); EXDATEs (wall times) are removed after COUNT, as RFC 5545 says.
 *
 * Every expansion is bounded (see `walk`): a rule that never matches (31 February, hours its interval never reaches)
 * is refused with a field error when saved, and a series whose next occurrence lies beyond the horizon (HORIZON_YEARS,
 * HOURLY_HORIZON_YEARS for an hourly rule) is over.
 */
import { DateTime, IANAZone } from "luxon";
import * as rruleNs from "rrule";
import { z } from "zod";
import { postContentSchema, type PostContent } from "./content";

// rrule ships CommonJS to Node (its classes sit on the default export there) and ESM to bundlers.
const { RRule } = (rruleNs as unknown as { default?: typeof rruleNs }).default ?? rruleNs;

/** A local date-time without zone, to the minute or second: `2026-03-29T09:00` or `2026-03-29T09:00:00`. */
export const localDateTimeSchema = z
  .string()
  .max(19)
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/, "A local date and time such as 2026-03-29T09:00")
  // `params.code`: the API's field-issue code (@sillage/api error-codes), worded by the SPA in the reader's language.
  .refine((s) => DateTime.fromISO(s, { zone: "UTC" }).isValid, { message: "Not a valid date", params: { code: "date_invalid" } });

export interface Series {
  /** RFC 5545 RRULE value without DTSTART (`FREQ=DAILY;COUNT=10`); a leading `RRULE:` is accepted. */
  rrule: string;
  /** DTSTART as local wall time in `timeZone`. */
  dtstartLocal: string;
  timeZone: string;
  /** Excluded occurrences, as local wall times. */
  exdatesLocal?: string[];
  /**
   * Occurrences moved to another time (one occurrence changed, not the series): the rule's `occurrence` is left out
   * like an EXDATE (after COUNT, so it still counts once) and goes out at `at` instead; both local wall times.
   */
  overrides?: OccurrenceOverride[];
}

export interface OccurrenceOverride {
  occurrence: string;
  at: string;
  /** What this one occurrence says instead of the post's content (checked like a post's content when saved). */
  content?: PostContent;
}

export const occurrenceOverrideSchema = z.object({ occurrence: localDateTimeSchema, at: localDateTimeSchema, content: postContentSchema.optional() });

export class RecurrenceError extends Error {}

/**
 * How far ahead a rule is read: a rule with no occurrence within it is refused, a series whose next one is further
 * is over. An hourly rule is stepped hour by hour (≈ 15 µs a step when nothing matches), so it gets a year.
 */
export const HORIZON_YEARS = 5;
export const HOURLY_HORIZON_YEARS = 1;
/** Posts of one series are at least this far apart (checked on the occurrences themselves, not only on FREQ). */
export const MIN_SPACING_MS = 3_600_000;
/** A series has at most this many occurrences (COUNT): a COUNT series is expanded from its start every time. */
export const MAX_COUNT = 10_000;
/** A series starts no earlier than this year (a monthly or yearly rule is expanded from its start every time). */
export const EARLIEST_START_YEAR = 2000;
/** Safety nets of one expansion, never reached by an accepted rule: periods rrule may step through, and wall time. */
const MAX_PERIODS = 100_000;
const EXPANSION_DEADLINE_MS = 2_000;
/** Occurrences whose spacing is checked when a series is saved or previewed. */
const SPACING_SAMPLE = 50;

const FREQS = ["YEARLY", "MONTHLY", "WEEKLY", "DAILY", "HOURLY"];
const WEEKDAY = /^(MO|TU|WE|TH|FR|SA|SU)$/;

/** Each item a whole number in [min, max]; `signed`: ±1…max (counting from the end), never 0. */
function numberList(v: string, min: number, max: number, signed = false): boolean {
  return v.split(",").every((item) => {
    if (!(signed ? /^[+-]?\d{1,6}$/ : /^\+?\d{1,6}$/).test(item)) return false;
    const n = Number(item);
    return signed ? n !== 0 && Math.abs(n) <= max : n >= min && n <= max;
  });
}

/** What each part of a rule may hold, with the message when it does not (RFC 5545 §3.3.10, the parts Sillage runs). */
const PARTS: Record<string, [(v: string) => boolean, string]> = {
  INTERVAL: [(v) => numberList(v, 1, 100_000) && !v.includes(","), "INTERVAL must be a whole number of at least 1"],
  COUNT: [(v) => numberList(v, 1, MAX_COUNT) && !v.includes(","), `COUNT must be from 1 to ${MAX_COUNT.toLocaleString("en")}: a series has at most that many posts`],
  UNTIL: [(v) => /^\d{8}(T\d{6}Z?)?$/.test(v) && DateTime.fromFormat(v.slice(0, 8), "yyyyMMdd").isValid, "UNTIL must be a date such as 20261231 or 20261231T235959"],
  WKST: [(v) => WEEKDAY.test(v), "WKST must be a weekday (MO, TU, WE, TH, FR, SA or SU)"],
  BYSETPOS: [(v) => numberList(v, 1, 366, true), "BYSETPOS must list positions from 1 to 366 (or -1 to -366 from the end)"],
  BYMONTH: [(v) => numberList(v, 1, 12), "BYMONTH must list months from 1 to 12"],
  BYMONTHDAY: [(v) => numberList(v, 1, 31, true), "BYMONTHDAY must list days from 1 to 31 (or -1 to -31 from the end of the month)"],
  BYYEARDAY: [(v) => numberList(v, 1, 366, true), "BYYEARDAY must list days of the year from 1 to 366 (or -1 to -366)"],
  BYWEEKNO: [(v) => numberList(v, 1, 53, true), "BYWEEKNO must list weeks from 1 to 53 (or -1 to -53)"],
  BYDAY: [
    (v) => v.split(",").every((d) => { const m = /^([+-]?\d{1,2})?([A-Z]{2})$/.exec(d); return Boolean(m && WEEKDAY.test(m[2]!) && (!m[1] || (Number(m[1]) !== 0 && Math.abs(Number(m[1])) <= 53))); }),
    "BYDAY must list weekdays (MO, TU, WE, TH, FR, SA, SU), optionally numbered (1MO: the first Monday, -1FR: the last Friday)",
  ],
  BYHOUR: [(v) => numberList(v, 0, 23), "BYHOUR must list hours from 0 to 23"],
  // More than one minute or second puts two posts within the same hour.
  BYMINUTE: [(v) => numberList(v, 0, 59) && !v.includes(","), "Posts can repeat at most every hour: give one minute at most (BYMINUTE)"],
  BYSECOND: [(v) => numberList(v, 0, 59) && !v.includes(","), "Posts can repeat at most every hour: give one second at most (BYSECOND)"],
};

/** Normalizes and checks an RRULE value; throws RecurrenceError with a message a person can act on. */
export function normalizeRrule(rrule: string): string {
  const value = rrule.trim().replace(/^RRULE:/i, "").toUpperCase();
  if (!value) throw new RecurrenceError("The recurrence rule is empty");
  if (/DTSTART|\n/.test(value)) throw new RecurrenceError("Give the start date separately, not inside the rule");
  const parts = new Map<string, string>();
  for (const p of value.split(";")) {
    const [k, v, ...rest] = p.split("=");
    if (!k || !v || rest.length) throw new RecurrenceError(`Cannot read "${p}" in the rule: each part is NAME=VALUE`);
    if (parts.has(k)) throw new RecurrenceError(`${k} is given twice in the rule`);
    parts.set(k, v);
  }
  const freq = parts.get("FREQ");
  if (!freq) throw new RecurrenceError("The rule needs a frequency (FREQ=DAILY, WEEKLY…)");
  if (freq === "MINUTELY" || freq === "SECONDLY") throw new RecurrenceError("Posts can repeat at most every hour");
  if (!FREQS.includes(freq)) throw new RecurrenceError(`Unknown frequency "${freq}": use HOURLY, DAILY, WEEKLY, MONTHLY or YEARLY`);
  for (const [k, v] of parts) {
    if (k === "FREQ") continue;
    const check = PARTS[k];
    if (!check) throw new RecurrenceError(`Unknown part "${k}" in the rule`);
    if (!check[0](v)) throw new RecurrenceError(check[1]);
  }
  if (parts.has("COUNT") && parts.has("UNTIL")) throw new RecurrenceError("Use either COUNT or UNTIL, not both");
  // An hourly period holds one time (one minute, one second): a position in it means nothing, and costs a full scan.
  if (freq === "HOURLY" && parts.has("BYSETPOS")) throw new RecurrenceError("BYSETPOS has no meaning in an hourly rule: use BYHOUR to choose hours");
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

/**
 * The instants of a local wall time in a zone: one, or two for a time an autumn change repeats (earliest first). A
 * time a spring change skips is read with the offset before the gap: it moves forward by the gap's length (RFC 5545
 * §3.3.5).
 */
function instantsOf(local: Date, timeZone: string): number[] {
  const zone = zoneOf(timeZone);
  // Wall time as if it were UTC, to the second.
  const w = Math.floor(local.getTime() / 1000) * 1000;
  // The offsets a day before and after bound the candidates (zones never change offset twice within two days).
  const before = zone.offset(w - DAY);
  const after = zone.offset(w + DAY);
  const early = w - before * MINUTE;
  if (before === after) return [early];
  const late = w - after * MINUTE;
  const earlyValid = zone.offset(early) === before;
  const lateValid = zone.offset(late) === after;
  if (earlyValid && lateValid) return early < late ? [early, late] : [late, early];
  if (lateValid) return [late];
  return [early];
}

/** The instant of a local wall time in a zone (gap → shifted forward, repeated hour → the first instant). */
export function localToInstant(local: string | Date, timeZone: string): Date {
  return new Date(instantsOf(typeof local === "string" ? floating(local) : local, timeZone)[0]!);
}

/** The local wall time of an instant in a zone, as a floating Date (UTC fields = wall time). */
function instantToFloating(instant: Date, timeZone: string): Date {
  return new Date(instant.getTime() + zoneOf(timeZone).offset(instant.getTime()) * MINUTE);
}

/** Whole periods a rule repeats on, in floating (wall) milliseconds, where moving DTSTART by them changes nothing. */
const FIXED_PERIOD_MS: Partial<Record<number, number>> = { [RRule.HOURLY]: 3_600_000, [RRule.DAILY]: DAY, [RRule.WEEKLY]: 7 * DAY };
/** The shortest step rrule's loop takes for a frequency (a month has at least 28 days, a year 365). */
const MIN_STEP_MS: Record<number, number> = { [RRule.HOURLY]: 3_600_000, [RRule.DAILY]: DAY, [RRule.WEEKLY]: 7 * DAY, [RRule.MONTHLY]: 28 * DAY, [RRule.YEARLY]: 365 * DAY };
const horizonYears = (rule: Rule) => (rule.hourly ? HOURLY_HORIZON_YEARS : HORIZON_YEARS);
const plural = (n: number, one: string) => (n === 1 ? `the next ${one}` : `the next ${n} ${one}s`);

type RuleOptions = ReturnType<typeof RRule.parseString>;

/** A series read once: rrule's options without COUNT (counted here, on instants), DTSTART and EXDATEs as wall time. */
interface Rule {
  options: RuleOptions;
  dtstart: Date;
  count: number | null;
  /** HOURLY follows real hours: a wall time repeated in autumn runs at both instants. */
  hourly: boolean;
  exdates: Set<number>;
  /** Where moved occurrences go out, as instants, sorted. */
  moved: number[];
  timeZone: string;
}

const asList = (v: number | number[] | null | undefined): number[] => (v === null || v === undefined ? [] : Array.isArray(v) ? v : [v]);
const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));
const hh = (h: number) => `${String(h).padStart(2, "0")}:00`;

function readRule(series: Series): Rule {
  const value = normalizeRrule(series.rrule);
  const options = RRule.parseString(value);
  // UNTIL with a Z is an instant: express it as wall time in the zone; without Z it already is wall time.
  if (options.until && /UNTIL=\d{8}T\d{6}Z/.test(value)) options.until = instantToFloating(options.until, series.timeZone);
  // A date alone ("until June 3") includes that whole day, as a person reading it means (RFC 5545 would want a
  // date-time with a date-time DTSTART; calendar apps read it this way too).
  else if (options.until && /UNTIL=\d{8}(;|$)/.test(value)) options.until = new Date(options.until.getTime() + DAY - 1000);
  const dtstart = floating(series.dtstartLocal);
  zoneOf(series.timeZone);
  const count = options.count ?? null;
  delete options.count;
  // rrule steps an hourly rule hour by hour until the hour is one of BYHOUR, with no other way out: hours it can
  // never reach from DTSTART (every 3 hours from 10:00 never lands on 09:00) would loop for ever.
  const byhour = asList(options.byhour);
  if (options.freq === RRule.HOURLY && byhour.length) {
    const step = gcd(options.interval ?? 1, 24);
    const start = dtstart.getUTCHours();
    if (!byhour.some((h) => (((h - start) % step) + step) % step === 0)) {
      throw new RecurrenceError(`Every ${options.interval} hours from ${hh(start)} never reaches ${byhour.map(hh).join(", ")}: change the start time, the interval or the hours`);
    }
  }
  const overrides = series.overrides ?? [];
  const exdates = new Set([...(series.exdatesLocal ?? []), ...overrides.map((o) => o.occurrence)].map((x) => floating(x).getTime()));
  const moved = [...new Set(overrides.map((o) => localToInstant(o.at, series.timeZone).getTime()))].sort((a, b) => a - b);
  return { options, dtstart, count, hourly: options.freq === RRule.HOURLY, exdates, moved, timeZone: series.timeZone };
}

// Thrown from inside rrule's loop (see `walk`) and caught there.
const PAST_WINDOW = Symbol("past the window");
const TOO_LONG = Symbol("too many periods");

/**
 * Calls `visit` with each wall-time occurrence of the rule from `fromWall` to `toWall` (inclusive), in order,
 * until it returns false. `startNear`: DTSTART moves forward by whole periods to just before it when nothing counts
 * from the start (no COUNT) and the frequency has a fixed length — the same occurrences, fewer steps.
 *
 * Bounded whatever the rule: rrule checks UNTIL only against occurrences it finds, so a rule that finds none (31
 * February, days its interval never visits) would step on to the year 9999. rrule reads `options.interval` once
 * per step, so a getter counts the steps and ends the loop once enough of them to pass `toWall` were taken (the
 * shortest step of the frequency), and throws past MAX_PERIODS or EXPANSION_DEADLINE_MS (never reached by a rule
 * that was accepted).
 */
function walk(rule: Rule, fromWall: Date, toWall: Date, visit: (wall: Date) => boolean, startNear?: Date): void {
  const freq = rule.options.freq!;
  let dtstart = rule.dtstart;
  const unit = FIXED_PERIOD_MS[freq];
  if (startNear && unit && rule.count === null) {
    const period = unit * (rule.options.interval ?? 1);
    const periods = Math.floor((startNear.getTime() - dtstart.getTime()) / period) - 1;
    if (periods > 0) dtstart = new Date(dtstart.getTime() + periods * period);
  }
  if (toWall.getTime() < dtstart.getTime()) return;
  const until = rule.options.until && rule.options.until.getTime() < toWall.getTime() ? rule.options.until : toWall;
  const rr = new RRule({ ...rule.options, dtstart, until, tzid: undefined }, true);
  const interval = rr.options.interval;
  const steps = Math.ceil((until.getTime() - dtstart.getTime()) / (MIN_STEP_MS[freq]! * interval)) + 3;
  // Two reads a step (the loop's check, then the step itself), one at the start.
  const reads = 2 * Math.min(steps, MAX_PERIODS) + 1;
  const deadline = performance.now() + EXPANSION_DEADLINE_MS;
  let n = 0;
  let seen = 0;
  const overTime = (i: number) => (i & 255) === 0 && performance.now() > deadline;
  Object.defineProperty(rr.options, "interval", {
    get() {
      if (++n > reads) throw steps > MAX_PERIODS ? TOO_LONG : PAST_WINDOW;
      if (overTime(n)) throw TOO_LONG;
      return interval;
    },
  });
  try {
    rr.between(fromWall, until, true, (d) => {
      if (overTime(++seen)) throw TOO_LONG;
      return visit(d);
    });
  } catch (err) {
    if (err === PAST_WINDOW) return;
    if (err === TOO_LONG) throw new RecurrenceError("This rule is too complex to compute: simplify its days and hours");
    throw err;
  }
}

/**
 * Each occurrence from `fromWall` to `toWall` as an instant, in order and once, until `visit` returns false: wall
 * times placed in the zone (HOURLY: both instants of a repeated hour), COUNT counted on those instants, EXDATEs
 * (wall times) removed after COUNT as RFC 5545 says.
 */
function eachInstant(rule: Rule, fromWall: Date, toWall: Date, visit: (instant: Date) => boolean, startNear?: Date): void {
  let counted = 0;
  let last = -Infinity;
  walk(
    rule,
    rule.count === null ? fromWall : rule.dtstart,
    toWall,
    (wall) => {
      const excluded = rule.exdates.has(wall.getTime());
      const instants = instantsOf(wall, rule.timeZone);
      for (const t of rule.hourly ? instants : instants.slice(0, 1)) {
        // A time skipped in spring lands on the next occurrence: it goes out once.
        if (t <= last) continue;
        last = t;
        if (rule.count !== null && ++counted > rule.count) return false;
        if (excluded || wall.getTime() < fromWall.getTime()) continue;
        if (!visit(new Date(t))) return false;
      }
      return true;
    },
    startNear,
  );
}

/** Where an expansion after `after` starts, in wall time: a few hours early, as offsets differ around a change. */
function lookFrom(after: Date, timeZone: string): Date {
  return new Date(instantToFloating(after, timeZone).getTime() - 4 * 3_600_000);
}

/** The end of the horizon seen from `after` (or from DTSTART when the series starts later). */
function horizonEnd(rule: Rule, after: Date): Date {
  return new Date(Math.max(instantToFloating(after, rule.timeZone).getTime(), rule.dtstart.getTime()) + horizonYears(rule) * 365.25 * DAY);
}

/** Up to `limit` occurrences strictly after `after` within the horizon. `move`: let DTSTART move near `after`. */
function occurrencesAfter(rule: Rule, after: Date, limit: number, move = true): Date[] {
  const out: Date[] = [];
  const from = lookFrom(after, rule.timeZone);
  eachInstant(rule, from, horizonEnd(rule, after), (instant) => {
    if (instant.getTime() > after.getTime()) out.push(instant);
    return out.length < limit;
  }, move ? from : undefined);
  return withMoved(rule, out, (t) => t > after.getTime(), limit);
}

/**
 * Adds the moved occurrences that `keep` accepts to occurrences of the rule, in order, each instant once, at most
 * `limit`. A moved occurrence past the rule's last one still goes out: it replaces one the rule had.
 */
function withMoved(rule: Rule, out: Date[], keep: (t: number) => boolean, limit: number): Date[] {
  const extra = rule.moved.filter(keep);
  if (!extra.length) return out;
  const all = [...new Set([...out.map((d) => d.getTime()), ...extra])].sort((a, b) => a - b);
  return all.slice(0, limit).map((t) => new Date(t));
}

/** The first occurrence strictly after `after` (an instant), or null when the series is over (none within the horizon). */
export function nextOccurrence(series: Series, after: Date): Date | null {
  return occurrencesAfter(readRule(series), after, 1)[0] ?? null;
}

/**
 * Up to `limit` occurrences from `from` (inclusive) to `to` (exclusive), as instants, each once, expanding from
 * DTSTART without moving it: the plain reading of the rule, which the faster functions are tested against.
 */
export function occurrencesBetween(series: Series, from: Date, to: Date, limit = 1000): Date[] {
  const rule = readRule(series);
  const out: Date[] = [];
  eachInstant(rule, lookFrom(from, series.timeZone), new Date(instantToFloating(to, series.timeZone).getTime() + 4 * 3_600_000), (instant) => {
    if (instant.getTime() >= to.getTime()) return false;
    if (instant.getTime() >= from.getTime()) out.push(instant);
    return out.length < limit;
  });
  return withMoved(rule, out, (t) => t >= from.getTime() && t < to.getTime(), limit);
}

/**
 * Every occurrence in [from, to), as instants, each once, up to `limit`: one expansion of the rule over the
 * period (a calendar page).
 */
export function occurrencesInRange(series: Series, from: Date, to: Date, limit = 5000): Date[] {
  const rule = readRule(series);
  // Widen by a few hours in wall time (offsets differ between wall and instant), then keep the exact range.
  const margin = 4 * 3_600_000;
  const start = new Date(instantToFloating(from, series.timeZone).getTime() - margin);
  const out: Date[] = [];
  eachInstant(rule, start, new Date(instantToFloating(to, series.timeZone).getTime() + margin), (instant) => {
    const t = instant.getTime();
    if (t >= from.getTime() && t < to.getTime()) out.push(instant);
    return out.length < limit;
  }, start);
  return withMoved(rule, out.sort((a, b) => a.getTime() - b.getTime()), (t) => t >= from.getTime() && t < to.getTime(), limit);
}

/** The first `n` occurrences from `after` on, inclusive (the composer's preview). */
export function firstOccurrences(series: Series, n: number, after = new Date(0)): Date[] {
  return occurrencesAfter(readRule(series), new Date(after.getTime() - 1), n);
}

/**
 * Checks a series before it is saved or previewed, with messages a person can act on: a start after
 * EARLIEST_START_YEAR, at least one occurrence after `now` within the horizon, and posts at least an hour apart on
 * the actual occurrences (a sample of the next ones), whatever FREQ says.
 */
export function checkSeries(series: Series, now: Date): void {
  const rule = readRule(series);
  if (rule.dtstart.getUTCFullYear() < EARLIEST_START_YEAR) throw new RecurrenceError(`Choose a first date in ${EARLIEST_START_YEAR} or later`);
  const sample = occurrencesAfter(rule, new Date(now.getTime() - 1000), SPACING_SAMPLE);
  if (!sample.length) {
    throw new RecurrenceError(
      rule.count !== null || rule.options.until
        ? "This recurrence has no occurrence in the future"
        : `This rule gives no date in ${plural(horizonYears(rule), "year")}: check that its days, months and hours can meet`,
    );
  }
  for (let i = 1; i < sample.length; i++) {
    const gap = sample[i]!.getTime() - sample[i - 1]!.getTime();
    if (gap < MIN_SPACING_MS) {
      const at = DateTime.fromJSDate(sample[i - 1]!, { zone: series.timeZone }).toFormat("yyyy-MM-dd HH:mm");
      throw new RecurrenceError(`Posts can repeat at most every hour: this rule gives two posts ${Math.round(gap / 60_000)} minutes apart (${at})`);
    }
  }
}

/** The local wall time of an instant in a zone, to the second (`2026-03-29T09:00:00`). */
export function instantToLocal(instant: Date, timeZone: string): string {
  return instantToFloating(instant, timeZone).toISOString().slice(0, 19);
}

/** Whether an instant is one of the rule's own occurrences (not a moved one): what a person may skip or move. */
export function isRuleOccurrence(series: Series, instant: Date): boolean {
  const plain = { ...series, overrides: [] };
  return occurrencesBetween(plain, instant, new Date(instant.getTime() + 1000), 1).some((d) => d.getTime() === instant.getTime());
}

/** An instant entered as local wall time in a named zone (one-off posts). */
export function publishInstant(local: string, timeZone: string): Date {
  return localToInstant(local, timeZone);
}
