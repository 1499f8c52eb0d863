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

/** Monday of the key's week. */
export function weekStart(key: string): string {
  const dow = (new Date(utc(key)).getUTCDay() + 6) % 7;
  return addDays(key, -dow);
}

export function addMonths(key: string, n: number): string {
  const d = new Date(utc(key));
  return keyOf(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + n, 1));
}

/** The 7 days of a week view, or the 42 days (6 weeks from Monday) of a month view. */
export function gridDays(view: "week" | "month", anchor: string): string[] {
  const first = view === "week" ? weekStart(anchor) : weekStart(`${anchor.slice(0, 7)}-01`);
  return Array.from({ length: view === "week" ? 7 : 42 }, (_, i) => addDays(first, i));
}

/** Instants bracketing the days (with a margin for any zone offset); rows are then placed by dayKey. */
export function rangeOf(days: string[]): { from: Date; to: Date } {
  return { from: new Date(utc(days[0]!) - 15 * 3_600_000), to: new Date(utc(days[days.length - 1]!) + 86_400_000 + 15 * 3_600_000) };
}

export function dayDate(key: string): Date {
  return new Date(utc(key) + 12 * 3_600_000);
}
