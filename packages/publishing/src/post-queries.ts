/** How the API reads posts: one post with its publications and runs, and publications as compact rows by time. */
import { sql, type ScopedDb } from "@sillage/db";
import type { PostContent } from "./content";
import { loadDeliveries } from "./outcomes";
import type { PublicationStatus } from "./store";

export const PUBLICATION_STATUSES = ["queued", "waiting_quota", "publishing", "published", "failed", "cancelled"] as const satisfies readonly PublicationStatus[];

/** A post with its schedule, channels, publications (latest 50) with each one's delivery and runs; undefined when there is none. */
export async function getPost(db: ScopedDb, postId: string) {
  const { rows } = await sql<{
    id: string;
    content: PostContent;
    publishAt: Date | null;
    rrule: string | null;
    dtstart: string | null;
    exdates: string[];
    /** Occurrences moved to another time: `{ occurrence, at }`, local wall times in `timeZone`. */
    overrides: { occurrence: string; at: string }[];
    timeZone: string;
    status: string;
    nextOccurrenceAt: Date | null;
    createdAt: Date;
    updatedAt: Date;
  }>`select id, content, publish_at as "publishAt", rrule, to_char(dtstart_local, 'YYYY-MM-DD"T"HH24:MI') as dtstart,
       coalesce(array(select to_char(x, 'YYYY-MM-DD"T"HH24:MI') from unnest(exdates) x), '{}') as exdates,
       occurrence_overrides as overrides, time_zone as "timeZone", status, next_occurrence_at as "nextOccurrenceAt", created_at as "createdAt", updated_at as "updatedAt"
     from scheduled_posts where id = ${postId}`.execute(db);
  const post = rows[0];
  if (!post) return undefined;
  const channels = await db
    .selectFrom("post_channels as pc")
    .innerJoin("channels as c", "c.id", "pc.channel_id")
    .select(["c.id", "c.platform", "c.display_name as displayName", "c.username", "c.status"])
    .where("pc.post_id", "=", postId)
    .execute();
  const publications = await db
    .selectFrom("post_publications")
    .select([
      "id",
      "channel_id as channelId",
      "due_at as dueAt",
      "status",
      "status_reason as statusReason",
      "status_reason_code as statusReasonCode",
      sql<Record<string, string | number> | null>`status_reason_params`.as("statusReasonParams"),
      "attempts",
      "platform_post_id as platformPostId",
      "permalink",
      "error_class as errorClass",
      "error_message as errorMessage",
      "next_attempt_at as nextAttemptAt",
      "queued_at as queuedAt",
      "publishing_at as publishingAt",
      "published_at as publishedAt",
      "failed_at as failedAt",
      "cancelled_at as cancelledAt",
      "stop_requested_at as stopRequestedAt",
      "content_override as contentOverride",
    ])
    .where("post_id", "=", postId)
    .orderBy("due_at", "desc")
    .limit(50)
    .execute();
  const runs = publications.length
    ? await db
        .selectFrom("post_runs")
        .select(["id", "publication_id as publicationId", "attempt", "started_at as startedAt", "finished_at as finishedAt", "status", "step", "error_class as errorClass", "error_message as errorMessage", "error_code as errorCode", sql<Record<string, string | number> | null>`error_params`.as("errorParams"), "platform_ids as platformIds"])
        .where("publication_id", "in", publications.map((p) => p.id))
        .orderBy("started_at")
        .execute()
    : [];
  const deliveries = await loadDeliveries(db, publications.map((p) => p.id));
  return {
    ...post,
    channels,
    publications: publications.map((p) => ({ ...p, delivery: deliveries.get(p.id) ?? null, runs: runs.filter((r) => r.publicationId === p.id) })),
  };
}

export interface PublicationFilters {
  status?: PublicationStatus[];
  from?: Date;
  to?: Date;
  channelId?: string;
  postId?: string;
  /** Publications strictly after this one (by due time, then id). */
  after?: { dueAt: Date; id: string };
  limit: number;
}

/** Publications (one occurrence on one channel) as compact rows, by time; `hasMore` when another page follows. */
export async function listPublications(db: ScopedDb, f: PublicationFilters) {
  let q = db
    .selectFrom("post_publications as p")
    .innerJoin("scheduled_posts as s", "s.id", "p.post_id")
    .innerJoin("channels as c", "c.id", "p.channel_id")
    .select([
      "p.id",
      "p.post_id as postId",
      "p.channel_id as channelId",
      "c.platform",
      "p.due_at as dueAt",
      "p.status",
      "p.status_reason as statusReason",
      "p.status_reason_code as statusReasonCode",
      sql<Record<string, string | number> | null>`p.status_reason_params`.as("statusReasonParams"),
      "p.error_class as errorClass",
      sql<string>`left(s.content->>'text', 80)`.as("excerpt"),
      sql<number>`coalesce(jsonb_array_length(s.content->'mediaIds'), 0)`.as("mediaCount"),
      sql<boolean>`s.rrule is not null`.as("series"),
    ])
    .orderBy("p.due_at")
    .orderBy("p.id")
    .limit(f.limit + 1);
  if (f.status?.length) q = q.where("p.status", "in", f.status);
  if (f.from) q = q.where("p.due_at", ">=", f.from);
  if (f.to) q = q.where("p.due_at", "<", f.to);
  if (f.channelId) q = q.where("p.channel_id", "=", f.channelId);
  if (f.postId) q = q.where("p.post_id", "=", f.postId);
  const after = f.after;
  if (after) q = q.where((eb) => eb.or([eb("p.due_at", ">", after.dueAt), eb.and([eb("p.due_at", "=", after.dueAt), eb("p.id", ">", after.id)])]));
  const rows = await q.execute();
  return { items: rows.slice(0, f.limit), hasMore: rows.length > f.limit };
}

/** Whether the workspace `db` is scoped to has scheduled a post that was not cancelled (the getting-started checklist). */
export async function hasScheduledPost(db: ScopedDb): Promise<boolean> {
  return Boolean(await db.selectFrom("scheduled_posts").select("id").where("status", "<>", "cancelled").limit(1).executeTakeFirst());
}
