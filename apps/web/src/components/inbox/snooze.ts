import { DateTime } from "luxon";

export type SnoozePreset = "hour" | "tomorrow" | "monday";

/** The hour of the day a snooze to "tomorrow" or "next Monday" wakes at, on the workspace's clock. */
const MORNING = { hour: 9, minute: 0, second: 0, millisecond: 0 };

/**
 * When each snooze preset ends, from `now` in the workspace's time zone: in an hour; tomorrow at 9:00; next Monday at
 * 9:00 (a week on when today is Monday). Calendar arithmetic in the zone, so a DST change in between keeps 9:00.
 */
export function snoozePresets(now: Date, timeZone: string): Record<SnoozePreset, Date> {
  const here = DateTime.fromJSDate(now, { zone: timeZone });
  const local = here.isValid ? here : DateTime.fromJSDate(now, { zone: "UTC" });
  const tomorrow = local.plus({ days: 1 }).set(MORNING);
  // Luxon's weekday: Monday is 1; today being Monday means the next one, 7 days on.
  const monday = local.plus({ days: 8 - local.weekday }).set(MORNING);
  return { hour: new Date(now.getTime() + 3_600_000), tomorrow: tomorrow.toJSDate(), monday: monday.toJSDate() };
}

/** A `datetime-local` input's value, read on the workspace's clock (null when empty or invalid). */
export function fromLocalInput(value: string, timeZone: string): Date | null {
  if (!value) return null;
  const at = DateTime.fromISO(value, { zone: timeZone });
  return at.isValid ? at.toJSDate() : null;
}
