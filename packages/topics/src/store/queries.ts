/**
 * The API's reads (workspace-scoped handle): the latest run's topics for a period and scope, and a topic's texts page
 * by page, each pointing at its conversation (a message) or its post's thread (a comment).
 */
import { sql, type ScopedDb } from "@sillage/db";
import { DEFAULT_TIME_ZONE } from "@sillage/time";
import { MIN_TEXTS } from "../cluster";
import { nextRunAt } from "../schedule";
import type { TopicPeriod } from "./daily";

export interface TopicSample {
  kind: "message" | "comment";
  id: string;
  text: string;
}

export interface TopicSummary {
  id: string;
  label: string;
  terms: string[];
  size: number;
  share: number;
  trend: "new" | "up" | "down" | "stable";
  /** Relative change of the topic's share since the previous period (0.5 = +50 %); null when it is new. */
  growth: number | null;
  samples: TopicSample[];
}

export interface TopicsView {
  /** The run shown (local date), null before the first run. */
  runDate: string | null;
  periodStart: Date | null;
  periodEnd: Date | null;
  /** When the next daily run happens (local 03:00), for the empty state. */
  nextRunAt: Date;
  /** Texts a period needs before topics can be found. */
  minTexts: number;
  topics: TopicSummary[];
}

export async function listTopics(db: ScopedDb, opts: { period: TopicPeriod; postMediaId?: string; now: Date; limit?: number }): Promise<TopicsView> {
  const ws = await db.selectFrom("workspaces").select("time_zone").executeTakeFirst();
  const next = nextRunAt(opts.now, ws?.time_zone ?? DEFAULT_TIME_ZONE);
  const run = await db.selectFrom("topic_runs").select(sql<string>`run_date::text`.as("run_date")).orderBy("run_date", "desc").limit(1).executeTakeFirst();
  const empty: TopicsView = { runDate: run?.run_date ?? null, periodStart: null, periodEnd: null, nextRunAt: next, minTexts: MIN_TEXTS, topics: [] };
  if (!run) return empty;
  let q = db
    .selectFrom("clusters")
    .select(["id", "label", "terms", "size", "share", "trend", "growth", "period_start", "period_end"])
    .where("run_date", "=", sql<Date>`${run.run_date}::date`)
    .where("period", "=", opts.period)
    .where("scope", "=", opts.postMediaId ? "post" : "global")
    .orderBy("rank")
    .limit(opts.limit ?? 30);
  q = opts.postMediaId ? q.where("post_media_id", "=", opts.postMediaId) : q.where("post_media_id", "is", null);
  const rows = await q.execute();
  if (!rows.length) return empty;
  const samples = await db
    .selectFrom("cluster_items as i")
    .leftJoin("messages as m", "m.id", "i.message_id")
    .leftJoin("comments as c", "c.id", "i.comment_id")
    .select(["i.cluster_id", "i.message_id", "i.comment_id", sql<string>`coalesce(m.text, c.text, '')`.as("text")])
    .where("i.cluster_id", "in", rows.map((r) => r.id))
    .where("i.sample", "=", true)
    .orderBy("i.cluster_id")
    .orderBy("i.position")
    .execute();
  return {
    runDate: run.run_date,
    periodStart: rows[0]!.period_start,
    periodEnd: rows[0]!.period_end,
    nextRunAt: next,
    minTexts: MIN_TEXTS,
    topics: rows.map((r) => ({
      id: r.id,
      label: r.label,
      terms: r.terms,
      size: r.size,
      share: r.share,
      trend: r.trend as TopicSummary["trend"],
      growth: r.growth,
      samples: samples
        .filter((s) => s.cluster_id === r.id)
        .map((s) => (s.message_id ? { kind: "message" as const, id: s.message_id, text: s.text } : { kind: "comment" as const, id: s.comment_id!, text: s.text })),
    })),
  };
}

export type TopicItem =
  | { kind: "message"; id: string; text: string; at: Date; conversationId: string; contactName: string | null }
  | { kind: "comment"; id: string; text: string; at: Date; postMediaId: string; authorName: string | null };

/** A topic's texts, most central first, `limit` at a time; `nextCursor` is null on the last page. Null: no such topic. */
export async function listTopicItems(
  db: ScopedDb,
  opts: { topicId: string; cursor?: number; limit?: number },
): Promise<{ label: string; items: TopicItem[]; nextCursor: number | null } | null> {
  const topic = await db.selectFrom("clusters").select(["id", "label"]).where("id", "=", opts.topicId).executeTakeFirst();
  if (!topic) return null;
  const limit = opts.limit ?? 30;
  const rows = await db
    .selectFrom("cluster_items as i")
    .leftJoin("messages as m", "m.id", "i.message_id")
    .leftJoin("conversations as cv", "cv.id", "m.conversation_id")
    .leftJoin("contacts as ct", "ct.id", "cv.contact_id")
    .leftJoin("comments as c", "c.id", "i.comment_id")
    .select([
      "i.position",
      "i.message_id",
      "i.comment_id",
      "m.text as message_text",
      "m.platform_timestamp as message_at",
      "m.conversation_id",
      "ct.display_name as contact_name",
      "c.text as comment_text",
      "c.platform_timestamp as comment_at",
      "c.platform_media_id",
      "c.author_name",
    ])
    .where("i.cluster_id", "=", opts.topicId)
    .where("i.position", ">", opts.cursor ?? -1)
    .orderBy("i.position")
    .limit(limit + 1)
    .execute();
  const page = rows.slice(0, limit);
  const items = page.flatMap((r): TopicItem[] => {
    if (r.message_id && r.conversation_id) {
      return [{ kind: "message", id: r.message_id, text: r.message_text ?? "", at: r.message_at!, conversationId: r.conversation_id, contactName: r.contact_name ?? null }];
    }
    if (r.comment_id && r.platform_media_id) {
      return [{ kind: "comment", id: r.comment_id, text: r.comment_text ?? "", at: r.comment_at!, postMediaId: r.platform_media_id, authorName: r.author_name ?? null }];
    }
    return [];
  });
  return { label: topic.label, items, nextCursor: rows.length > limit ? page.at(-1)!.position : null };
}
