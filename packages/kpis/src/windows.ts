// Fixed 2-hour windows [00–02 … 22–00] on the workspace's wall clock, aligned to local midnight. A boundary is the
// earliest instant whose local time reaches the even hour, so DST days have windows as long as the clock says
// (Paris 02–04: 1 h on the spring day, 3 h on the autumn day). Mirrors sillage.kpi_boundary in migration 0024.
import { DateTime } from "luxon";

export interface KpiWindow {
  start: Date;
  end: Date;
}

/** A local wall-clock reading as a number (its fields read as if UTC): comparable without formatting. */
function wallKey(d: DateTime): number {
  return Date.UTC(d.year, d.month - 1, d.day, d.hour, d.minute);
}

/** The instant a local wall-clock time (the day of `day`, at `hour`; 24 is the next midnight) first happens in `zone`. */
function boundary(zone: string, day: DateTime, hour: number): DateTime {
  const midnight = Date.UTC(day.year, day.month - 1, day.day);
  const wanted = midnight + hour * 3_600_000;
  const w = new Date(wanted);
  // luxon moves a time that does not exist (spring) forward to the instant the clock jumps.
  const local = DateTime.fromObject({ year: w.getUTCFullYear(), month: w.getUTCMonth() + 1, day: w.getUTCDate(), hour: w.getUTCHours() }, { zone });
  let best = local;
  // An ambiguous time (autumn) may resolve to its later instant; the earlier one, 1 h or 30 min before, wins.
  for (const minutes of [60, 30]) {
    const earlier = local.minus({ minutes });
    if (wallKey(earlier) >= wanted && earlier < best) best = earlier;
  }
  return best;
}

/** The window holding `instant` in `zone`. */
export function windowOf(zone: string, instant: Date): KpiWindow {
  const local = DateTime.fromJSDate(instant, { zone });
  const hour = Math.floor(local.hour / 2) * 2;
  return { start: boundary(zone, local, hour).toJSDate(), end: boundary(zone, local, hour + 2).toJSDate() };
}

/** Every window that overlaps [from, to), oldest first. */
export function windowsBetween(zone: string, from: Date, to: Date): KpiWindow[] {
  const out: KpiWindow[] = [];
  let w = windowOf(zone, from);
  while (w.start < to) {
    out.push(w);
    w = windowOf(zone, w.end);
  }
  return out;
}

/** The end of the window running at `now`: when the next "just after a window ends" run is due. */
export function nextWindowEnd(zone: string, now: Date): Date {
  return windowOf(zone, now).end;
}
