// Replies to Instagram comments on THE outbound path: a public reply under the comment (`POST /{comment}/replies`)
// or a private reply (a DM with `recipient.comment_id`, once per comment, within 7 days of it). Like every message,
// a reply is an outbox row plus a send job queued in the caller's transaction, and the gate runs twice: when queued
// and right before the platform call, so turning the AI control off also stops automatic replies already queued.
// The inbox knows nothing of the `comments` table (its owner, @sillage/comments, sits above): the caller gives the
// comment's ids and time, kept in the row's body, and reads the row back (`outbound_messages.comment_id`).

import { loadChannel, recordChannelError } from "@sillage/channels";
import { isPlatformError, type PlatformError } from "@sillage/connectors";
import { raiseWorkspaceEvent, sql, type Database, type ScopedDb } from "@sillage/db";
import { enqueue } from "@sillage/queue";
import type { Clock } from "@sillage/time";
import type { InboxDeps } from "./deps";
import { decisionFailedOnPlatform, decisionRefusedBy, InboxError, isAiBlocked, OPEN_DECISION_OUTCOMES, type DecisionOutcomeUpdate } from "./errors";
import { upsertContact, upsertConversation, type Trx } from "./ingest/routing";
import { sendOutboundJob } from "./jobs";
import { preview, STATUS_RANK } from "./model";

/** Instagram allows one private reply per comment, within 7 days of the comment. */
export const PRIVATE_REPLY_WINDOW_MS = 7 * 24 * 3_600_000;
/** A public reply is a comment: the caption's limit. */
export const COMMENT_REPLY_MAX_CHARS = 2200;
/** A private reply is a DM: under 1,000 bytes. */
export const PRIVATE_REPLY_MAX_BYTES = 1000;

export type CommentReplyKind = "public" | "private";

/** The outbox body of a comment reply (`outbound_messages.body`). */
export interface CommentReplyBody {
  type: "comment_reply" | "private_reply";
  text: string;
  platformCommentId: string;
  /** ISO time of the comment (the private reply's 7 days count from it). */
  commentAt: string;
}

export interface CommentTarget {
  /** `comments.id` */
  id: string;
  channelId: string;
  platformCommentId: string;
  createdAt: Date;
}

export interface SendCommentReplyInput {
  workspaceId: string;
  comment: CommentTarget;
  kind: CommentReplyKind;
  text: string;
  /** True for anything a person did not write (AI replies). */
  automatic: boolean;
  aiDecisionId?: string | null;
  userId?: string | null;
}

interface CommentCheck {
  workspaceId: string;
  outboundId?: string;
  comment: CommentTarget;
  kind: CommentReplyKind;
  text: string;
  automatic: boolean;
  now: Date;
}

/** The gate for comment replies: channel, Instagram's private-reply rules, the AI control for automatic ones. */
export async function assertMayReplyToComment(db: Database | ScopedDb, c: CommentCheck): Promise<void> {
  const channel = await db
    .selectFrom("channels")
    .innerJoin("workspaces", "workspaces.id", "channels.workspace_id")
    .select(["channels.platform", "channels.status", "channels.ai_enabled as channelAi", "workspaces.ai_enabled as workspaceAi"])
    .where("channels.id", "=", c.comment.channelId)
    .where("channels.workspace_id", "=", c.workspaceId)
    .executeTakeFirst();
  if (!channel) throw new InboxError("not_found", "comment_channel_gone");
  if (channel.platform !== "instagram") throw new InboxError("invalid_input", "comment_instagram_only");
  if (channel.status !== "active") throw new InboxError("channel_unavailable", "channel_reconnect");
  const text = c.text.trim();
  if (!text) throw new InboxError("invalid_input", "reply_empty");
  if (c.kind === "public" && [...text].length > COMMENT_REPLY_MAX_CHARS) throw new InboxError("invalid_input", "comment_reply_too_long", { params: { max: COMMENT_REPLY_MAX_CHARS } });
  if (c.kind === "private" && Buffer.byteLength(text, "utf8") >= PRIVATE_REPLY_MAX_BYTES) {
    throw new InboxError("invalid_input", "private_reply_too_long");
  }
  if (c.kind === "private") {
    if (c.now.getTime() - c.comment.createdAt.getTime() >= PRIVATE_REPLY_WINDOW_MS) {
      throw new InboxError("comment_too_old", "comment_too_old");
    }
    let q = db
      .selectFrom("outbound_messages")
      .select("id")
      .where("comment_id", "=", c.comment.id)
      .where(sql<string>`body->>'type'`, "=", "private_reply")
      .where("status", "in", ["queued", "sending", "sent"]);
    if (c.outboundId) q = q.where("id", "!=", c.outboundId);
    if (await q.executeTakeFirst()) {
      throw new InboxError("private_reply_exists", "private_reply_exists");
    }
  }
  if (!c.automatic) return;
  if (!channel.workspaceAi || !channel.channelAi) throw new InboxError("ai_off", "ai_off");
  // A person already answered this comment (or is answering it): the AI stays out.
  const human = await db
    .selectFrom("outbound_messages")
    .select("id")
    .where("comment_id", "=", c.comment.id)
    .where("automatic", "=", false)
    .where("status", "in", ["queued", "sending", "sent"])
    .executeTakeFirst();
  if (human) throw new InboxError("human_takeover", "comment_human_takeover");
}

/**
 * Queues a reply to a comment inside the caller's transaction (outbox row + send job on the comment's own queue).
 * Throws InboxError when it may not go out.
 */
export async function sendCommentReply(db: Database | ScopedDb, deps: { clock: Clock }, input: SendCommentReplyInput): Promise<{ outboundId: string }> {
  const now = deps.clock.now();
  const text = input.text.trim();
  await assertMayReplyToComment(db, { workspaceId: input.workspaceId, comment: input.comment, kind: input.kind, text, automatic: input.automatic, now });
  const body: CommentReplyBody = {
    type: input.kind === "public" ? "comment_reply" : "private_reply",
    text,
    platformCommentId: input.comment.platformCommentId,
    commentAt: input.comment.createdAt.toISOString(),
  };
  const row = await db
    .insertInto("outbound_messages")
    .values({
      workspace_id: input.workspaceId,
      comment_id: input.comment.id,
      channel_id: input.comment.channelId,
      ai_decision_id: input.aiDecisionId ?? null,
      automatic: input.automatic,
      body: JSON.stringify(body),
      created_by: input.userId ?? null,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await enqueue(db, sendOutboundJob, { workspaceId: input.workspaceId, outboundId: row.id }, { queueName: `outbound:comment:${input.comment.id}` });
  await raiseWorkspaceEvent(db, input.workspaceId, "comment.reply", { commentId: input.comment.id, outboundId: row.id, kind: input.kind, status: "queued" });
  return { outboundId: row.id };
}

/** Whether a comment's decision already has its automatic reply on the outbound path. */
export async function commentReplyQueuedFor(db: Database | ScopedDb, decisionId: string): Promise<boolean> {
  return (await db.selectFrom("outbound_messages").select("id").where("ai_decision_id", "=", decisionId).executeTakeFirst()) !== undefined;
}

/** The send job's part for a comment reply (called by `deliverOutbound` for rows naming a comment). */
export async function deliverCommentReply(
  deps: InboxDeps,
  row: { id: string; workspaceId: string; commentId: string; channelId: string; automatic: boolean; aiDecisionId: string | null; createdBy?: string | null; body: CommentReplyBody },
  attempt: { attempt: number; maxAttempts: number },
): Promise<{ outcome: "sent" | "failed" | "blocked" | "retry" | "skipped"; error?: string }> {
  const { db } = deps;
  const kind: CommentReplyKind = row.body.type === "private_reply" ? "private" : "public";
  const comment: CommentTarget = { id: row.commentId, channelId: row.channelId, platformCommentId: row.body.platformCommentId, createdAt: new Date(row.body.commentAt) };
  try {
    await assertMayReplyToComment(db, { workspaceId: row.workspaceId, outboundId: row.id, comment, kind, text: row.body.text, automatic: row.automatic, now: deps.clock.now() });
  } catch (err) {
    if (!(err instanceof InboxError)) throw err;
    const blocked = isAiBlocked(err);
    await finish(db, row, kind, blocked ? "blocked" : "failed", err.code, err.message, row.aiDecisionId ? decisionRefusedBy(err) : undefined);
    return { outcome: blocked ? "blocked" : "failed", error: err.message };
  }
  const loaded = await loadChannel(db, deps.secretBox, row.channelId);
  if (!loaded) {
    await finish(db, row, kind, "failed", "not_found", "The channel no longer exists.");
    return { outcome: "failed" };
  }
  const claimed = await db.updateTable("outbound_messages").set({ status: "sending" }).where("id", "=", row.id).where("status", "=", "queued").returning("id").executeTakeFirst();
  if (!claimed) return { outcome: "skipped" };
  const ig = deps.connectors.get("instagram");
  let platformId: string;
  let recipientId: string | null = null;
  try {
    if (kind === "public") platformId = (await ig.replyComment(loaded.channel, comment.platformCommentId, row.body.text)).id;
    else {
      const sent = await ig.sendMessage(loaded.channel, {
        to: { commentId: comment.platformCommentId, commentCreatedAt: comment.createdAt },
        message: { type: "text", text: row.body.text },
        writtenByHuman: !row.automatic,
      });
      platformId = sent.messageId;
      recipientId = sent.recipientId;
    }
  } catch (err) {
    if (!isPlatformError(err)) throw err;
    await recordChannelError(db, row.channelId, err, deps.clock.now());
    const notApplied = err.kind === "rate_limited" || err.kind === "retryable" || err.kind === "circuit_open";
    if (notApplied && attempt.attempt < attempt.maxAttempts) {
      await db.updateTable("outbound_messages").set({ status: "queued", error_class: err.kind, error_message: err.userMessage }).where("id", "=", row.id).execute();
      return { outcome: "retry", error: err.userMessage };
    }
    const { errorClass, message } = commentErrorOf(err, kind);
    await finish(db, row, kind, "failed", errorClass, message, row.aiDecisionId ? decisionFailedOnPlatform(errorClass, message) : undefined);
    return { outcome: "failed", error: message };
  }
  await db.transaction().execute(async (trx) => {
    // A private reply opens (or joins) the customer's DM conversation: it is its message there, and the link both ways.
    const messageId = kind === "private" && recipientId ? await recordPrivateReplyInConversation(trx, row, recipientId, platformId, deps.clock.now()) : null;
    await trx
      .updateTable("outbound_messages")
      .set({ status: "sent", platform_id: platformId, error_class: null, error_message: null, ...(messageId ? { message_id: messageId } : {}) })
      .where("id", "=", row.id)
      .where("status", "=", "sending")
      .execute();
    if (row.aiDecisionId) {
      await trx.updateTable("ai_decisions").set({ outcome: "sent", outcome_error: null, outcome_message: null }).where("id", "=", row.aiDecisionId).where("outcome", "=", "pending").execute();
    }
    await raiseWorkspaceEvent(trx, row.workspaceId, "comment.reply", { commentId: row.commentId, outboundId: row.id, kind, status: "sent" });
  });
  return { outcome: "sent" };
}

/**
 * The private reply as the first message of ours in the customer's DM conversation (found or created for the recipient
 * Instagram names), so the customer's answer lands under it, /comments can open that conversation and the thread can
 * show the comment it came from (`outbound_messages.message_id` → the message → its conversation). Idempotent on the
 * platform message id: its echo, applied first, is the same message.
 */
async function recordPrivateReplyInConversation(
  trx: Trx,
  row: { workspaceId: string; channelId: string; automatic: boolean; aiDecisionId: string | null; createdBy?: string | null; body: CommentReplyBody },
  recipientId: string,
  platformMessageId: string,
  now: Date,
): Promise<string> {
  const ch = { id: row.channelId, workspaceId: row.workspaceId, platform: "instagram" as const, burstWindowSeconds: 0 };
  const conversationId = await upsertConversation(trx, ch, await upsertContact(trx, ch, { id: recipientId }), now);
  const inserted = await trx
    .insertInto("messages")
    .values({
      workspace_id: row.workspaceId,
      conversation_id: conversationId,
      channel_id: row.channelId,
      direction: "out",
      author: row.automatic ? "ai" : "agent",
      author_user_id: row.createdBy ?? null,
      type: "text",
      text: row.body.text,
      platform_message_id: platformMessageId,
      status: "sent",
      status_rank: STATUS_RANK.sent,
      ai_decision_id: row.aiDecisionId,
      platform_timestamp: now,
      raw: JSON.stringify({ privateReplyTo: row.body.platformCommentId }),
    })
    .onConflict((oc) => oc.columns(["channel_id", "platform_message_id"]).where("platform_message_id", "is not", null).doNothing())
    .returning("id")
    .executeTakeFirst();
  const messageId =
    inserted?.id ??
    (await trx.selectFrom("messages").select("id").where("channel_id", "=", row.channelId).where("platform_message_id", "=", platformMessageId).executeTakeFirstOrThrow()).id;
  await trx
    .updateTable("conversations")
    .set({
      last_message_preview: sql`case when ${now}::timestamptz >= last_message_at then ${preview("text", row.body.text)} else last_message_preview end`,
      last_message_at: sql`greatest(last_message_at, ${now}::timestamptz)`,
      ...(row.automatic ? {} : { last_human_reply_at: sql`greatest(coalesce(last_human_reply_at, ${now}::timestamptz), ${now}::timestamptz)` }),
    })
    .where("id", "=", conversationId)
    .execute();
  await raiseWorkspaceEvent(trx, row.workspaceId, "inbox.message", { conversationId, messageId, direction: "out" });
  return messageId;
}

/**
 * The error class the SPA words for a refused comment reply: Instagram's once-only refusal and a comment deleted
 * meanwhile get their own classes; a lost answer is "uncertain" (it may have gone out).
 */
export function commentErrorOf(err: PlatformError, kind: CommentReplyKind): { errorClass: string; message: string } {
  if (err.kind === "timeout" || err.kind === "network" || err.kind === "malformed") {
    return { errorClass: "uncertain", message: `${err.userMessage} The reply may or may not have gone out.` };
  }
  if (err.kind === "duplicate" && kind === "private") return { errorClass: "private_reply_exists", message: err.userMessage };
  if (err.kind === "not_found") return { errorClass: "comment_deleted", message: err.userMessage };
  if (err.kind === "window_closed" && kind === "private") return { errorClass: "comment_too_old", message: err.userMessage };
  return { errorClass: err.kind, message: err.userMessage };
}

async function finish(
  db: Database,
  row: { id: string; workspaceId: string; commentId: string; aiDecisionId: string | null },
  kind: CommentReplyKind,
  status: "failed" | "blocked",
  errorClass: string,
  message: string,
  decision?: DecisionOutcomeUpdate,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.updateTable("outbound_messages").set({ status, error_class: errorClass, error_message: message }).where("id", "=", row.id).execute();
    if (decision && row.aiDecisionId) {
      await trx.updateTable("ai_decisions").set(decision).where("id", "=", row.aiDecisionId).where("outcome", "in", OPEN_DECISION_OUTCOMES).execute();
    }
    await raiseWorkspaceEvent(trx, row.workspaceId, "comment.reply", { commentId: row.commentId, outboundId: row.id, kind, status, error: errorClass });
  });
}

/** A reply found mid-send (the worker died during the call): never sent again, marked "may or may not have gone out". */
export async function markCommentReplyUncertain(
  db: Database,
  row: { id: string; workspaceId: string; commentId: string; aiDecisionId: string | null; body: CommentReplyBody },
): Promise<void> {
  const message = "Sending was interrupted: the reply may or may not have gone out. Check on Instagram before sending it again.";
  const kind: CommentReplyKind = row.body.type === "private_reply" ? "private" : "public";
  await finish(db, row, kind, "failed", "uncertain", message, row.aiDecisionId ? decisionFailedOnPlatform("uncertain", message) : undefined);
}
