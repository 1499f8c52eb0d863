/**
 * Calendar arithmetic on days of the workspace's zone. A day is a key "YYYY-MM-DD" (a date, not an instant);
 * instants are placed on days with Intl in the zone, so DST never shifts a post to the wrong day.
 */
const partFormats = new Map<string, Intl.DateTimeFormat>();

function parts(d: Date, timeZone: string): Record<string, string> {
  let f = partFormats.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
    partFormats.set(timeZone, f);
  }
  return Object.fromEntries(f.formatToParts(d).map((p) => [p.type, p.value]));
}

/** The day of an instant in a zone. */
export function dayKey(d: Date, timeZone: string): string {
  const p = parts(d, timeZone);
  return `${p.year}-${p.month}-${p.day}`;
}

/** "YYYY-MM-DDTHH:mm": an instant as wall time in a zone (what a datetime-local input shows). */
export function localInput(d: Date, timeZone: string): string {
  const p = parts(d, timeZone);
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}`;
}

export type WallTimeFate = { kind: "ok" } | { kind: "skipped"; actual: string } | { kind: "repeated" };

/**
 * What a wall time ("YYYY-MM-DDTHH:mm", seconds ignored) means in a zone on a day the clocks change: "skipped" when it
 * does not exist (spring: the server moves it forward, to `actual`), "repeated" when it happens twice (autumn: the
 * server takes the first). Same rule as packages/publishing's localToInstant, so the form says what will happen.
 */
export function wallTimeFate(wall: string, timeZone: string): WallTimeFate {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(wall);
  if (!m) return { kind: "ok" };
  const minute = wall.slice(0, 16);
  const floating = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]));
  const offset = (instant: number) => Date.parse(`${localInput(new Date(instant), timeZone)}:00Z`) - Math.floor(instant / 60_000) * 60_000;
  // Zones never change offset twice within two days: the offsets a day either side bound the candidates.
  const before = offset(floating - 86_400_000);
  const after = offset(floating + 86_400_000);
  if (before === after) return { kind: "ok" };
  const valid = [floating - before, floating - after].filter((instant) => localInput(new Date(instant), timeZone) === minute);
  if (valid.length === 0) return { kind: "skipped", actual: localInput(new Date(floating - before), timeZone).slice(11, 16) };
  return valid.length === 2 ? { kind: "repeated" } : { kind: "ok" };
}

const utc = (key: string) => {
  const [y, m, d] = key.split("-").map(Number) as [number, number, number];
  return Date.UTC(y, m - 1, d);
};
const keyOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);

export function addDays(key: string, n: number): string {
  return keyOf(utc(key) + n * 86_400_000);
}

/** A weekday as Date#getUTCDay counts it: 0 Sunday … 6 Saturday. */
export type Weekday = 0 | 1 | 2 | 3 | 4 | 5 | 6;

// Regions whose weeks start on Sunday, Saturday or Friday (CLDR 48's weekData), for browsers without Intl.Locale week
// info (Firefox); every other region starts on Monday. A locale without a region takes its language's usual one.
const SUNDAY_REGIONS = new Set("AG AS BD BR BS BT BW BZ CA CO DM DO ET GT GU HK HN ID IL IN IS JM JP KE KH KR LA MH MM MO MT MX MZ NI NP PA PE PH PK PR PT PY SA SG SV TH TT TW UM US VE VI WS YE ZA ZW".split(" "));
const SATURDAY_REGIONS = new Set("AF BH DJ DZ EG IQ IR JO KW LY OM QA SD SY".split(" "));
const FRIDAY_REGIONS = new Set(["MV"]);
const LANGUAGE_REGIONS: Record<string, string> = { en: "US", fr: "FR", ar: "EG", fa: "IR", he: "IL", ja: "JP", ko: "KR", pt: "BR", hi: "IN" };

type WeekInfo = { firstDay: number };
type LocaleWithWeekInfo = Intl.Locale & { getWeekInfo?: () => WeekInfo; weekInfo?: WeekInfo };

/**
 * The weekday a locale's weeks start on ("en-US" Sunday, "en-GB" and "fr-FR" Monday): Intl.Locale's week info where the
 * browser has it (`getWeekInfo()`, or the older `weekInfo` getter; its firstDay counts 1 Monday … 7 Sunday), else the
 * table above.
 */
export function firstDayOfWeek(locale: string): Weekday {
  let tag: Intl.Locale;
  try {
    tag = new Intl.Locale(locale);
  } catch {
    return 1;
  }
  const withInfo = tag as LocaleWithWeekInfo;
  const firstDay = typeof withInfo.getWeekInfo === "function" ? withInfo.getWeekInfo().firstDay : withInfo.weekInfo?.firstDay;
  if (typeof firstDay === "number" && firstDay >= 1 && firstDay <= 7) return (firstDay % 7) as Weekday;
  return firstDayFromTable(tag);
}

/** The fallback: the locale's region (or its language's usual one) in the table. */
export function firstDayFromTable(locale: string | Intl.Locale): Weekday {
  const tag = typeof locale === "string" ? new Intl.Locale(locale) : locale;
  const region = tag.region ?? LANGUAGE_REGIONS[tag.language] ?? "";
  return SUNDAY_REGIONS.has(region) ? 0 : SATURDAY_REGIONS.has(region) ? 6 : FRIDAY_REGIONS.has(region) ? 5 : 1;
}

/** The first day (`firstDay`: 1 Monday by default) of the key's week. */
export function weekStart(key: string, firstDay: Weekday = 1): string {
  const dow = (new Date(utc(key)).getUTCDay() - firstDay + 7) % 7;
  return addDays(key, -dow);
}

export function addMonths(key: string, n: number): string {
  const d = new Date(utc(key));
  return keyOf(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + n, 1));
}

/** The 7 days of a week view, or the 42 days (6 weeks) of a month view, weeks starting on `firstDay`. */
export function gridDays(view: "week" | "month", anchor: string, firstDay: Weekday = 1): string[] {
  const first = weekStart(view === "week" ? anchor : `${anchor.slice(0, 7)}-01`, firstDay);
  return Array.from({ length: view === "week" ? 7 : 42 }, (_, i) => addDays(first, i));
}

/** Instants bracketing the days (with a margin for any zone offset); rows are then placed by dayKey. */
export function rangeOf(days: string[]): { from: Date; to: Date } {
  return { from: new Date(utc(days[0]!) - 15 * 3_600_000), to: new Date(utc(days[days.length - 1]!) + 86_400_000 + 15 * 3_600_000) };
}

export function dayDate(key: string): Date {
  return new Date(utc(key) + 12 * 3_600_000);
}
