// The KPI aggregate: ONE set-based statement recomputes a set of windows (every metric, every channel and the
// workspace total) from the owners' tables and upserts them; windows left without data lose their rows. Idempotent:
// an unchanged window is not rewritten (its updated_at stays), so a rerun changes nothing.
import { sql, type Database, type ScopedDb } from "@sillage/db";

type Db = Database | ScopedDb;

/** Which windows a pass recomputes. */
export type AggregateScope =
  /** Windows holding source rows changed since `since` (late data included), plus the turns those rows close. */
  | { kind: "changed"; since: Date }
  /** Every window of [from, to) (backfill), optionally for one workspace. */
  | { kind: "range"; from: Date; to: Date; workspaceId?: string };

export interface AggregateResult {
  windows: number;
  upserted: number;
  deleted: number;
}

// An answer: what we sent, by a person or the AI (system messages and failed sends are not answers). A person's answer
// from the Instagram app (its echo, author `agent`) is a person's answer like one from Sillage: the same turn ends.
const ANSWER = sql`(x.direction = 'out' AND x.author IN ('agent', 'ai') AND x.status IS DISTINCT FROM 'failed')`;
const CUSTOMER = sql`(x.direction = 'in' AND x.author = 'customer')`;

function dirtySql(scope: AggregateScope) {
  if (scope.kind === "range") {
    // Every local day the range touches, 12 windows each, kept when they overlap the range.
    const ws = scope.workspaceId ? sql`AND w.id = ${scope.workspaceId}::uuid` : sql``;
    return sql`
      SELECT w.id AS workspace_id, w.time_zone AS zone, b.window_start, b.window_end
      FROM workspaces w
      CROSS JOIN LATERAL generate_series((${scope.from}::timestamptz AT TIME ZONE w.time_zone)::date, (${scope.to}::timestamptz AT TIME ZONE w.time_zone)::date, interval '1 day') AS g(t)
      CROSS JOIN LATERAL (SELECT g.t::date::timestamp AS day) d
      CROSS JOIN LATERAL generate_series(0, 22, 2) AS h(hour)
      CROSS JOIN LATERAL (SELECT sillage.kpi_boundary(d.day + h.hour * interval '1 hour', w.time_zone) AS window_start,
                                 sillage.kpi_boundary(d.day + (h.hour + 2) * interval '1 hour', w.time_zone) AS window_end) b
      WHERE b.window_end > ${scope.from}::timestamptz AND b.window_start < ${scope.to}::timestamptz ${ws}`;
  }
  const since = scope.since;
  // Instants whose windows changed: the rows themselves, the turn a changed answer closes (its first customer
  // message after the previous answer), and the next customer message after a changed one (a late message can end or
  // start a turn there).
  return sql`
    WITH touched AS (
      SELECT x.workspace_id, x.platform_timestamp AS at FROM messages x WHERE x.updated_at > ${since}::timestamptz
        AND (${CUSTOMER} OR ${ANSWER})
      UNION ALL
      SELECT x.workspace_id, t.at FROM messages x
        CROSS JOIN LATERAL (
          SELECT min(c.platform_timestamp) AS at FROM messages c
          WHERE c.conversation_id = x.conversation_id AND c.direction = 'in' AND c.author = 'customer' AND c.platform_timestamp <= x.platform_timestamp
            AND c.platform_timestamp > coalesce((
              SELECT max(a.platform_timestamp) FROM messages a
              WHERE a.conversation_id = x.conversation_id AND a.platform_timestamp < x.platform_timestamp AND a.id <> x.id
                AND a.direction = 'out' AND a.author IN ('agent', 'ai') AND a.status IS DISTINCT FROM 'failed'), '-infinity')
        ) t
        WHERE x.updated_at > ${since}::timestamptz AND ${ANSWER} AND t.at IS NOT NULL
      UNION ALL
      SELECT x.workspace_id, n.at FROM messages x
        CROSS JOIN LATERAL (
          SELECT c.platform_timestamp AS at FROM messages c
          WHERE c.conversation_id = x.conversation_id AND c.direction = 'in' AND c.author = 'customer' AND c.platform_timestamp > x.platform_timestamp
          ORDER BY c.platform_timestamp LIMIT 1
        ) n
        WHERE x.updated_at > ${since}::timestamptz AND ${CUSTOMER}
      UNION ALL
      SELECT d.workspace_id, d.created_at FROM ai_decisions d WHERE d.updated_at > ${since}::timestamptz
      UNION ALL
      SELECT c.workspace_id, c.platform_timestamp FROM comments c WHERE c.updated_at > ${since}::timestamptz
      UNION ALL
      SELECT p.workspace_id, p.published_at FROM post_publications p WHERE p.updated_at > ${since}::timestamptz AND p.published_at IS NOT NULL
    )
    SELECT DISTINCT t.workspace_id, w.time_zone AS zone, sillage.kpi_window_start(t.at, w.time_zone) AS window_start, sillage.kpi_window_end(t.at, w.time_zone) AS window_end
    FROM touched t JOIN workspaces w ON w.id = t.workspace_id`;
}

/**
 * Recomputes the windows of `scope` in one statement. Definitions of every metric: packages/kpis/README.md (and
 * `KPI_DEFINITIONS`).
 */
export async function aggregateKpis(db: Db, scope: AggregateScope): Promise<AggregateResult> {
  if (!db.isTransaction) return db.transaction().execute((trx) => aggregateKpis(trx, scope));
  // The planner's cost estimates for the laterals are huge, so PostgreSQL would JIT-compile the statement: seconds of
  // compiling for a statement that runs in milliseconds. Off for this transaction only.
  await sql`SET LOCAL jit = off`.execute(db);
  const { rows } = await aggregateStatement(scope).execute(db);
  return rows[0]!;
}

/** The statement itself (the bench EXPLAINs it). */
export function aggregateStatement(scope: AggregateScope) {
  return sql<{ windows: number; upserted: number; deleted: number }>`
    WITH dirty AS MATERIALIZED (${dirtySql(scope)}),
    inbound AS MATERIALIZED (
      -- LATERAL everywhere a window reads a table: one index range scan per window (a merge join on workspace_id
      -- would rescan a workspace's rows for each of its windows); OFFSET 0 keeps the planner from flattening them.
      SELECT d.workspace_id, d.window_start, x.channel_id, x.conversation_id, x.id, x.at
      FROM dirty d CROSS JOIN LATERAL (
        SELECT x.channel_id, x.conversation_id, x.id, x.platform_timestamp AS at FROM messages x
        WHERE x.workspace_id = d.workspace_id AND ${CUSTOMER} AND x.platform_timestamp >= d.window_start AND x.platform_timestamp < d.window_end
        OFFSET 0
      ) x
    ),
    -- A turn begins with a customer message whose previous message (customer or answer) is an answer, or none.
    turns AS (
      SELECT i.*, fa.at AS answered_at, fh.at AS human_at
      FROM inbound i
      LEFT JOIN LATERAL (
        SELECT x.platform_timestamp AS at FROM messages x
        WHERE x.conversation_id = i.conversation_id AND x.platform_timestamp >= i.at AND ${ANSWER}
        ORDER BY x.platform_timestamp LIMIT 1
      ) fa ON true
      LEFT JOIN LATERAL (
        SELECT x.platform_timestamp AS at FROM messages x
        WHERE x.conversation_id = i.conversation_id AND x.direction = 'in' AND x.author = 'customer' AND x.platform_timestamp > fa.at
        ORDER BY x.platform_timestamp LIMIT 1
      ) nx ON true
      -- The person's answer to this turn: before the customer writes again after our first answer.
      LEFT JOIN LATERAL (
        SELECT x.platform_timestamp AS at FROM messages x
        WHERE x.conversation_id = i.conversation_id AND x.platform_timestamp >= i.at AND x.platform_timestamp < coalesce(nx.at, 'infinity')
          AND x.direction = 'out' AND x.author = 'agent' AND x.status IS DISTINCT FROM 'failed'
        ORDER BY x.platform_timestamp LIMIT 1
      ) fh ON true
      WHERE NOT EXISTS (
        SELECT 1 FROM (
          SELECT x.direction FROM messages x
          WHERE x.conversation_id = i.conversation_id AND (x.platform_timestamp, x.id) < (i.at, i.id) AND (${CUSTOMER} OR ${ANSWER})
          ORDER BY x.platform_timestamp DESC, x.id DESC LIMIT 1
        ) p WHERE p.direction = 'in'
      )
    ),
    -- One row per counted thing (message, turn, decision, comment, publication), then one grouping.
    parts AS (
      SELECT workspace_id, window_start, channel_id, 'message' AS kind, NULL::real AS frt, NULL::real AS frt_human,
        false AS unanswered, NULL::text AS triage, false AS sent, NULL::text AS media
      FROM inbound
      UNION ALL
      SELECT workspace_id, window_start, channel_id, 'turn', extract(epoch FROM answered_at - at)::real,
        extract(epoch FROM human_at - at)::real, answered_at IS NULL, NULL, false, NULL
      FROM turns
      UNION ALL
      SELECT d.workspace_id, d.window_start, coalesce(cv.channel_id, cm.channel_id), 'decision', NULL, NULL, false,
        a.triage, a.triage = 'AUTO_REPLY' AND a.outcome = 'sent', NULL
      FROM dirty d CROSS JOIN LATERAL (
        SELECT a.triage, a.outcome, a.conversation_id, a.comment_id FROM ai_decisions a
        WHERE a.workspace_id = d.workspace_id AND a.created_at >= d.window_start AND a.created_at < d.window_end
          -- An edited burst decided again counts once: by its current decision.
          AND a.superseded_by IS NULL
        OFFSET 0
      ) a
      LEFT JOIN conversations cv ON cv.id = a.conversation_id
      LEFT JOIN comments cm ON cm.id = a.comment_id
      UNION ALL
      SELECT d.workspace_id, d.window_start, c.channel_id, 'comment', NULL, NULL, false, NULL, false, c.platform_media_id
      FROM dirty d CROSS JOIN LATERAL (
        SELECT c.channel_id, c.platform_media_id FROM comments c
        WHERE c.workspace_id = d.workspace_id AND NOT c.own AND c.platform_timestamp >= d.window_start AND c.platform_timestamp < d.window_end
        OFFSET 0
      ) c
      UNION ALL
      SELECT d.workspace_id, d.window_start, p.channel_id, 'published', NULL, NULL, false, NULL, false, NULL
      FROM dirty d CROSS JOIN LATERAL (
        SELECT p.channel_id FROM post_publications p
        WHERE p.workspace_id = d.workspace_id AND p.status = 'published' AND p.published_at >= d.window_start AND p.published_at < d.window_end
        OFFSET 0
      ) p
    ),
    -- Per channel, and the workspace total (channel NULL); a decision with no channel counts in the total only.
    grouped AS (
      SELECT workspace_id, window_start, channel_id, GROUPING(channel_id) = 1 AS is_total,
        (count(*) FILTER (WHERE kind = 'message'))::int AS messages_count,
        (count(*) FILTER (WHERE kind = 'comment'))::int AS comments_count,
        (count(*) FILTER (WHERE kind = 'turn'))::int AS turns_count,
        coalesce(array_agg(frt ORDER BY frt) FILTER (WHERE kind = 'turn' AND frt IS NOT NULL), '{}') AS frt,
        coalesce(array_agg(frt_human ORDER BY frt_human) FILTER (WHERE kind = 'turn' AND frt_human IS NOT NULL), '{}') AS frt_human,
        (percentile_cont(0.5) WITHIN GROUP (ORDER BY frt) FILTER (WHERE kind = 'turn'))::real AS frt_p50,
        (percentile_cont(0.5) WITHIN GROUP (ORDER BY frt_human) FILTER (WHERE kind = 'turn'))::real AS frt_human_p50,
        (count(*) FILTER (WHERE kind = 'turn' AND unanswered))::int AS unanswered,
        (count(*) FILTER (WHERE kind = 'decision'))::int AS decisions,
        (count(*) FILTER (WHERE kind = 'decision' AND sent))::int AS sent,
        (count(*) FILTER (WHERE kind = 'decision' AND triage = 'ESCALATE'))::int AS escalate,
        (count(*) FILTER (WHERE kind = 'decision' AND triage = 'IGNORE'))::int AS ignored,
        (count(*) FILTER (WHERE kind = 'published'))::int AS published,
        (count(DISTINCT media) FILTER (WHERE kind = 'comment'))::int AS posts_active
      FROM parts GROUP BY GROUPING SETS ((workspace_id, window_start, channel_id), (workspace_id, window_start))
    ),
    computed AS (
      SELECT g.*, d.window_end, d.zone FROM grouped g JOIN dirty d USING (workspace_id, window_start)
      WHERE g.is_total OR g.channel_id IS NOT NULL
    ),
    upserted AS (
      INSERT INTO kpi_windows AS k (workspace_id, channel_id, window_start, window_end, time_zone, messages_count, comments_count,
        turns_count, frt_p50_seconds, frt_human_p50_seconds, frt_samples, frt_human_samples, unanswered_turns, decisions_count,
        auto_replies_sent, auto_reply_rate, escalate_count, ignored_count, posts_published, posts_active)
      SELECT workspace_id, CASE WHEN is_total THEN NULL ELSE channel_id END, window_start, window_end, zone, messages_count, comments_count,
        turns_count, frt_p50, frt_human_p50, frt, frt_human, unanswered, decisions,
        sent, CASE WHEN decisions > 0 THEN sent::real / decisions END, escalate, ignored, published, posts_active
      FROM computed
      ON CONFLICT ON CONSTRAINT kpi_windows_unique DO UPDATE SET
        window_end = EXCLUDED.window_end, time_zone = EXCLUDED.time_zone, messages_count = EXCLUDED.messages_count,
        comments_count = EXCLUDED.comments_count, turns_count = EXCLUDED.turns_count, frt_p50_seconds = EXCLUDED.frt_p50_seconds,
        frt_human_p50_seconds = EXCLUDED.frt_human_p50_seconds, frt_samples = EXCLUDED.frt_samples,
        frt_human_samples = EXCLUDED.frt_human_samples, unanswered_turns = EXCLUDED.unanswered_turns,
        decisions_count = EXCLUDED.decisions_count, auto_replies_sent = EXCLUDED.auto_replies_sent,
        auto_reply_rate = EXCLUDED.auto_reply_rate, escalate_count = EXCLUDED.escalate_count,
        ignored_count = EXCLUDED.ignored_count, posts_published = EXCLUDED.posts_published,
        posts_active = EXCLUDED.posts_active, updated_at = now()
      WHERE (k.window_end, k.time_zone, k.messages_count, k.comments_count, k.turns_count, k.frt_samples, k.frt_human_samples,
             k.unanswered_turns, k.decisions_count, k.auto_replies_sent, k.escalate_count, k.ignored_count, k.posts_published, k.posts_active)
        IS DISTINCT FROM
            (EXCLUDED.window_end, EXCLUDED.time_zone, EXCLUDED.messages_count, EXCLUDED.comments_count, EXCLUDED.turns_count,
             EXCLUDED.frt_samples, EXCLUDED.frt_human_samples, EXCLUDED.unanswered_turns, EXCLUDED.decisions_count,
             EXCLUDED.auto_replies_sent, EXCLUDED.escalate_count, EXCLUDED.ignored_count, EXCLUDED.posts_published, EXCLUDED.posts_active)
      RETURNING 1
    ),
    deleted AS (
      DELETE FROM kpi_windows k USING dirty d
      WHERE k.workspace_id = d.workspace_id AND k.window_start = d.window_start
        AND NOT EXISTS (SELECT 1 FROM computed c WHERE c.workspace_id = k.workspace_id AND c.window_start = k.window_start
                          AND (CASE WHEN c.is_total THEN NULL ELSE c.channel_id END) IS NOT DISTINCT FROM k.channel_id)
      RETURNING 1
    )
    SELECT (SELECT count(*) FROM dirty)::int AS windows, (SELECT count(*) FROM upserted)::int AS upserted, (SELECT count(*) FROM deleted)::int AS deleted
  `;
}
