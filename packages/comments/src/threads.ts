// What /comments reads: the followed posts with their counts and polling state, a post's comments (top level, newest
// first, keyset-paged) with their replies nested, triage decisions and reasons, and replies still on their way
// (outbox rows of the inbox's outbound path that no stored comment stands for yet, and private replies, which are
// DMs and never become comments).

import { isStorableInstant } from "@sillage/time";
import { sql, type Database, type ScopedDb } from "@sillage/db";
import { pollingStates } from "./dispatch";

type Db = Database | ScopedDb;

export type CommentFilter = "all" | "unanswered" | "escalated" | "hidden";

/** A top-level customer comment is answered when a reply of ours exists under it or is on its way (public or private). */
const answered = sql<boolean>`(
  exists (select 1 from comments r where r.parent_id = c.id and r.own and r.deleted_at is null)
  or exists (select 1 from outbound_messages o where o.comment_id = c.id and o.status in ('queued', 'sending', 'sent'))
)`;

/** The posts whose comments are followed, newest first, with their counts and polling state. */
export async function listCommentPosts(db: Db, workspaceId: string, now: Date, opts: { limit?: number; cursor?: string | null } = {}) {
  const limit = opts.limit ?? 30;
  const after = decodeCursor(opts.cursor);
  let q = db
    .selectFrom("comment_posts as p")
    .innerJoin("channels as ch", "ch.id", "p.channel_id")
    .leftJoin("comment_accounts as a", "a.channel_id", "p.channel_id")
    .select([
      "p.id",
      "p.channel_id as channelId",
      "ch.display_name as channelName",
      "ch.username as channelUsername",
      "p.platform_media_id as platformMediaId",
      "p.origin",
      "p.caption",
      "p.permalink",
      "p.image_url as imageUrl",
      "p.media_product_type as mediaProductType",
      "p.published_at as publishedAt",
      "p.created_at as createdAt",
      "p.stop_at as stopAt",
      "p.next_check_at as nextCheckAt",
      "p.last_check_at as lastCheckAt",
      "p.last_check_status as lastCheckStatus",
      "p.deleted_at as deletedAt",
      "a.slow_factor as slowFactor",
      "a.slowed_until as slowedUntil",
      sql<string>`coalesce(p.published_at, p.created_at)`.as("sortAt"),
      // Graph gave no image for a post Sillage published: its own first uploaded image (the caller signs a link).
      sql<string | null>`case when p.image_url is null and p.publication_id is not null then (
        select a.storage_key from post_publications pp
        join scheduled_posts s on s.id = pp.post_id
        join media_assets a on a.id::text = coalesce(pp.content_override, s.content)->'mediaIds'->>0
        where pp.id = p.publication_id and a.mime_type like 'image/%') end`.as("ownImageKey"),
    ])
    .select((eb) => [
      eb
        .selectFrom("comments as c")
        .select(sql<number>`count(*)::int`.as("n"))
        .whereRef("c.post_id", "=", "p.id")
        .where("c.own", "=", false)
        .where("c.deleted_at", "is", null)
        .as("comments"),
      eb
        .selectFrom("comments as c")
        .select(sql<number>`count(*)::int`.as("n"))
        .whereRef("c.post_id", "=", "p.id")
        .where("c.own", "=", false)
        .where("c.parent_id", "is", null)
        .where("c.deleted_at", "is", null)
        .where("c.hidden", "=", false)
        .where(sql<boolean>`coalesce(c.triage, '') <> 'IGNORE'`)
        .where(sql<boolean>`not ${answered}`)
        .as("unanswered"),
      eb
        .selectFrom("comments as c")
        .select(sql<number>`count(*)::int`.as("n"))
        .whereRef("c.post_id", "=", "p.id")
        .where("c.own", "=", false)
        .where("c.deleted_at", "is", null)
        .where("c.triage", "=", "ESCALATE")
        .where(sql<boolean>`not ${answered}`)
        .as("escalated"),
      eb
        .selectFrom("comments as c")
        .select(sql<Date | null>`max(c.platform_timestamp)`.as("at"))
        .whereRef("c.post_id", "=", "p.id")
        .where("c.own", "=", false)
        .as("lastCommentAt"),
    ])
    .where("p.workspace_id", "=", workspaceId);
  if (after) {
    q = q.where(sql<boolean>`(coalesce(p.published_at, p.created_at), p.id) < (${after.at}::timestamptz, ${after.id}::uuid)`);
  }
  const rows = await q
    .orderBy(sql`coalesce(p.published_at, p.created_at)`, "desc")
    .orderBy("p.id", "desc")
    .limit(limit + 1)
    .execute();
  const page = rows.slice(0, limit);
  // What the UI says of each post's polling (on, slowed, paused, ended), as the dispatcher sees it.
  const states = new Map((await pollingStates(db, workspaceId, now, page.map((p) => p.id))).map((s) => [s.postId, s.polling]));
  const items = page.map(({ sortAt: _sortAt, slowFactor, slowedUntil, comments, unanswered, escalated, ...p }) => ({
    ...p,
    comments: comments ?? 0,
    unanswered: unanswered ?? 0,
    escalated: escalated ?? 0,
    polling: {
      lastCheckAt: p.lastCheckAt,
      nextCheckAt: p.nextCheckAt,
      stopAt: p.stopAt,
      status: p.lastCheckStatus,
      state: states.get(p.id) ?? ("ended" as const),
      /** Checks spaced out while Meta reports the account's usage high. */
      slowed: (slowFactor ?? 1) > 1 || (slowedUntil !== null && slowedUntil !== undefined),
    },
  }));
  const last = rows.length > limit ? rows[limit - 1] : undefined;
  return { items, nextCursor: last ? encodeCursor(new Date(last.sortAt), last.id) : null };
}

const COMMENT_COLUMNS = [
  "c.id",
  "c.post_id as postId",
  "c.channel_id as channelId",
  "c.parent_id as parentId",
  "c.platform_comment_id as platformCommentId",
  "c.author_name as authorName",
  "c.author_id as authorId",
  "c.text",
  "c.own",
  "c.hidden",
  "c.deleted_at as deletedAt",
  "c.deleted_by as deletedBy",
  "c.edited_at as editedAt",
  "c.platform_timestamp as createdAt",
  "c.triage",
  "d.id as decisionId",
  "d.reason as decisionReason",
  "d.reason_code as reasonCode",
  "d.reason_params as reasonParams",
  "d.rule_name as ruleName",
  "d.outcome as decisionOutcome",
  "d.outcome_error as outcomeError",
  "d.confidence as decisionConfidence",
] as const;

export interface CommentListInput {
  postId?: string;
  filter?: CommentFilter;
  triage?: "IGNORE" | "ESCALATE" | "AUTO_REPLY";
  cursor?: string | null;
  limit?: number;
}

/** Top-level comments (customers' and the account's own), newest first, with replies and replies on their way. */
export async function listComments(db: Db, workspaceId: string, input: CommentListInput) {
  const limit = input.limit ?? 30;
  const after = decodeCursor(input.cursor);
  const filter = input.filter ?? "all";
  let q = db
    .selectFrom("comments as c")
    .leftJoin("ai_decisions as d", "d.id", "c.ai_decision_id")
    .select(COMMENT_COLUMNS)
    .select(answered.as("answered"))
    .where("c.workspace_id", "=", workspaceId)
    .where("c.parent_id", "is", null);
  if (input.postId) q = q.where("c.post_id", "=", input.postId);
  if (input.triage) q = q.where("c.triage", "=", input.triage);
  if (filter === "hidden") q = q.where("c.hidden", "=", true).where("c.deleted_at", "is", null);
  if (filter === "unanswered" || filter === "escalated") {
    q = q.where("c.own", "=", false).where("c.deleted_at", "is", null).where(sql<boolean>`not ${answered}`);
    q = filter === "escalated" ? q.where("c.triage", "=", "ESCALATE") : q.where("c.hidden", "=", false).where(sql<boolean>`coalesce(c.triage, '') <> 'IGNORE'`);
  }
  if (after) q = q.where(sql<boolean>`(c.platform_timestamp, c.id) < (${after.at}::timestamptz, ${after.id}::uuid)`);
  const rows = await q.orderBy("c.platform_timestamp", "desc").orderBy("c.id", "desc").limit(limit + 1).execute();
  const page = rows.slice(0, limit);
  const items = await withReplies(db, page);
  const last = rows.length > limit ? page[page.length - 1] : undefined;
  return { items, nextCursor: last ? encodeCursor(last.createdAt, last.id) : null };
}

/** One comment's thread: its top-level comment (the comment itself, or its parent) with replies nested, and its post. */
export async function getCommentThread(db: Db, workspaceId: string, commentId: string) {
  const asked = await db.selectFrom("comments").select(["id", "parent_id"]).where("id", "=", commentId).where("workspace_id", "=", workspaceId).executeTakeFirst();
  if (!asked) return null;
  const topId = asked.parent_id ?? asked.id;
  const top = await db
    .selectFrom("comments as c")
    .leftJoin("ai_decisions as d", "d.id", "c.ai_decision_id")
    .select(COMMENT_COLUMNS)
    .select(answered.as("answered"))
    .where("c.id", "=", topId)
    .executeTakeFirstOrThrow();
  const [comment] = await withReplies(db, [top]);
  const post = top.postId
    ? await db
        .selectFrom("comment_posts")
        .select(["id", "caption", "permalink", "published_at as publishedAt", "stop_at as stopAt", "channel_id as channelId"])
        .where("id", "=", top.postId)
        .executeTakeFirst()
    : undefined;
  return { comment: comment!, post: post ?? null };
}

// Only for the type of a selected row.
function _topLevelShape(db: Db) {
  return db.selectFrom("comments as c").leftJoin("ai_decisions as d", "d.id", "c.ai_decision_id").select(COMMENT_COLUMNS).select(answered.as("answered")).execute();
}
type CommentRow = Awaited<ReturnType<typeof _topLevelShape>>[number];

function shape(r: Omit<CommentRow, "answered">) {
  return {
    id: r.id,
    postId: r.postId,
    channelId: r.channelId,
    parentId: r.parentId,
    platformCommentId: r.platformCommentId,
    author: { name: r.authorName, id: r.authorId },
    text: r.text,
    own: r.own,
    hidden: r.hidden,
    deletedAt: r.deletedAt,
    deletedBy: r.deletedBy,
    editedAt: r.editedAt,
    createdAt: r.createdAt,
    triage: r.triage,
    decision: r.decisionId
      ? {
          id: r.decisionId,
          reason: r.decisionReason,
          reasonCode: r.reasonCode,
          reasonParams: (r.reasonParams ?? {}) as Record<string, unknown>,
          ruleName: r.ruleName,
          outcome: r.decisionOutcome,
          outcomeError: r.outcomeError,
          confidence: r.decisionConfidence,
        }
      : null,
  };
}

async function withReplies(db: Db, tops: CommentRow[]) {
  if (!tops.length) return [];
  const ids = tops.map((t) => t.id);
  const replies = await db
    .selectFrom("comments as c")
    .leftJoin("ai_decisions as d", "d.id", "c.ai_decision_id")
    .select(COMMENT_COLUMNS)
    .where("c.parent_id", "in", ids)
    .orderBy("c.platform_timestamp")
    .orderBy("c.id")
    .execute();
  const all = [...ids, ...replies.map((r) => r.id)];
  const outbox = await db
    .selectFrom("outbound_messages as o")
    .select([
      "o.id",
      "o.comment_id as commentId",
      "o.status",
      "o.automatic",
      "o.platform_id as platformId",
      "o.error_class as errorClass",
      "o.error_message as errorMessage",
      "o.created_at as createdAt",
      sql<string>`o.body->>'type'`.as("type"),
      sql<string>`o.body->>'text'`.as("text"),
      // A private reply sent: its message in the customer's DM conversation (the inbox records it there).
      sql<string | null>`(select m.conversation_id from messages m where m.id = o.message_id)`.as("conversationId"),
    ])
    .where("o.comment_id", "in", all)
    .orderBy("o.created_at")
    .execute();
  const stored = new Set(replies.map((r) => r.platformCommentId));
  const byParent = new Map<string, ReturnType<typeof shape>[]>();
  for (const r of replies) {
    const list = byParent.get(r.parentId!) ?? [];
    list.push(shape(r));
    byParent.set(r.parentId!, list);
  }
  const outgoing = new Map<string, ReturnType<typeof outgoingShape>[]>();
  for (const o of outbox) {
    // A public reply that went out shows as the comment it became once stored (webhook or poll).
    if (o.type === "comment_reply" && o.status === "sent" && o.platformId && stored.has(o.platformId)) continue;
    const list = outgoing.get(o.commentId!) ?? [];
    list.push(outgoingShape(o));
    outgoing.set(o.commentId!, list);
  }
  return tops.map((t) => ({
    ...shape(t),
    answered: t.answered,
    replies: (byParent.get(t.id) ?? []).map((r) => ({ ...r, outgoing: outgoing.get(r.id) ?? [] })),
    outgoing: outgoing.get(t.id) ?? [],
    privateReply: outbox.find((o) => o.commentId === t.id && o.type === "private_reply" && o.status !== "failed" && o.status !== "blocked") ? true : false,
    /** The DM conversation the private reply opened, where the customer's answer arrives. */
    conversationId: outbox.find((o) => o.commentId === t.id && o.type === "private_reply" && o.conversationId)?.conversationId ?? null,
  }));
}

function outgoingShape(o: { id: string; type: string; text: string; status: string; automatic: boolean; errorClass: string | null; errorMessage: string | null; createdAt: Date }) {
  return {
    id: o.id,
    kind: o.type === "private_reply" ? ("private" as const) : ("public" as const),
    text: o.text,
    status: o.status,
    automatic: o.automatic,
    errorClass: o.errorClass,
    errorMessage: o.errorMessage,
    createdAt: o.createdAt,
  };
}

function encodeCursor(at: Date, id: string): string {
  return Buffer.from(JSON.stringify([at.toISOString(), id]), "utf8").toString("base64url");
}

function decodeCursor(cursor: string | null | undefined): { at: string; id: string } | null {
  if (!cursor) return null;
  try {
    const v: unknown = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    if (Array.isArray(v) && typeof v[0] === "string" && typeof v[1] === "string" && isStorableInstant(new Date(v[0])) && /^[0-9a-f-]{36}$/i.test(v[1])) {
      return { at: v[0], id: v[1] };
    }
  } catch {
    // A cursor we did not make: the first page.
  }
  return null;
}

/** The comments some private replies answered, as the inbox thread shows them: an excerpt and the post to open. */
export async function commentOrigins(db: Db, commentIds: string[]): Promise<Map<string, { commentId: string; postId: string | null; text: string }>> {
  if (!commentIds.length) return new Map();
  const rows = await db.selectFrom("comments").select(["id", "post_id", sql<string>`left(text, 200)`.as("text")]).where("id", "in", [...new Set(commentIds)]).execute();
  return new Map(rows.map((r) => [r.id, { commentId: r.id, postId: r.post_id, text: r.text }]));
}
