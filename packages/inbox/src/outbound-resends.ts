// WhatsApp's asynchronous throttling failures: the send call answered 200, then a `failed` status says the message
// never went out because a rate limit was hit. Those are resent, later, through the one outbound path (the outbox row
// goes back to `queued` and `inbox.send_outbound` runs again at a later instant); every other `failed` status ends the
// message with its reason.
//
// The codes (Meta's WhatsApp error table, copied on purpose):
//   130429  throughput rate limit (about 80 messages a second per number): retry with backoff;
//   131056  pair rate limit (the same recipient, about one message every 6 seconds): retry later;
//   131048  spam rate limit: Meta lists it among throttling errors, but it follows the number's quality, so it waits
//           much longer (resending at once would only add to what is being held against the number).
// 131047 (24-hour window), 131026 (undeliverable), 131049 (healthy ecosystem: "do not retry quickly") and the rest are
// never resent.

import type { Database, ScopedDb } from "@sillage/db";
import { raiseWorkspaceEvent, sql } from "@sillage/db";
import { enqueue, removeJob } from "@sillage/queue";
import { sendOutboundJob } from "./jobs";
import { STATUS_RANK } from "./model";

/** How many times an asynchronously throttled message is resent, and how long each resend waits. */
export interface OutboundResendPolicy {
  maxResends: number;
  /** The wait before resend number `resend` (1, 2, …) of a message refused with `code`. */
  delayMs(code: number, resend: number): number;
}

/** The first wait per resent code; each further resend of one message waits twice as long. */
export const RESENT_WHATSAPP_CODES: Readonly<Record<number, number>> = {
  130429: 30_000,
  131056: 15_000,
  131048: 15 * 60_000,
};

export const DEFAULT_OUTBOUND_RESEND: OutboundResendPolicy = {
  maxResends: 3,
  delayMs: (code, resend) => (RESENT_WHATSAPP_CODES[code] ?? 60_000) * 2 ** Math.max(0, resend - 1),
};

export function outboundResendOf(deps: { outboundResend?: OutboundResendPolicy }): OutboundResendPolicy {
  return deps.outboundResend ?? DEFAULT_OUTBOUND_RESEND;
}

export function isResentCode(code: number | null | undefined): code is number {
  return code !== null && code !== undefined && Object.hasOwn(RESENT_WHATSAPP_CODES, code);
}

/**
 * Why a throttled message was not resent, for the agent: it had been confirmed sent (it may have arrived), or its
 * resends were used up.
 */
export function notResentMessage(o: OutboxAttempts, code: number): string {
  if (o.platform_confirmed_at !== null) {
    return `WhatsApp reported this message sent, then refused it for a rate limit (${code}): it is not resent, as it may have reached the customer. Check with them before sending it again.`;
  }
  return `WhatsApp refused this message for a rate limit (${code}), and its ${o.resends} resend${o.resends === 1 ? "" : "s"} too. Send it again later.`;
}

/** What an outbox row knows of its attempts (read under a row lock by the status applier). */
export interface OutboxAttempts {
  id: string;
  workspace_id: string;
  conversation_id: string | null;
  status: string;
  platform_confirmed_at: Date | null;
  resends: number;
  superseded_platform_ids: string[];
}

/** The outbox row of one of our messages, locked: statuses of one message are decided one at a time. */
export async function lockOutboxOf(db: Database | ScopedDb, messageId: string): Promise<OutboxAttempts | undefined> {
  return db
    .selectFrom("outbound_messages")
    .select(["id", "workspace_id", "conversation_id", "status", "platform_confirmed_at", "resends", "superseded_platform_ids"])
    .where("message_id", "=", messageId)
    .where("comment_id", "is", null)
    .forUpdate()
    .executeTakeFirst();
}

/** Whether this `failed` status may be resent: throttled, never confirmed sent, attempts left, not already resent. */
export function mayResend(o: OutboxAttempts, policy: OutboundResendPolicy, platformMessageId: string, code: number | null | undefined): code is number {
  return (
    isResentCode(code) &&
    o.platform_confirmed_at === null &&
    o.resends < policy.maxResends &&
    (o.status === "sent" || o.status === "sending") &&
    !o.superseded_platform_ids.includes(platformMessageId)
  );
}

/**
 * Queues the resend (in the status's transaction): the attempt that failed is set aside, the outbox row goes back to
 * `queued` (a send call still in flight leaves it so), the thread's message reads pending again, and the send job
 * runs after the policy's wait. Its reason stays on the row for operators; the agent sees the message on its way.
 */
export async function queueResend(
  trx: Database | ScopedDb,
  o: OutboxAttempts,
  m: { messageId: string; failedPlatformId: string; code: number; errorKind: string; userMessage: string },
  policy: OutboundResendPolicy,
): Promise<void> {
  const resend = o.resends + 1;
  await trx
    .updateTable("outbound_messages")
    .set({
      status: "queued",
      resends: resend,
      superseded_platform_ids: sql<string[]>`array_append(superseded_platform_ids, ${m.failedPlatformId}::text)`,
      platform_id: null,
      error_class: m.errorKind,
      error_message: m.userMessage,
    })
    .where("id", "=", o.id)
    .execute();
  await trx
    .updateTable("messages")
    .set({ status: "pending", status_rank: STATUS_RANK.pending, error_code: null, error_message: null })
    .where("id", "=", m.messageId)
    .execute();
  // Real time: the runner compares run_at with the database's clock. Same queue as every send of the conversation.
  await enqueue(
    trx,
    sendOutboundJob,
    { workspaceId: o.workspace_id, outboundId: o.id },
    {
      runAt: new Date(Date.now() + policy.delayMs(m.code, resend)),
      jobKey: resendJobKey(o.id),
      ...(o.conversation_id ? { queueName: `outbound:${o.conversation_id}` } : {}),
    },
  );
  await raiseWorkspaceEvent(trx, o.workspace_id, "inbox.status", { conversationId: o.conversation_id, messageId: m.messageId, status: "pending" });
}

const resendJobKey = (outboundId: string) => `outbound-resend:${outboundId}`;

/**
 * A `sent`, `delivered` or `read` status of the attempt a resend replaced: it went out after all. The resend waiting
 * for its instant is called off (its job removed; had it started, it finds the row no longer `queued`) and the row is
 * that attempt's again. False when the resend already went (the customer may then get both: nothing left to stop).
 */
export async function callOffResend(trx: Database | ScopedDb, o: OutboxAttempts, platformMessageId: string, at: Date): Promise<boolean> {
  if (o.status !== "queued" || !o.superseded_platform_ids.includes(platformMessageId)) return false;
  await trx
    .updateTable("outbound_messages")
    .set({
      status: "sent",
      platform_id: platformMessageId,
      platform_confirmed_at: at,
      error_class: null,
      error_message: null,
      superseded_platform_ids: sql<string[]>`array_remove(superseded_platform_ids, ${platformMessageId}::text)`,
    })
    .where("id", "=", o.id)
    .execute();
  await removeJob(trx, resendJobKey(o.id));
  return true;
}
