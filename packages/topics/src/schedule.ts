/**
 * When the daily clustering runs: 03:00 in the workspace's own zone (graphile-worker's cron is UTC, so an hourly
 * tick asks each workspace whether its local 03:00 of today has passed without a run). DST-safe through luxon:
 * on a day when 03:00 does not exist locally, luxon moves it forward and the run follows.
 */
import { DateTime } from "luxon";

export const RUN_HOUR = 3;

/** Today's local date ("2026-12-02") when its 03:00 has passed in `timeZone`, else null (not due yet today). */
export function dueRunDate(now: Date, timeZone: string): string | null {
  const local = DateTime.fromJSDate(now, { zone: timeZone });
  const runAt = local.startOf("day").set({ hour: RUN_HOUR });
  return local >= runAt ? local.toISODate() : null;
}

/** The instant of a run: 03:00 on `runDate` in `timeZone`. */
export function runInstant(runDate: string, timeZone: string): Date {
  return DateTime.fromISO(runDate, { zone: timeZone }).set({ hour: RUN_HOUR }).toJSDate();
}

/** The next local 03:00 strictly after `now` (what the empty state announces). */
export function nextRunAt(now: Date, timeZone: string): Date {
  const local = DateTime.fromJSDate(now, { zone: timeZone });
  let runAt = local.startOf("day").set({ hour: RUN_HOUR });
  if (runAt <= local) runAt = local.plus({ days: 1 }).startOf("day").set({ hour: RUN_HOUR });
  return runAt.toJSDate();
}

/** The day before (for the 24 h trend) or a week before (7 d) a run date. */
export function shiftDate(runDate: string, days: number): string {
  return DateTime.fromISO(runDate, { zone: "UTC" }).plus({ days }).toISODate()!;
}
