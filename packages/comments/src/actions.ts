// What a person does with a comment: reply under it or privately (queued on the inbox's one outbound path, like
// every message), hide or unhide it, delete it (straight through the connector: Meta answers at once, and the
// person sees the outcome in words). Automatic hiding of spam uses the same `setCommentHidden`.
// Hide and delete answer a refusal as a result, not a throw: what Meta's refusal taught (the comment is gone, the
// token is dead) is written in the caller's transaction and must commit with the answer.

import { loadChannel, recordChannelError } from "@sillage/channels";
import type { Connectors } from "@sillage/connectors";
import type { SecretBox } from "@sillage/crypto";
import { raiseWorkspaceEvent, type Database, type ScopedDb } from "@sillage/db";
import { sendCommentReply, type CommentReplyKind } from "@sillage/inbox";
import type { Clock } from "@sillage/time";
import { markDeletedByUs, markHidden } from "./store";
import { CommentActionError, toCommentActionError, type CommentErrorReason } from "./action-errors";

type Db = Database | ScopedDb;

export interface CommentActionDeps {
  clock: Clock;
  connectors: Connectors;
  secretBox: SecretBox;
}

/** A comment as the actions need it (with the top-level comment a public reply goes under). */
export async function commentForAction(db: Db, workspaceId: string, commentId: string) {
  const c = await db
    .selectFrom("comments as c")
    .leftJoin("comments as parent", "parent.id", "c.parent_id")
    .select([
      "c.id",
      "c.channel_id as channelId",
      "c.platform_comment_id as platformCommentId",
      "c.platform_timestamp as createdAt",
      "c.own",
      "c.hidden",
      "c.deleted_at as deletedAt",
      "c.parent_id as parentId",
      "parent.id as topId",
      "parent.platform_comment_id as topPlatformId",
      "parent.platform_timestamp as topCreatedAt",
    ])
    .where("c.id", "=", commentId)
    .where("c.workspace_id", "=", workspaceId)
    .executeTakeFirst();
  if (!c) throw new CommentActionError("not_found", "Comment not found");
  return c;
}

/**
 * Queues a public reply (under the comment's thread: Instagram replies are one level deep) or a private reply (a DM
 * to its author, once, within 7 days). In the caller's transaction.
 */
export async function replyToComment(
  db: Db,
  deps: { clock: Clock },
  input: { workspaceId: string; commentId: string; kind: CommentReplyKind; text: string; userId: string | null; automatic?: boolean; aiDecisionId?: string | null },
): Promise<{ outboundId: string }> {
  const c = await commentForAction(db, input.workspaceId, input.commentId);
  if (c.deletedAt) throw new CommentActionError("comment_deleted", "This comment was deleted: it cannot be answered.");
  if (c.own && input.kind === "private") throw new CommentActionError("own_comment", "A private reply goes to a customer's comment, not to the account's own.");
  // A public reply to a reply joins the top-level thread (Meta allows one level); a private reply goes to the comment itself.
  const target =
    input.kind === "public" && c.topId && c.topPlatformId && c.topCreatedAt
      ? { id: c.topId, channelId: c.channelId, platformCommentId: c.topPlatformId, createdAt: c.topCreatedAt }
      : { id: c.id, channelId: c.channelId, platformCommentId: c.platformCommentId, createdAt: c.createdAt };
  try {
    return await sendCommentReply(db, deps, {
      workspaceId: input.workspaceId,
      comment: target,
      kind: input.kind,
      text: input.text,
      automatic: input.automatic ?? false,
      aiDecisionId: input.aiDecisionId ?? null,
      userId: input.userId,
    });
  } catch (err) {
    throw toCommentActionError(err);
  }
}

/** A refused action: the reason (worded by the SPA) and Meta's or our sentence. */
export type CommentRefusal = { ok: false; id: string; reason: CommentErrorReason; message: string };

/** Hides or shows a comment on Instagram, then here. A comment deleted meanwhile is marked so and refused in words. */
export async function setCommentHidden(
  db: Db,
  deps: CommentActionDeps,
  input: { workspaceId: string; commentId: string; hidden: boolean },
): Promise<{ ok: true; id: string; hidden: boolean } | CommentRefusal> {
  const c = await commentForAction(db, input.workspaceId, input.commentId);
  if (c.deletedAt) return { ok: false, id: c.id, reason: "comment_deleted", message: "This comment was deleted." };
  if (c.own) return { ok: false, id: c.id, reason: "own_comment", message: "The account's own comments always stay visible on Instagram." };
  try {
    const channel = await platformChannel(db, deps, c.channelId);
    const ig = deps.connectors.get("instagram");
    await (input.hidden ? ig.hideComment(channel, c.platformCommentId) : ig.unhideComment(channel, c.platformCommentId));
  } catch (err) {
    return refused(db, deps, input.workspaceId, c, err);
  }
  await markHidden(db, input.workspaceId, c.id, input.hidden, deps.clock.now());
  return { ok: true, id: c.id, hidden: input.hidden };
}

/** Deletes a comment on Instagram (only the media's owner may), then marks it deleted by us (kept for the record). */
export async function deleteComment(
  db: Db,
  deps: CommentActionDeps,
  input: { workspaceId: string; commentId: string },
): Promise<{ ok: true; id: string; deleted: true } | CommentRefusal> {
  const c = await commentForAction(db, input.workspaceId, input.commentId);
  if (c.deletedAt) return { ok: true, id: c.id, deleted: true };
  try {
    const channel = await platformChannel(db, deps, c.channelId);
    await deps.connectors.get("instagram").deleteComment(channel, c.platformCommentId);
  } catch (err) {
    return refused(db, deps, input.workspaceId, c, err);
  }
  await markDeletedByUs(db, input.workspaceId, c.id, deps.clock.now());
  return { ok: true, id: c.id, deleted: true };
}

async function platformChannel(db: Db, deps: CommentActionDeps, channelId: string) {
  const loaded = await loadChannel(db, deps.secretBox, channelId);
  if (!loaded) throw new CommentActionError("not_found", "The comment's channel no longer exists.");
  if (loaded.row.status !== "active") throw new CommentActionError("channel_unavailable", "Reconnect the Instagram account first.");
  return loaded.channel;
}

/** Meta refused: a comment gone meanwhile is marked deleted (by its author), a refused token marks the channel. */
async function refused(db: Db, deps: CommentActionDeps, workspaceId: string, c: { id: string; channelId: string }, err: unknown): Promise<CommentRefusal> {
  const mapped = toCommentActionError(err);
  if (!(mapped instanceof CommentActionError)) throw mapped;
  await recordChannelError(db, c.channelId, err, deps.clock.now());
  if (mapped.reason === "comment_deleted") {
    await db.updateTable("comments").set({ deleted_at: deps.clock.now(), deleted_by: "customer" }).where("id", "=", c.id).where("deleted_at", "is", null).execute();
    await raiseWorkspaceEvent(db, workspaceId, "comment.updated", { commentId: c.id, deleted: true });
  }
  return { ok: false, id: c.id, reason: mapped.reason, message: mapped.message };
}
