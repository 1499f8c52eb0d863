// Demo mode: a week of plausible history, so /analytics has a D-7 to compare with on the first visit. Written straight
// into kpi_windows (figures, not fake messages: the inbox would show them), for windows that ended before `now`;
// never over a window the aggregate already wrote (ON CONFLICT DO NOTHING). A backfill over those days replaces them
// with what the source tables say.
import { sql, type Database, type ScopedDb } from "@sillage/db";

/** Days of history: the 48 h shown and their D-7 need nine. */
export const DEMO_HISTORY_DAYS = 9;

export async function seedDemoKpiHistory(db: Database, workspaceId: string, now: Date): Promise<number> {
  return db.transaction().execute(async (trx) => {
  // As for the aggregate: JIT would compile far longer than this runs.
  await sql`SET LOCAL jit = off`.execute(trx);
  await followReplacedChannels(trx, workspaceId, now);
  const { rows } = await sql<{ n: number }>`
    WITH ws AS (SELECT id, time_zone AS zone FROM workspaces WHERE id = ${workspaceId}::uuid),
    chans AS (
      -- Connected channels share the traffic: WhatsApp carries more messages, Instagram all comments and posts.
      SELECT c.id, c.platform, CASE WHEN c.platform = 'whatsapp' THEN 0.6 ELSE 0.4 END AS share
      FROM channels c WHERE c.workspace_id = ${workspaceId}::uuid AND c.status <> 'disconnected'
    ),
    frame AS (
      SELECT ws.id AS workspace_id, ws.zone, b.window_start, b.window_end, h.hour,
        extract(isodow FROM d.day) AS dow,
        -- A stable pseudo-random number per window (same figures on every seed).
        ('x' || substr(md5(ws.id::text || b.window_start::text), 1, 8))::bit(32)::int::numeric / 2147483647.0 AS r
      FROM ws
      CROSS JOIN LATERAL generate_series((${now}::timestamptz AT TIME ZONE ws.zone)::date - ${DEMO_HISTORY_DAYS}::int, (${now}::timestamptz AT TIME ZONE ws.zone)::date, interval '1 day') g(t)
      CROSS JOIN LATERAL (SELECT g.t::date::timestamp AS day) d
      CROSS JOIN LATERAL generate_series(0, 22, 2) h(hour)
      CROSS JOIN LATERAL (SELECT sillage.kpi_boundary(d.day + h.hour * interval '1 hour', ws.zone) AS window_start,
                                 sillage.kpi_boundary(d.day + (h.hour + 2) * interval '1 hour', ws.zone) AS window_end) b
      WHERE b.window_end <= ${now}::timestamptz
    ),
    shaped AS (
      -- Quiet at night, busy at lunch and in the evening, a little busier at the weekend.
      SELECT f.*, (CASE WHEN f.hour < 8 THEN 0.08 WHEN f.hour < 12 THEN 0.7 WHEN f.hour < 14 THEN 1.0 WHEN f.hour < 18 THEN 0.75 WHEN f.hour < 22 THEN 0.95 ELSE 0.3 END)
        * (CASE WHEN f.dow >= 6 THEN 1.25 ELSE 1.0 END) * (0.75 + 0.5 * abs(f.r)) AS load
      FROM frame f
    ),
    per_channel AS (
      SELECT s.workspace_id, c.id AS channel_id, s.window_start, s.window_end, s.zone, s.r,
        round(22 * s.load * c.share)::int AS messages,
        CASE WHEN c.platform = 'instagram' THEN round(9 * s.load)::int ELSE 0 END AS comments,
        CASE WHEN c.platform = 'instagram' AND s.hour IN (10, 18) AND abs(s.r) > 0.4 THEN 1 ELSE 0 END AS published,
        CASE WHEN c.platform = 'instagram' THEN least(3, round(9 * s.load)::int) ELSE 0 END AS active
      FROM shaped s CROSS JOIN chans c
    ),
    figures AS (
      SELECT p.*, greatest(0, round(p.messages * 0.45))::int AS turns,
        greatest(0, round((p.messages + p.comments) * 0.5))::int AS decisions
      FROM per_channel p
    ),
    detailed AS (
      SELECT f.*,
        round(f.decisions * (0.55 + 0.2 * abs(f.r)))::int AS sent,
        round(f.decisions * 0.2)::int AS escalate,
        round(f.decisions * 0.1)::int AS ignored,
        CASE WHEN f.turns > 0 AND abs(f.r) > 0.85 THEN 1 ELSE 0 END AS unanswered,
        -- Turns answered in 40 s to 25 min (the AI fast, people slower at night).
        ARRAY(SELECT round((40 + 1500 * ((i * 0.618 + abs(f.r)) - floor(i * 0.618 + abs(f.r)))^2)::numeric)::real
              FROM generate_series(1, f.turns) i ORDER BY 1) AS frt
      FROM figures f
    ),
    rows AS (
      SELECT workspace_id, channel_id, window_start, window_end, zone, messages, comments, turns, frt, unanswered, decisions, sent, escalate, ignored, published, active
      FROM detailed
      UNION ALL
      SELECT d.workspace_id, NULL, d.window_start, d.window_end, min(d.zone), sum(d.messages)::int, sum(d.comments)::int, sum(d.turns)::int,
        ARRAY(SELECT v FROM detailed d2 CROSS JOIN LATERAL unnest(d2.frt) v WHERE d2.window_start = d.window_start ORDER BY v),
        sum(d.unanswered)::int, sum(d.decisions)::int, sum(d.sent)::int, sum(d.escalate)::int, sum(d.ignored)::int,
        sum(d.published)::int, sum(d.active)::int
      FROM detailed d
      GROUP BY d.workspace_id, d.window_start, d.window_end
    ),
    ins AS (
      INSERT INTO kpi_windows (workspace_id, channel_id, window_start, window_end, time_zone, messages_count, comments_count, turns_count,
        frt_samples, frt_p50_seconds, frt_human_samples, frt_human_p50_seconds, unanswered_turns, decisions_count, auto_replies_sent,
        auto_reply_rate, escalate_count, ignored_count, posts_published, posts_active)
      SELECT workspace_id, channel_id, window_start, window_end, zone, messages, comments, turns, frt,
        (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY v) FROM unnest(frt) v)::real,
        frt[(cardinality(frt) / 2 + 1):], (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY v) FROM unnest(frt[(cardinality(frt) / 2 + 1):]) v)::real,
        unanswered, decisions, sent, CASE WHEN decisions > 0 THEN sent::real / decisions END, escalate, ignored, published, active
      FROM rows
      ON CONFLICT ON CONSTRAINT kpi_windows_unique DO NOTHING
      RETURNING 1
    )
    SELECT count(*)::int AS n FROM ins`.execute(trx);
  return rows[0]!.n;
  });
}

/**
 * A demo channel replaced since the history was written (disconnected, and its platform connected again under a new
 * id): its windows of the history's days move to the platform's one live channel, so the per-channel history follows
 * the channels shown and still sums to the total it was written with. A window the live channel already has stays.
 */
async function followReplacedChannels(trx: ScopedDb, workspaceId: string, now: Date): Promise<void> {
  await sql`
    WITH live AS (
      SELECT platform, (array_agg(id))[1] AS id FROM channels
      WHERE workspace_id = ${workspaceId}::uuid AND status <> 'disconnected' GROUP BY platform HAVING count(*) = 1
    ),
    moving AS (
      -- One window per live channel: two replaced channels of a platform cannot both move onto the same window.
      SELECT DISTINCT ON (l.id, k.window_start) k.id AS kpi_id, l.id AS to_channel
      FROM kpi_windows k
      JOIN channels old ON old.id = k.channel_id AND old.status = 'disconnected'
      JOIN live l ON l.platform = old.platform
      WHERE k.workspace_id = ${workspaceId}::uuid
        AND k.window_start >= ${now}::timestamptz - ${DEMO_HISTORY_DAYS + 2} * interval '1 day'
        AND NOT EXISTS (SELECT 1 FROM kpi_windows x WHERE x.workspace_id = k.workspace_id AND x.channel_id = l.id AND x.window_start = k.window_start)
      ORDER BY l.id, k.window_start, k.id
    )
    UPDATE kpi_windows k SET channel_id = m.to_channel FROM moving m WHERE k.id = m.kpi_id`.execute(trx);
}
