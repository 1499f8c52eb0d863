// Delivery statuses of our messages (sent, delivered, read, failed) and read receipts of a whole conversation.
import { refundCredit } from "@sillage/billing";
import type { WebhookEvent } from "@sillage/connectors";
import { raiseWorkspaceEvent, sql } from "@sillage/db";
import type { InboxDeps } from "../../deps";
import { decisionFailedOnPlatform, OPEN_DECISION_OUTCOMES, RetryLaterError } from "../../errors";
import { STATUS_RANK, toMessageStatus, type MessageStatus } from "../../model";
import { callOffResend, isResentCode, lockOutboxOf, mayResend, notResentMessage, outboundResendOf, queueResend, type OutboxAttempts } from "../../outbound-resends";
import type { RoutedChannel, Trx } from "../routing";
import { findOutgoing, sendInFlight, uncertainWentOut } from "./outgoing";

type StatusEvent = Extract<WebhookEvent, { type: "message_status" }>;

export async function applyStatus(trx: Trx, deps: Pick<InboxDeps, "outboundResend" | "clock">, ch: RoutedChannel, e: StatusEvent): Promise<void> {
  const status = toMessageStatus(e.status);
  if (!status) return;
  const msg = await findOutgoing(trx, ch, e.messageId, e.callbackData);
  if (!msg) {
    // Our send job may not have recorded the platform id yet: try again shortly rather than drop the status.
    if (await sendInFlight(trx, ch)) throw new RetryLaterError(`status for ${e.messageId} before its send was recorded`);
    return; // a message sent outside the inbox (broadcasts, the WhatsApp app): nothing to update
  }
  let error = status === "failed" ? e.errors[0] : undefined;
  const outbox = ch.platform === "whatsapp" ? await lockOutboxOf(trx, msg.id) : undefined;
  if (outbox) {
    const attempt = await followAttempt(trx, outboundResendOf(deps), outbox, msg.id, e, status, error);
    if (attempt === "done") return;
    // Throttled but not resent: say why, rather than the "Sillage will try again" of a throttling error.
    if (error && isResentCode(error.code)) error = { ...error, userMessage: notResentMessage(outbox, error.code) };
  }
  const updated = await trx
    .updateTable("messages")
    .set({
      status,
      status_rank: STATUS_RANK[status],
      platform_message_id: sql`coalesce(platform_message_id, ${e.messageId})`,
      ...(error ? { error_code: String(error.code ?? error.kind), error_message: error.userMessage } : { error_code: null, error_message: null }),
    })
    .where("id", "=", msg.id)
    .where((eb) =>
      eb.or([
        eb("status_rank", "<", STATUS_RANK[status]),
        // A send that timed out is "failed, uncertain": proof that it went out wins over that guess.
        ...(status !== "failed" ? [eb.and([eb("status", "=", "failed"), eb("error_code", "=", "uncertain")])] : []),
      ]),
    )
    .returning("id")
    .executeTakeFirst();
  if (!updated) {
    // The platform id is worth keeping even when the status itself is old news.
    await trx.updateTable("messages").set({ platform_message_id: e.messageId }).where("id", "=", msg.id).where("platform_message_id", "is", null).execute();
    return;
  }
  if (status !== "failed") await uncertainWentOut(trx, deps.clock, ch.workspaceId, msg.id);
  if (status === "failed") {
    const failure = decisionFailedOnPlatform(error?.kind ?? "unknown", error?.userMessage ?? "The platform could not deliver the message.");
    const outbox = await trx
      .updateTable("outbound_messages")
      .set({ status: "failed", error_class: failure.outcome_error, error_message: failure.outcome_message })
      .where("message_id", "=", msg.id)
      .returning("ai_decision_id")
      .executeTakeFirst();
    // An automatic reply the platform accepted, then refused (WhatsApp's 131047 arrives this way): its decision says so.
    if (outbox?.ai_decision_id) {
      await trx.updateTable("ai_decisions").set(failure).where("id", "=", outbox.ai_decision_id).where("outcome", "in", OPEN_DECISION_OUTCOMES).execute();
      // Failed for good after all: the reply's credit goes back (once), dated by the status itself.
      const at = new Date(e.timestamp);
      await refundCredit(trx, ch.workspaceId, outbox.ai_decision_id, { now: () => at }, "refund_refused_by_platform");
    }
  }
  await raiseWorkspaceEvent(trx, ch.workspaceId, "inbox.status", { conversationId: msg.conversation_id, messageId: msg.id, status });
}

/**
 * WhatsApp: which attempt of the message this status is about, and what it does to the outbox row. A status of an
 * attempt a resend replaced is old news ("done"), unless it proves that attempt went out while its resend still
 * waits. Otherwise its pricing and conversation are kept, a `sent`/`delivered`/`read` marks the attempt confirmed,
 * and a throttled `failed` of an unconfirmed attempt queues a resend instead of failing the message.
 */
async function followAttempt(
  trx: Trx,
  policy: ReturnType<typeof outboundResendOf>,
  o: OutboxAttempts,
  messageId: string,
  e: StatusEvent,
  status: MessageStatus,
  error: StatusEvent["errors"][number] | undefined,
): Promise<"apply" | "done"> {
  const at = new Date(e.timestamp);
  if (o.superseded_platform_ids.includes(e.messageId)) {
    if (status === "failed" || !(await callOffResend(trx, o, e.messageId, at))) return "done";
  } else if (error) {
    const code = error.code;
    if (mayResend(o, policy, e.messageId, code)) {
      await queueResend(trx, o, { messageId, failedPlatformId: e.messageId, code, errorKind: error.kind, userMessage: error.userMessage }, policy);
      return "done";
    }
  }
  // The row is locked: its confirmation is written once, not with every later status.
  await keepStatusFacts(trx, o.id, e, status === "failed" || o.platform_confirmed_at !== null ? null : at);
  return "apply";
}

/** Pricing and conversation as the status gives them (a later status never erases them), and the first confirmation. */
async function keepStatusFacts(trx: Trx, outboundId: string, e: StatusEvent, confirmedAt: Date | null): Promise<void> {
  const p = e.pricing;
  const c = e.conversation;
  if (!p && !c && !confirmedAt) return;
  await trx
    .updateTable("outbound_messages")
    .set((eb) => ({
      ...(confirmedAt ? { platform_confirmed_at: eb.fn.coalesce("platform_confirmed_at", sql<Date>`${confirmedAt}::timestamptz`) } : {}),
      ...(p
        ? {
            pricing_billable: eb.fn.coalesce(sql<boolean | null>`${p.billable}::boolean`, "pricing_billable"),
            pricing_model: eb.fn.coalesce(sql<string | null>`${p.model}::text`, "pricing_model"),
            pricing_category: eb.fn.coalesce(sql<string | null>`${p.category}::text`, "pricing_category"),
            pricing_type: eb.fn.coalesce(sql<string | null>`${p.type}::text`, "pricing_type"),
          }
        : {}),
      ...(c
        ? {
            wa_conversation_id: eb.fn.coalesce(sql<string | null>`${c.id}::text`, "wa_conversation_id"),
            wa_conversation_origin: eb.fn.coalesce(sql<string | null>`${c.originType}::text`, "wa_conversation_origin"),
            wa_conversation_expires_at: eb.fn.coalesce(sql<Date | null>`${c.expiresAt}::timestamptz`, "wa_conversation_expires_at"),
          }
        : {}),
    }))
    .where("id", "=", outboundId)
    .execute();
}

export async function applyRead(trx: Trx, ch: RoutedChannel, e: Extract<WebhookEvent, { type: "read" }>): Promise<void> {
  const conv = await trx
    .selectFrom("conversations")
    .innerJoin("contacts", "contacts.id", "conversations.contact_id")
    .select("conversations.id")
    .where("conversations.channel_id", "=", ch.id)
    .where("contacts.platform_user_id", "=", e.from.id)
    .executeTakeFirst();
  if (!conv) return;
  // Read up to the message it names (`read.mid`), or its own time: our send times are our clock, Meta's read time is
  // Meta's, so the named message counts even when the two clocks disagree.
  const named = e.messageId
    ? await trx
        .selectFrom("messages")
        .select("platform_timestamp")
        .where("conversation_id", "=", conv.id)
        .where("platform_message_id", "=", e.messageId)
        .executeTakeFirst()
    : undefined;
  const readAt = new Date(e.timestamp);
  const upTo = named && named.platform_timestamp > readAt ? named.platform_timestamp : readAt;
  const res = await trx
    .updateTable("messages")
    .set({ status: "read", status_rank: STATUS_RANK.read })
    .where("conversation_id", "=", conv.id)
    .where("direction", "=", "out")
    .where("status_rank", "<", STATUS_RANK.read)
    .where("status", "<>", "failed")
    .where("platform_message_id", "is not", null)
    .where("platform_timestamp", "<=", upTo)
    .executeTakeFirst();
  if (Number(res.numUpdatedRows) > 0) {
    await raiseWorkspaceEvent(trx, ch.workspaceId, "inbox.status", { conversationId: conv.id, status: "read" });
  }
}
