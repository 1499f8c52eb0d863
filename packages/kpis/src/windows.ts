// Fixed 2-hour windows [00–02 … 22–00] on the workspace's wall clock, aligned to local midnight. A boundary is the
// earliest instant whose local time reaches the even hour, so DST days have windows as long as the clock says
// (Paris 02–04: 1 h on the spring day, 3 h on the autumn day). Mirrors sillage.kpi_boundary in migration 0024.
import { DateTime } from "luxon";

export interface KpiWindow {
  start: Date;
  end: Date;
}

/** The instant a local wall-clock time (year, month, day, hour) first happens in `zone`. */
function boundary(zone: string, day: DateTime, hour: number): DateTime {
  const wanted = day.set({ hour: 0, minute: 0, second: 0, millisecond: 0 }).plus({ hours: 0 });
  const target = { year: wanted.year, month: wanted.month, day: wanted.day, hour };
  // hour 24 is the next day's midnight.
  const local = hour === 24 ? DateTime.fromObject({ year: wanted.year, month: wanted.month, day: wanted.day }, { zone }).plus({ days: 1 }).startOf("day") : DateTime.fromObject(target, { zone });
  const wall = (d: DateTime) => d.setZone(zone).toFormat("yyyy-MM-dd HH:mm");
  const wantedWall = hour === 24 ? local.toFormat("yyyy-MM-dd HH:mm") : DateTime.fromObject(target, { zone: "UTC" }).toFormat("yyyy-MM-dd HH:mm");
  let best = local;
  // An ambiguous time (autumn) may resolve to its later instant; the earlier one, 1 h or 30 min before, wins.
  for (const minutes of [60, 30]) {
    const earlier = local.minus({ minutes });
    if (wall(earlier) >= wantedWall && earlier < best) best = earlier;
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
