// The API's reads: a range of windows (zero-filled, so the chart has every window) and the 48 h summary against D-7.
import { sql, type ScopedDb } from "@sillage/db";
import { DateTime } from "luxon";
import { KPI_METRICS, type KpiMetric } from "./definitions";
import { windowsBetween } from "./windows";

export interface KpiWindowRow {
  windowStart: Date;
  windowEnd: Date;
  /** Minutes the window lasts: 120, or 60 / 180 on DST days. */
  minutes: number;
  messages_count: number;
  comments_count: number;
  turns_count: number;
  frt_p50_seconds: number | null;
  frt_human_p50_seconds: number | null;
  unanswered_turns: number;
  decisions_count: number;
  auto_replies_sent: number;
  auto_reply_rate: number | null;
  escalate_count: number;
  ignored_count: number;
  posts_published: number;
  posts_active: number;
}

/** The most windows one call returns (31 days). */
export const MAX_WINDOWS = 31 * 12 + 2;

export async function workspaceTimeZone(db: ScopedDb, workspaceId: string): Promise<string> {
  const row = await db.selectFrom("workspaces").select("time_zone").where("id", "=", workspaceId).executeTakeFirst();
  return row?.time_zone ?? "Europe/Paris";
}

/**
 * Windows overlapping [from, to) of the workspace total or one channel, oldest first; windows without data are zeros.
 * One statement: the frame of windows comes from the same SQL boundaries as the aggregate (PostgreSQL's zone maths is
 * much cheaper than luxon's for 24+ windows).
 */
export async function listKpiWindows(db: ScopedDb, input: { workspaceId: string; from: Date; to: Date; channelId?: string }): Promise<{ timeZone: string; windows: KpiWindowRow[] }> {
  const channel = input.channelId ? sql`k.channel_id = ${input.channelId}::uuid` : sql`k.channel_id IS NULL`;
  const { rows } = await sql<Omit<KpiWindowRow, "windowStart" | "windowEnd" | "minutes"> & { zone: string; window_start: Date | null; window_end: Date | null }>`
    WITH w AS (SELECT coalesce((SELECT time_zone FROM workspaces WHERE id = ${input.workspaceId}::uuid), 'Europe/Paris') AS zone),
    frame AS (
      SELECT b.window_start, b.window_end
      FROM w
      CROSS JOIN LATERAL generate_series((${input.from}::timestamptz AT TIME ZONE w.zone)::date, (${input.to}::timestamptz AT TIME ZONE w.zone)::date, interval '1 day') g(t)
      CROSS JOIN LATERAL generate_series(0, 22, 2) h(hour)
      CROSS JOIN LATERAL (SELECT sillage.kpi_boundary(g.t::date::timestamp + h.hour * interval '1 hour', w.zone) AS window_start,
                                 sillage.kpi_boundary(g.t::date::timestamp + (h.hour + 2) * interval '1 hour', w.zone) AS window_end) b
      WHERE b.window_end > ${input.from}::timestamptz AND b.window_start < ${input.to}::timestamptz
    )
    SELECT w.zone, f.window_start, f.window_end,
      coalesce(k.messages_count, 0) AS messages_count, coalesce(k.comments_count, 0) AS comments_count,
      coalesce(k.turns_count, 0) AS turns_count, k.frt_p50_seconds, k.frt_human_p50_seconds,
      coalesce(k.unanswered_turns, 0) AS unanswered_turns, coalesce(k.decisions_count, 0) AS decisions_count,
      coalesce(k.auto_replies_sent, 0) AS auto_replies_sent, k.auto_reply_rate, coalesce(k.escalate_count, 0) AS escalate_count,
      coalesce(k.ignored_count, 0) AS ignored_count, coalesce(k.posts_published, 0) AS posts_published, coalesce(k.posts_active, 0) AS posts_active
    FROM w LEFT JOIN frame f ON true
    LEFT JOIN kpi_windows k ON k.workspace_id = ${input.workspaceId}::uuid AND ${channel} AND k.window_start = f.window_start
    ORDER BY f.window_start`.execute(db);
  const timeZone = rows[0]?.zone ?? "Europe/Paris";
  const windows = rows
    .filter((r) => r.window_start && r.window_end)
    .map(({ zone: _zone, window_start, window_end, ...m }) => ({
      ...m,
      windowStart: window_start!,
      windowEnd: window_end!,
      minutes: Math.round((window_end!.getTime() - window_start!.getTime()) / 60_000),
    }));
  return { timeZone, windows };
}

export type KpiTotals = Record<KpiMetric, number | null>;

export interface KpiSummary {
  timeZone: string;
  current: { from: Date; to: Date; values: KpiTotals };
  previous: { from: Date; to: Date; values: KpiTotals };
  /** Current minus previous, per metric (null when either side has no value). */
  delta: Record<KpiMetric, number | null>;
}

/**
 * The last 48 hours — the 24 windows ending where the running window starts — against the same wall-clock hours
 * 7 days earlier (D-7). Medians are medians of every turn of the period (the windows keep their samples), the rate
 * is replies sent over decisions of the period, counts are sums.
 */
export async function kpiSummary(db: ScopedDb, input: { workspaceId: string; now: Date; channelId?: string }): Promise<KpiSummary> {
  const timeZone = await workspaceTimeZone(db, input.workspaceId);
  const end = windowsBetween(timeZone, input.now, new Date(input.now.getTime() + 1))[0]!.start;
  const local = DateTime.fromJSDate(end, { zone: timeZone });
  const start = local.minus({ hours: 48 }).toJSDate();
  const prevEnd = local.minus({ days: 7 }).toJSDate();
  const prevStart = local.minus({ days: 7 }).minus({ hours: 48 }).toJSDate();
  const channel = input.channelId ? sql`channel_id = ${input.channelId}::uuid` : sql`channel_id IS NULL`;
  const { rows } = await sql<{ period: "current" | "previous" } & Record<string, number | null>>`
    SELECT p.period,
      coalesce(sum(k.messages_count), 0)::int AS messages_count, coalesce(sum(k.comments_count), 0)::int AS comments_count,
      (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY v) FROM kpi_windows k2 CROSS JOIN LATERAL unnest(k2.frt_samples) v
        WHERE k2.workspace_id = ${input.workspaceId}::uuid AND ${channel} AND k2.window_start >= p.since AND k2.window_start < p.until)::real AS frt_p50_seconds,
      coalesce(sum(k.unanswered_turns), 0)::int AS unanswered_turns,
      coalesce(sum(k.decisions_count), 0)::int AS decisions_count, coalesce(sum(k.auto_replies_sent), 0)::int AS auto_replies_sent,
      coalesce(sum(k.escalate_count), 0)::int AS escalate_count, coalesce(sum(k.ignored_count), 0)::int AS ignored_count,
      coalesce(sum(k.posts_published), 0)::int AS posts_published, coalesce(sum(k.posts_active), 0)::int AS posts_active,
      (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY v) FROM kpi_windows k2 CROSS JOIN LATERAL unnest(k2.frt_human_samples) v
        WHERE k2.workspace_id = ${input.workspaceId}::uuid AND ${channel} AND k2.window_start >= p.since AND k2.window_start < p.until)::real AS frt_human_p50_seconds
    FROM (VALUES ('current', ${start}::timestamptz, ${end}::timestamptz), ('previous', ${prevStart}::timestamptz, ${prevEnd}::timestamptz)) AS p(period, since, until)
    LEFT JOIN kpi_windows k ON k.workspace_id = ${input.workspaceId}::uuid AND ${channel}
      AND k.window_start >= p.since AND k.window_start < p.until
    GROUP BY p.period, p.since, p.until`.execute(db);
  const totals = (period: "current" | "previous"): KpiTotals => {
    const r = rows.find((x) => x.period === period)!;
    const decisions = Number(r.decisions_count ?? 0);
    const out = {} as KpiTotals;
    for (const m of KPI_METRICS) out[m] = m === "auto_reply_rate" ? (decisions > 0 ? Number(r.auto_replies_sent) / decisions : null) : (r[m] as number | null);
    return out;
  };
  const current = totals("current");
  const previous = totals("previous");
  const delta = {} as Record<KpiMetric, number | null>;
  for (const m of KPI_METRICS) delta[m] = current[m] == null || previous[m] == null ? null : current[m]! - previous[m]!;
  return { timeZone, current: { from: start, to: end, values: current }, previous: { from: prevStart, to: prevEnd, values: previous }, delta };
}
