// The one storage path of comments, for webhooks and polling alike: idempotent on (channel, platform comment id), so
// whichever path sees a comment first stores it and the other finds it. States (hidden, edited, deleted) move here.
import { raiseWorkspaceEvent, sql, type Database } from "@sillage/db";
import { enqueue } from "@sillage/queue";
import { triageCommentJob } from "./jobs/declarations";

/** A comment as either path sees it. */
export interface IncomingComment {
  id: string;
  /** Platform id of the top-level comment this replies to (one level of replies). */
  parentId: string | null;
  text: string;
  from: { id: string | null; username: string | null };
  /** Written by the account itself (webhook `from.self_ig_scoped_id`, or the account's own id): never triaged. */
  own: boolean;
  timestamp: Date;
  /** What the listing says (polling only; a webhook says nothing of hiding). */
  hidden?: boolean;
  likeCount?: number | null;
}

/** The post a comment belongs to (a `comment_posts` row). */
export interface PostRef {
  id: string;
  workspaceId: string;
  channelId: string;
  platformMediaId: string;
  publicationId: string | null;
  /** Comments older than this are a backlog found late (a media followed after the fact): stored, not triaged. */
  triageFrom: Date;
}

export interface StoreResult {
  /** Comments inserted by this call. */
  created: number;
  /** Of which from customers (queued for triage when recent). */
  createdCustomer: number;
  /** Existing comments whose text or hidden state changed. */
  updated: number;
}

type Existing = { id: string; platform_comment_id: string; text: string; hidden: boolean; deleted_at: Date | null };

/**
 * Stores comments of one post in the caller's transaction: inserts the new ones (a reply whose parent is not stored
 * yet keeps the parent's platform id and is linked when the parent arrives), records edits and hiding seen by
 * polling, queues each new recent customer comment for triage once (job key per comment), raises `comment.received`.
 */
export async function storeComments(
  db: Database,
  post: PostRef,
  comments: readonly IncomingComment[],
  source: "webhook" | "poll",
  now: Date,
): Promise<StoreResult> {
  const result: StoreResult = { created: 0, createdCustomer: 0, updated: 0 };
  if (!comments.length) return result;
  const byId = new Map(comments.map((c) => [c.id, c]));
  const existing = await db
    .selectFrom("comments")
    .select(["id", "platform_comment_id", "text", "hidden", "deleted_at"])
    .where("channel_id", "=", post.channelId)
    .where("platform_comment_id", "in", [...byId.keys()])
    .execute();
  const known = new Map<string, Existing>(existing.map((r) => [r.platform_comment_id, r]));

  // Changes polling sees on stored comments: a new text (edited by its author), hidden or shown.
  const changes: { row: Existing; c: IncomingComment; edited: boolean; hiddenChanged: boolean }[] = [];
  if (source === "poll") {
    for (const [id, row] of known) {
      const c = byId.get(id)!;
      if (row.deleted_at) continue;
      const edited = c.text !== row.text;
      const hiddenChanged = c.hidden !== undefined && c.hidden !== row.hidden;
      if (edited || hiddenChanged) changes.push({ row, c, edited, hiddenChanged });
    }
  }
  // Parents first, so a reply stored in the same call links to its parent's row.
  const fresh = [...byId.values()].filter((c) => !known.has(c.id)).sort((a, b) => Number(a.parentId !== null) - Number(b.parentId !== null));
  // A page with nothing new (most checks) costs that one read: no transaction, no write.
  if (!changes.length && !fresh.length) return result;
  const write = (trx: Database) => writeComments(trx, post, changes, fresh, source, now, result);
  return db.isTransaction ? write(db) : db.transaction().execute(write);
}

async function writeComments(
  trx: Database,
  post: PostRef,
  changes: { row: Existing; c: IncomingComment; edited: boolean; hiddenChanged: boolean }[],
  fresh: IncomingComment[],
  source: "webhook" | "poll",
  now: Date,
  result: StoreResult,
): Promise<StoreResult> {
  {
    for (const { row, c, edited, hiddenChanged } of changes) {
      await trx
        .updateTable("comments")
        .set({
          ...(edited ? { text: c.text, original_text: sql<string>`coalesce(original_text, text)`, edited_at: now } : {}),
          ...(hiddenChanged ? { hidden: c.hidden!, hidden_at: c.hidden ? now : null } : {}),
          ...(c.likeCount != null ? { like_count: c.likeCount } : {}),
        })
        .where("id", "=", row.id)
        .execute();
      result.updated++;
      await raiseWorkspaceEvent(trx, post.workspaceId, "comment.updated", { commentId: row.id, postId: post.id, edited, hidden: c.hidden ?? null });
    }
  }

  for (const c of fresh) {
    const parentRow = c.parentId ? await parentOf(trx, post.channelId, c.parentId) : null;
    const row = await trx
      .insertInto("comments")
      .values({
        workspace_id: post.workspaceId,
        channel_id: post.channelId,
        post_id: post.id,
        publication_id: post.publicationId,
        platform_media_id: post.platformMediaId,
        platform_comment_id: c.id,
        parent_id: parentRow,
        parent_platform_id: c.parentId,
        author_name: c.from.username,
        author_id: c.from.id,
        text: c.text,
        own: c.own,
        hidden: c.hidden ?? false,
        hidden_at: c.hidden ? now : null,
        like_count: c.likeCount ?? null,
        platform_timestamp: c.timestamp,
        source,
      })
      // The other path may have stored it meanwhile (a webhook during a poll): then it is theirs, unchanged.
      .onConflict((oc) => oc.columns(["channel_id", "platform_comment_id"]).doNothing())
      .returning("id")
      .executeTakeFirst();
    if (!row) continue;
    result.created++;
    if (!c.parentId) {
      // Replies stored before their parent (a webhook for a reply under a comment polling never read).
      await trx
        .updateTable("comments")
        .set({ parent_id: row.id })
        .where("channel_id", "=", post.channelId)
        .where("parent_platform_id", "=", c.id)
        .where("parent_id", "is", null)
        .execute();
    }
    await raiseWorkspaceEvent(trx, post.workspaceId, "comment.received", { commentId: row.id, postId: post.id, own: c.own });
    if (!c.own) {
      result.createdCustomer++;
      if (c.timestamp >= post.triageFrom) {
        await enqueue(trx, triageCommentJob, { workspaceId: post.workspaceId, commentId: row.id }, { jobKey: `comment-triage:${row.id}`, jobKeyMode: "preserve_run_at" });
      }
    }
  }
  return result;
}

async function parentOf(trx: Database, channelId: string, platformId: string): Promise<string | null> {
  const row = await trx.selectFrom("comments").select("id").where("channel_id", "=", channelId).where("platform_comment_id", "=", platformId).executeTakeFirst();
  return row?.id ?? null;
}

/**
 * Comments polling no longer finds where it read everything (deleted by their author, or by the post's owner on
 * Instagram): marked, never removed. `ids` are the platform ids the pages showed; `range` the top-level times they
 * covered (exclusive at the old end: a same-second comment on the next page is not judged); `parents` the threads
 * whose replies were read whole.
 */
export async function markMissing(
  trx: Database,
  post: PostRef,
  seen: ReadonlySet<string>,
  range: { from: Date | null; to: Date } | null,
  parents: readonly string[],
  now: Date,
): Promise<number> {
  if (!range && !parents.length) return 0;
  const candidates = await trx
    .selectFrom("comments")
    .select(["id", "platform_comment_id"])
    .where("post_id", "=", post.id)
    .where("deleted_at", "is", null)
    // Written after the listing was read (a webhook meanwhile): the pages could not show it.
    .where("platform_timestamp", "<", now)
    .where((eb) =>
      eb.or([
        ...(range
          ? [eb.and([eb("parent_platform_id", "is", null), ...(range.from ? [eb("platform_timestamp", ">", range.from)] : []), eb("platform_timestamp", "<=", range.to)])]
          : []),
        ...(parents.length ? [eb("parent_platform_id", "in", parents)] : []),
      ]),
    )
    .execute();
  const gone = candidates.filter((c) => !seen.has(c.platform_comment_id)).map((c) => c.id);
  if (!gone.length) return 0;
  if (!trx.isTransaction) return trx.transaction().execute(async (t) => (await markGone(t, post, gone, now), gone.length));
  await markGone(trx, post, gone, now);
  return gone.length;
}

async function markGone(trx: Database, post: PostRef, gone: string[], now: Date): Promise<void> {
  await trx.updateTable("comments").set({ deleted_at: now, deleted_by: "customer" }).where("id", "in", gone).where("deleted_at", "is", null).execute();
  for (const id of gone) await raiseWorkspaceEvent(trx, post.workspaceId, "comment.deleted", { commentId: id, postId: post.id, by: "customer" });
}

/** Marks a comment deleted by the business (the comments surface calls it after Graph said yes). */
export async function markDeletedByUs(db: Database, workspaceId: string, commentId: string, now: Date): Promise<boolean> {
  const row = await db
    .updateTable("comments")
    .set({ deleted_at: now, deleted_by: "us" })
    .where("workspace_id", "=", workspaceId)
    .where("id", "=", commentId)
    .where("deleted_at", "is", null)
    .returning("id")
    .executeTakeFirst();
  if (row) await raiseWorkspaceEvent(db, workspaceId, "comment.deleted", { commentId, by: "us" });
  return !!row;
}

/** Records a comment hidden or shown by the business (after Graph said yes). */
export async function markHidden(db: Database, workspaceId: string, commentId: string, hidden: boolean, now: Date): Promise<boolean> {
  const row = await db
    .updateTable("comments")
    .set({ hidden, hidden_at: hidden ? now : null })
    .where("workspace_id", "=", workspaceId)
    .where("id", "=", commentId)
    .returning("id")
    .executeTakeFirst();
  if (row) await raiseWorkspaceEvent(db, workspaceId, "comment.updated", { commentId, hidden });
  return !!row;
}
