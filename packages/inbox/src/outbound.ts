// THE outbound path. Every message Sillage sends in a conversation — typed by a person or written by the AI —
// goes through `sendOutbound` (outbox row + the thread's message + a send job, in the caller's transaction) and
// then `deliverOutbound` (the job: checks again, sends through the connector, records the platform id).
// `assertMaySend` is the single gate both call: windows and templates for everyone, the AI control for automatic
// messages (issue 6 fills in that part).

import { refundCredit } from "@sillage/billing";
import { loadChannel, recordChannelError } from "@sillage/channels";
import { isPlatformError, type OutboundMessage, type TemplateComponent } from "@sillage/connectors";
import { raiseWorkspaceEvent, sql, type Database, type ScopedDb } from "@sillage/db";
import type { Clock } from "@sillage/time";
import type { InboxDeps } from "./deps";
import { decisionFailedOnPlatform, decisionRefusedBy, InboxError, isAiBlocked, OPEN_DECISION_OUTCOMES, type DecisionOutcomeUpdate } from "./errors";
import { preview, STATUS_RANK, type MessageType } from "./model";
import { enqueue } from "@sillage/queue";
import { sendOutboundJob } from "./jobs";
import { deliverCommentReply, markCommentReplyUncertain, type CommentReplyBody } from "./outbound-comments";
import { markCustomerMessagesRead } from "./read-receipts";
import { otherAppThreadSql } from "./thread-control";

export type OutboundBody =
  | { type: "text"; text: string }
  | {
      type: "image";
      url: string;
      caption?: string;
      /** A file stored by Sillage (`url` is then a signed link): the thread shows it with a fresh link. */
      stored?: { key: string; mimeType: string };
    }
  | { type: "template"; name: string; language: string; components?: TemplateComponent[] };

export interface SendOutboundInput {
  workspaceId: string;
  conversationId: string;
  body: OutboundBody;
  /** True for anything a person did not write (AI replies, automations). */
  automatic: boolean;
  aiDecisionId?: string | null;
  /** The person who wrote it (null for API tokens and automatic messages). */
  userId?: string | null;
}

export const WHATSAPP_WINDOW_MS = 24 * 3_600_000;
export const INSTAGRAM_WINDOW_MS = 24 * 3_600_000;
export const INSTAGRAM_HUMAN_AGENT_MS = 7 * 24 * 3_600_000;

export interface SendCheck {
  workspaceId: string;
  conversationId: string;
  platform: "whatsapp" | "instagram";
  channelStatus: string;
  /** Instagram: the app holds the Human Agent permission for this account. */
  humanAgent: boolean;
  lastInboundAt: Date | null;
  body: OutboundBody;
  automatic: boolean;
  aiDecisionId?: string | null;
  now: Date;
}

/** What the reply box needs to know before typing: may free text go out now, and until when. */
export function replyWindow(c: { platform: string; lastInboundAt: Date | null; humanAgent: boolean }, now: Date) {
  const since = c.lastInboundAt ? now.getTime() - c.lastInboundAt.getTime() : Infinity;
  const closesAt = c.lastInboundAt ? new Date(c.lastInboundAt.getTime() + WHATSAPP_WINDOW_MS) : null;
  if (c.platform === "whatsapp") {
    return { open: since < WHATSAPP_WINDOW_MS, closesAt, templatesOnly: since >= WHATSAPP_WINDOW_MS, humanAgentUntil: null as Date | null };
  }
  const humanAgentUntil = c.humanAgent && c.lastInboundAt ? new Date(c.lastInboundAt.getTime() + INSTAGRAM_HUMAN_AGENT_MS) : null;
  const open = since < INSTAGRAM_WINDOW_MS || (humanAgentUntil !== null && now < humanAgentUntil);
  return { open, closesAt, templatesOnly: false, humanAgentUntil };
}

/**
 * The one check point of the outbound path, run when a message is queued and again right before it is sent.
 * Throws an InboxError saying why a message may not go out.
 */
export async function assertMaySend(db: Database | ScopedDb, c: SendCheck): Promise<void> {
  if (c.channelStatus !== "active") {
    throw new InboxError("channel_unavailable", "channel_reconnect");
  }
  assertWindow(c);
  if (c.automatic) await assertAiAllowed(db, c);
}

/** The platforms' messaging windows: WhatsApp 24 h (templates after), Instagram 24 h, or 7 days for a person. */
function assertWindow(c: SendCheck): void {
  const since = c.lastInboundAt ? c.now.getTime() - c.lastInboundAt.getTime() : Infinity;
  if (c.platform === "whatsapp") {
    if (c.body.type !== "template" && since >= WHATSAPP_WINDOW_MS) {
      throw new InboxError("window_closed", c.lastInboundAt ? "whatsapp_window_closed" : "whatsapp_not_written", { templatesAvailable: true });
    }
    return;
  }
  if (c.body.type === "template") throw new InboxError("invalid_input", "templates_whatsapp_only");
  if (since < INSTAGRAM_WINDOW_MS) return;
  // HUMAN_AGENT: only what a person wrote, only with the permission, only up to 7 days (never automatic replies).
  if (!c.automatic && c.humanAgent && since < INSTAGRAM_HUMAN_AGENT_MS) return;
  throw new InboxError(
    "window_closed",
    !c.lastInboundAt ? "instagram_not_written" : !c.automatic && c.humanAgent ? "instagram_window_7_days" : c.automatic ? "instagram_window_automatic" : "instagram_window_no_human_agent",
  );
}

/**
 * AI control, checked at queue time and again right before the platform call (so turning it off also stops replies
 * already queued): the workspace switch, the channel switch, no automatic reply where a person answered within the
 * takeover window, nor where another app controls the Instagram thread.
 */
async function assertAiAllowed(db: Database | ScopedDb, c: SendCheck): Promise<void> {
  const row = await db
    .selectFrom("conversations")
    .innerJoin("channels", "channels.id", "conversations.channel_id")
    .innerJoin("workspaces", "workspaces.id", "conversations.workspace_id")
    .select([
      "workspaces.ai_enabled as workspaceAi",
      "channels.ai_enabled as channelAi",
      "workspaces.human_takeover_hours as takeoverHours",
      "conversations.last_human_reply_at as lastHumanReplyAt",
    ])
    .select(otherAppThreadSql(sql.ref<string>("conversations.id")).as("otherAppThread"))
    .where("conversations.id", "=", c.conversationId)
    .where("conversations.workspace_id", "=", c.workspaceId)
    .executeTakeFirst();
  if (!row || !row.workspaceAi || !row.channelAi) {
    throw new InboxError("ai_off", "ai_off");
  }
  if (row.lastHumanReplyAt && c.now.getTime() - row.lastHumanReplyAt.getTime() < row.takeoverHours * 3_600_000) {
    throw new InboxError("human_takeover", "human_takeover");
  }
  // Another app took the Instagram thread after the reply was decided (handover protocol): it answers, not Sillage.
  if (row.otherAppThread) throw new InboxError("human_takeover", "thread_other_app");
}

function messageTypeOf(body: OutboundBody): MessageType {
  return body.type === "text" ? "text" : body.type === "image" ? "image" : "template";
}

function textOf(body: OutboundBody): string | null {
  if (body.type === "text") return body.text;
  if (body.type === "image") return body.caption ?? null;
  return body.name;
}

async function loadTarget(db: Database | ScopedDb, workspaceId: string, conversationId: string) {
  return db
    .selectFrom("conversations")
    .innerJoin("channels", "channels.id", "conversations.channel_id")
    .innerJoin("contacts", "contacts.id", "conversations.contact_id")
    .select([
      "conversations.id",
      "conversations.channel_id",
      "conversations.last_inbound_at",
      "channels.platform",
      "channels.status as channel_status",
      "channels.human_agent",
      "contacts.platform_user_id",
    ])
    .where("conversations.id", "=", conversationId)
    .where("conversations.workspace_id", "=", workspaceId)
    .executeTakeFirst();
}

/**
 * Queues a message in a conversation, inside the caller's transaction: the outbox row, the thread's (pending)
 * message and the send job commit together. Throws InboxError when the message may not go out.
 */
export async function sendOutbound(
  db: Database | ScopedDb,
  deps: { clock: Clock },
  input: SendOutboundInput,
): Promise<{ outboundId: string; messageId: string }> {
  const target = await loadTarget(db, input.workspaceId, input.conversationId);
  if (!target) throw new InboxError("not_found", "conversation_not_found");
  // Instagram messages carry no caption: the image goes first, then its text as a message of its own (the send
  // queue of the conversation keeps them in that order).
  if (target.platform === "instagram" && input.body.type === "image" && input.body.caption?.trim()) {
    const { caption, ...image } = input.body;
    const now = deps.clock.now();
    const first = await queueOutbound(db, now, target, { ...input, body: image });
    // A millisecond later, so the thread (by time) shows the caption under its image.
    await queueOutbound(db, new Date(now.getTime() + 1), target, { ...input, body: { type: "text", text: caption.trim() } });
    return first;
  }
  return queueOutbound(db, deps.clock.now(), target, input);
}

async function queueOutbound(
  db: Database | ScopedDb,
  now: Date,
  target: NonNullable<Awaited<ReturnType<typeof loadTarget>>>,
  input: SendOutboundInput,
): Promise<{ outboundId: string; messageId: string }> {
  await assertMaySend(db, {
    workspaceId: input.workspaceId,
    conversationId: input.conversationId,
    platform: target.platform as "whatsapp" | "instagram",
    channelStatus: target.channel_status,
    humanAgent: target.human_agent,
    lastInboundAt: target.last_inbound_at,
    body: input.body,
    automatic: input.automatic,
    aiDecisionId: input.aiDecisionId,
    now,
  });
  const type = messageTypeOf(input.body);
  const message = await db
    .insertInto("messages")
    .values({
      workspace_id: input.workspaceId,
      conversation_id: input.conversationId,
      channel_id: target.channel_id,
      direction: "out",
      author: input.automatic ? "ai" : "agent",
      author_user_id: input.userId ?? null,
      type,
      text: textOf(input.body),
      status: "pending",
      status_rank: STATUS_RANK.pending,
      ai_decision_id: input.aiDecisionId ?? null,
      media: input.body.type === "image" ? JSON.stringify([{ type: "image", url: input.body.url, ...input.body.stored }]) : null,
      raw: input.body.type === "template" ? JSON.stringify({ template: input.body }) : null,
      platform_timestamp: now,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  const outbound = await db
    .insertInto("outbound_messages")
    .values({
      workspace_id: input.workspaceId,
      conversation_id: input.conversationId,
      channel_id: target.channel_id,
      message_id: message.id,
      ai_decision_id: input.aiDecisionId ?? null,
      automatic: input.automatic,
      body: JSON.stringify(input.body),
      created_by: input.userId ?? null,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await db
    .updateTable("conversations")
    .set({
      last_message_at: sql`greatest(last_message_at, ${now}::timestamptz)`,
      last_message_preview: preview(type, textOf(input.body)),
      ...(input.automatic ? {} : { last_human_reply_at: now, unread_count: 0 }),
    })
    .where("id", "=", input.conversationId)
    .execute();
  // One send queue per conversation: messages reach the customer in the order they were written.
  await enqueue(db, sendOutboundJob, { workspaceId: input.workspaceId, outboundId: outbound.id }, { queueName: `outbound:${input.conversationId}` });
  await raiseWorkspaceEvent(db, input.workspaceId, "inbox.message", { conversationId: input.conversationId, messageId: message.id, direction: "out" });
  return { outboundId: outbound.id, messageId: message.id };
}

function decisionOf(row: { ai_decision_id: string | null }, update: DecisionOutcomeUpdate): { id: string; update: DecisionOutcomeUpdate } | undefined {
  return row.ai_decision_id ? { id: row.ai_decision_id, update } : undefined;
}

function toConnectorMessage(body: OutboundBody): OutboundMessage {
  if (body.type === "text") return { type: "text", text: body.text };
  if (body.type === "image") return { type: "media", kind: "image", link: body.url, caption: body.caption };
  return { type: "template", name: body.name, language: body.language, components: body.components };
}

export type DeliverOutcome = "sent" | "failed" | "blocked" | "retry" | "skipped";

/**
 * The `inbox.send_outbound` job. Never sends twice: a row found mid-send (a crash during the call) is marked
 * failed as "uncertain" instead of being sent again. A retryable refusal ("not applied") returns "retry".
 * The row is claimed (`queued` → `sending`) only after every check, right before the platform call: an error
 * before that (a database blip, a channel that cannot be loaded) leaves it `queued`, so the job's retry sends it.
 */
export async function deliverOutbound(
  deps: InboxDeps,
  input: { workspaceId: string; outboundId: string },
  attempt: { attempt: number; maxAttempts: number } = { attempt: 1, maxAttempts: 1 },
): Promise<{ outcome: DeliverOutcome; error?: string }> {
  const { db } = deps;
  const row = await db
    .selectFrom("outbound_messages")
    .select(["id", "status", "conversation_id", "comment_id", "channel_id", "message_id", "automatic", "body", "ai_decision_id", "created_by"])
    .where("id", "=", input.outboundId)
    .where("workspace_id", "=", input.workspaceId)
    .executeTakeFirst();
  if (row?.comment_id) {
    // A reply to a comment (public or private): the same job, the comment's own gate and connector calls.
    const reply = {
      id: row.id,
      workspaceId: input.workspaceId,
      commentId: row.comment_id,
      channelId: row.channel_id,
      automatic: row.automatic,
      aiDecisionId: row.ai_decision_id,
      createdBy: row.created_by,
      body: row.body as unknown as CommentReplyBody,
    };
    if (row.status === "sending") {
      await markCommentReplyUncertain(db, reply);
      return { outcome: "failed", error: "uncertain" };
    }
    if (row.status !== "queued") return { outcome: "skipped" };
    return deliverCommentReply(deps, reply, attempt);
  }
  if (row?.status === "sending") {
    const message = "Sending was interrupted: the message may or may not have gone out. Check before sending it again.";
    await fail(deps, input.workspaceId, row.id, row.message_id, row.conversation_id, "uncertain", message, "failed", undefined, decisionOf(row, decisionFailedOnPlatform("uncertain", message)));
    return { outcome: "failed", error: "uncertain" };
  }
  if (row?.status !== "queued") return { outcome: "skipped" };
  const body = row.body as unknown as OutboundBody;
  const target = row.conversation_id ? await loadTarget(db, input.workspaceId, row.conversation_id) : undefined;
  const loaded = await loadChannel(db, deps.secretBox, row.channel_id);
  if (!target || !loaded) {
    const message = "The conversation or its channel no longer exists.";
    await fail(deps, input.workspaceId, row.id, row.message_id, row.conversation_id, "not_found", message, "failed", undefined, decisionOf(row, decisionFailedOnPlatform("not_found", message)));
    return { outcome: "failed" };
  }
  try {
    await assertMaySend(db, {
      workspaceId: input.workspaceId,
      conversationId: target.id,
      platform: target.platform as "whatsapp" | "instagram",
      channelStatus: target.channel_status,
      humanAgent: target.human_agent,
      lastInboundAt: target.last_inbound_at,
      body,
      automatic: row.automatic,
      aiDecisionId: row.ai_decision_id,
      now: deps.clock.now(),
    });
  } catch (err) {
    if (!(err instanceof InboxError)) throw err;
    const blocked = isAiBlocked(err);
    await fail(deps, input.workspaceId, row.id, row.message_id, target.id, err.code, err.message, blocked ? "blocked" : "failed", undefined, decisionOf(row, decisionRefusedBy(err)));
    return { outcome: blocked ? "blocked" : "failed", error: err.message };
  }
  const claimed = await claim(db, row.id);
  if (!claimed) return { outcome: "skipped" };
  // The decision the reply answers as of the claim: an edited burst decided again the same way hands its queued
  // reply over to the new decision (`handOverQueuedReply`), so the outcome is recorded on that one.
  row.ai_decision_id = claimed.ai_decision_id;

  const connector = deps.connectors.get(loaded.channel.platform);
  const request = {
    to: target.platform_user_id,
    message: toConnectorMessage(body),
    lastInboundAt: target.last_inbound_at,
    writtenByHuman: !row.automatic,
    callbackData: loaded.channel.platform === "whatsapp" ? row.id : undefined,
  };
  let result;
  try {
    result = await sendHoldingQueue(() => connector.sendMessage(loaded.channel, request));
  } catch (err) {
    if (!isPlatformError(err)) throw err;
    await recordChannelError(db, row.channel_id, err, deps.clock.now());
    // Refusals that certainly did not send (throttled, transient server error, open breaker) may be retried.
    const notApplied = err.kind === "rate_limited" || err.kind === "retryable" || err.kind === "circuit_open";
    if (notApplied && attempt.attempt < attempt.maxAttempts) {
      await db.updateTable("outbound_messages").set({ status: "queued", error_class: err.kind, error_message: err.userMessage }).where("id", "=", row.id).execute();
      return { outcome: "retry", error: err.userMessage };
    }
    const uncertain = err.kind === "timeout" || err.kind === "network" || err.kind === "malformed";
    const errorClass = uncertain ? "uncertain" : err.kind;
    const message = uncertain ? `${err.userMessage} The message may or may not have gone out.` : err.userMessage;
    // A refusal at the call (WhatsApp 131047 in sync mode, Instagram past its window) ends the decision too.
    await fail(deps, input.workspaceId, row.id, row.message_id, target.id, errorClass, message, "failed", err.code, decisionOf(row, decisionFailedOnPlatform(errorClass, message)));
    return { outcome: "failed", error: err.userMessage };
  }
  await recordSent(db, input.workspaceId, { ...row, conversation_id: target.id }, result.messageId, deps.clock);
  if (loaded.channel.platform === "whatsapp") await markCustomerMessagesRead(deps, loaded.channel, target.id);
  return { outcome: "sent" };
}

const INLINE_RETRIES = 2;
const INLINE_RETRY_MS = 500;
const MAX_INLINE_WAIT_MS = 5_000;

/**
 * A refusal that certainly sent nothing and asks for a short wait (throttled, transient) is retried right here, while
 * the job holds its conversation's queue: a job retry would let the conversation's next message overtake this one.
 * Longer or repeated refusals go back to the job's own retry.
 */
async function sendHoldingQueue<T>(send: () => Promise<T>): Promise<T> {
  for (let tries = 1; ; tries++) {
    try {
      return await send();
    } catch (err) {
      const shortWait = isPlatformError(err) && (err.kind === "rate_limited" || err.kind === "retryable") ? (err.retryAfterMs ?? INLINE_RETRY_MS * tries) : undefined;
      if (shortWait === undefined || tries > INLINE_RETRIES || shortWait > MAX_INLINE_WAIT_MS) throw err;
      await new Promise((r) => setTimeout(r, shortWait));
    }
  }
}

/**
 * `queued` → `sending`, the last step before the platform call. Undefined if something else took the row (sent,
 * failed, or cancelled because the customer edited or unsent what it answered).
 */
async function claim(db: Database, outboundId: string) {
  return db
    .updateTable("outbound_messages")
    .set({ status: "sending" })
    .where("id", "=", outboundId)
    .where("status", "=", "queued")
    .returning(["id", "ai_decision_id"])
    .executeTakeFirst();
}

/**
 * The platform accepted the message. The outbox row moves only from `sending`: a `failed` status webhook (WhatsApp's
 * 131047, matched by callback data) may have been applied while the call was in flight, and must not be undone.
 */
async function recordSent(
  db: Database,
  workspaceId: string,
  row: { id: string; conversation_id: string; message_id: string | null; ai_decision_id: string | null },
  platformMessageId: string,
  clock: Clock,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const sent = await trx
      .updateTable("outbound_messages")
      .set({ status: "sent", platform_id: platformMessageId, error_class: null, error_message: null })
      .where("id", "=", row.id)
      .where("status", "=", "sending")
      .returning(["id", "superseded_platform_ids"])
      .executeTakeFirst();
    if (!sent) {
      // WhatsApp said "throttled, not sent" while the call was in flight: the resend it queued owns the row now.
      const now = await trx.selectFrom("outbound_messages").select("status").where("id", "=", row.id).executeTakeFirst();
      if (now?.status === "queued") return;
    }
    if (row.message_id) {
      // The platform id is kept either way: later statuses of this message find it by that id. A new attempt's id
      // (a resend, a person's retry) replaces the one set aside (whose statuses still find the row by callback data).
      await trx
        .updateTable("messages")
        .set({ platform_message_id: sent && sent.superseded_platform_ids.length > 0 ? platformMessageId : sql`coalesce(platform_message_id, ${platformMessageId})` })
        .where("id", "=", row.message_id)
        .execute();
      await trx
        .updateTable("messages")
        .set({ status: "sent", status_rank: STATUS_RANK.sent })
        .where("id", "=", row.message_id)
        .where("status_rank", "<", STATUS_RANK.sent)
        .execute();
    }
    if (sent) await raiseWorkspaceEvent(trx, workspaceId, "inbox.status", { conversationId: row.conversation_id, messageId: row.message_id, status: "sent" });
    if (!row.ai_decision_id) return;
    if (sent) {
      await trx.updateTable("ai_decisions").set({ outcome: "sent", outcome_error: null, outcome_message: null }).where("id", "=", row.ai_decision_id).where("outcome", "=", "pending").execute();
      return;
    }
    // Not `sending` any more means the platform already reported the failure (its status recorded why on the outbox
    // row and, normally, on the decision): a decision still pending takes the outbox row's reason.
    const failed = await trx.selectFrom("outbound_messages").select(["error_class", "error_message"]).where("id", "=", row.id).executeTakeFirst();
    await trx
      .updateTable("ai_decisions")
      .set(decisionFailedOnPlatform(failed?.error_class ?? "unknown", failed?.error_message ?? "The platform could not deliver the message."))
      .where("id", "=", row.ai_decision_id)
      .where("outcome", "=", "pending")
      .execute();
    await refundCredit(trx, workspaceId, row.ai_decision_id, clock);
  });
}

async function fail(
  deps: InboxDeps,
  workspaceId: string,
  outboundId: string,
  messageId: string | null,
  conversationId: string | null,
  errorClass: string,
  message: string,
  status: "failed" | "blocked" = "failed",
  code?: number,
  /** The automatic reply's triage decision, with what it now says: it ends with its message. */
  decision?: { id: string; update: DecisionOutcomeUpdate },
): Promise<void> {
  await deps.db.transaction().execute(async (trx) => {
    // The decision before its outbox row, the order a re-decision or an unsend takes them (cancelling this reply).
    if (decision) await trx.selectFrom("ai_decisions").select("id").where("id", "=", decision.id).forUpdate().execute();
    // A send whose answer was lost may already be proved: its statuses can be applied before this job records it.
    if (errorClass === "uncertain" && (await provedSent(trx, outboundId, decision?.id))) return;
    const failed = await trx
      .updateTable("outbound_messages")
      .set({ status, error_class: errorClass, error_message: message })
      .where("id", "=", outboundId)
      // Cancelled meanwhile (the customer edited or unsent what it answered): that stands, nothing failed.
      .where("status", "<>", "cancelled")
      .returning("id")
      .executeTakeFirst();
    if (!failed) return;
    if (decision) {
      await trx.updateTable("ai_decisions").set(decision.update).where("id", "=", decision.id).where("outcome", "in", OPEN_DECISION_OUTCOMES).execute();
      // The automatic reply failed for good: its credit goes back (once; nothing if it took none).
      await refundCredit(trx, workspaceId, decision.id, deps.clock, errorClass === "uncertain" ? "refund_uncertain_send" : "refund_not_delivered");
    }
    if (messageId) {
      await trx
        .updateTable("messages")
        .set({ status: "failed", status_rank: STATUS_RANK.failed, error_code: code !== undefined ? String(code) : errorClass, error_message: message })
        .where("id", "=", messageId)
        .where("status_rank", "<", STATUS_RANK.failed)
        .execute();
    }
    await raiseWorkspaceEvent(trx, workspaceId, "inbox.status", { conversationId, messageId, status: "failed" });
  });
}

/**
 * An "uncertain" send (answer lost, or found mid-send) that a `sent`/`delivered`/`read` status already confirmed (the
 * status applier takes the same row lock): it went out, so the row reads sent, with the platform id the status gave,
 * and its decision too; nothing is refunded. The thread's message already shows what the statuses said. False when
 * unproved, or when a status moved the row on since (a `failed` one, a resend): that stands as it is handled today.
 */
async function provedSent(trx: Database, outboundId: string, decisionId: string | undefined): Promise<boolean> {
  const row = await trx
    .selectFrom("outbound_messages")
    .select(["status", "platform_confirmed_at"])
    .where("id", "=", outboundId)
    .forUpdate()
    .executeTakeFirst();
  if (!row || row.platform_confirmed_at === null || (row.status !== "sending" && row.status !== "sent")) return false;
  await trx
    .updateTable("outbound_messages")
    .set((eb) => ({
      status: "sent",
      error_class: null,
      error_message: null,
      platform_id: eb.fn.coalesce(
        "platform_id",
        eb.selectFrom("messages").select("messages.platform_message_id").whereRef("messages.id", "=", "outbound_messages.message_id"),
      ),
    }))
    .where("id", "=", outboundId)
    .execute();
  if (decisionId) {
    await trx.updateTable("ai_decisions").set({ outcome: "sent", outcome_error: null, outcome_message: null }).where("id", "=", decisionId).where("outcome", "=", "pending").execute();
  }
  return true;
}

/** Whether a decision's automatic reply is already on the outbound path (in the caller's transaction). */
export async function replyQueuedFor(trx: Database | ScopedDb, decisionId: string): Promise<boolean> {
  const row = await trx.selectFrom("outbound_messages").select("id").where("ai_decision_id", "=", decisionId).executeTakeFirst();
  return row !== undefined;
}
