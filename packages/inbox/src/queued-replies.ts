// Automatic replies queued but not sent yet, when what they answered changed: the customer edited the burst (a new
// decision replaces the old one) or unsent all of it, or a person answered it from the Instagram app. A reply still `queued` is cancelled by one compare-and-set
// (`queued` → `cancelled`), the same kind the send job's claim (`queued` → `sending`) uses: exactly one of the two
// wins, so a reply is either sent or cancelled, never both, and doing it again changes nothing.
import { refundCredit } from "@sillage/billing";
import { raiseWorkspaceEvent, sql, type DB } from "@sillage/db";
import type { Clock } from "@sillage/time";
import type { Transaction } from "kysely";
import { batchAnswerable } from "./batch-changes";
import { preview, type MessageType } from "./model";

type Trx = Transaction<DB>;

/** Why an automatic reply did not go out when a person had answered what it answered (outcome_error `answered`). */
export const ANSWERED_BY_PERSON = "A person answered the customer before this automatic reply went out.";

const CANCEL_MESSAGES = {
  superseded: "The customer edited the message: decided again.",
  message_unsent: "The customer unsent the message.",
  answered: ANSWERED_BY_PERSON,
} as const;

/** "sending": the send job holds it (it may go out, or come back `queued` after a refusal); "sent": it went out. */
export type CancelResult = "cancelled" | "none" | "sending" | "sent";

/**
 * Cancels a decision's automatic reply while it is still queued, in the caller's transaction: its outbox row becomes
 * `cancelled` (kept: what would have gone out) and its pending message leaves the thread. "none" when nothing was
 * queued.
 */
export async function cancelQueuedReply(trx: Trx, workspaceId: string, decisionId: string, why: keyof typeof CANCEL_MESSAGES): Promise<CancelResult> {
  const cancelled = await trx
    .updateTable("outbound_messages")
    .set({ status: "cancelled", error_class: why, error_message: CANCEL_MESSAGES[why] })
    .where("ai_decision_id", "=", decisionId)
    .where("status", "=", "queued")
    .returning(["id", "message_id", "conversation_id"])
    .execute();
  if (cancelled.length === 0) {
    const claimed = await trx.selectFrom("outbound_messages").select("status").where("ai_decision_id", "=", decisionId).where("status", "in", ["sending", "sent"]).executeTakeFirst();
    return claimed ? (claimed.status as "sending" | "sent") : "none";
  }
  const messageIds = cancelled.map((c) => c.message_id).filter((id): id is string => id !== null);
  if (messageIds.length) await trx.deleteFrom("messages").where("id", "in", messageIds).where("status", "=", "pending").execute();
  const conversationId = cancelled[0]!.conversation_id;
  if (conversationId) {
    await restorePreview(trx, conversationId);
    for (const messageId of messageIds) await raiseWorkspaceEvent(trx, workspaceId, "inbox.message", { conversationId, messageId, change: "cancelled" });
  }
  return "cancelled";
}

/** The list's preview and time go back to the newest message left (the cancelled reply had moved them). */
async function restorePreview(trx: Trx, conversationId: string): Promise<void> {
  const newest = await trx
    .selectFrom("messages")
    .select(["type", "text", "platform_timestamp"])
    .where("conversation_id", "=", conversationId)
    .orderBy("platform_timestamp", "desc")
    .orderBy("created_at", "desc")
    .limit(1)
    .executeTakeFirst();
  if (!newest) return;
  await trx
    .updateTable("conversations")
    .set({ last_message_preview: preview(newest.type as MessageType, newest.text), last_message_at: newest.platform_timestamp })
    .where("id", "=", conversationId)
    .execute();
}

/**
 * The new decision of an edited burst says the same as the old one: the old decision's queued reply goes out as the
 * new one's (no cancel and re-queue of the same words). False when nothing was queued any more.
 */
export async function handOverQueuedReply(trx: Trx, fromDecisionId: string, toDecisionId: string): Promise<boolean> {
  const moved = await trx
    .updateTable("outbound_messages")
    .set({ ai_decision_id: toDecisionId })
    .where("ai_decision_id", "=", fromDecisionId)
    .where("status", "=", "queued")
    .returning("message_id")
    .execute();
  const messageIds = moved.map((m) => m.message_id).filter((id): id is string => id !== null);
  if (messageIds.length) await trx.updateTable("messages").set({ ai_decision_id: toDecisionId }).where("id", "in", messageIds).execute();
  return moved.length > 0;
}

/**
 * A message of a recorded burst was unsent. When nothing of the burst is left to answer, the automatic replies
 * decided for it and not sent yet are cancelled and their decisions `withdrawn` (credit refunded), under the
 * decisions' row locks (the reply is queued under the same lock). Returns whether something is left to answer.
 */
export async function withdrawUnsentBatch(trx: Trx, clock: Clock, workspaceId: string, batchId: string): Promise<boolean> {
  // The burst's row lock, taken after the unsent message's: two unsends of its last two messages are checked one
  // after the other, so the second sees the first (else each sees the other's message left, and nothing withdraws).
  const batch = await trx.selectFrom("message_batches").select(["conversation_id", "batch_key", "message_ids"]).where("id", "=", batchId).forUpdate().executeTakeFirst();
  if (!batch) return false;
  if (await batchAnswerable(trx, batch.message_ids)) return true;
  const pending = await trx
    .selectFrom("ai_decisions")
    .select("id")
    .where("conversation_id", "=", batch.conversation_id)
    .where(sql<boolean>`(batch_key = ${batch.batch_key} or starts_with(batch_key, ${`${batch.batch_key}#`}))`)
    .where("outcome", "=", "pending")
    .forUpdate()
    .execute();
  for (const d of pending) {
    // Claimed by the send job already: on its way, the send path records what became of it.
    const cancel = await cancelQueuedReply(trx, workspaceId, d.id, "message_unsent");
    if (cancel === "sending" || cancel === "sent") continue;
    await trx
      .updateTable("ai_decisions")
      .set({ outcome: "withdrawn", outcome_error: "message_unsent", outcome_message: "The customer unsent every message this reply answered." })
      .where("id", "=", d.id)
      .where("outcome", "=", "pending")
      .execute();
    await refundCredit(trx, workspaceId, d.id, clock, "refund_cancelled_unsent");
    await raiseWorkspaceEvent(trx, workspaceId, "inbox.decision", { conversationId: batch.conversation_id, decisionId: d.id, outcome: "withdrawn" });
  }
  return false;
}

/**
 * A person answered the conversation (a reply from the Instagram app, seen as an echo): automatic replies still
 * queued in it would go out on top of that answer, whatever the takeover window says (it may be 0 hours). Each one
 * is cancelled and its decision held back (`suppressed_human`, error `answered`, credit refunded), under the
 * decisions' row locks then the outbox rows (the lock order of re-decisions). One the send job already holds goes
 * out: the platform call is under way.
 */
export async function holdRepliesAnsweredByPerson(trx: Trx, clock: Clock, workspaceId: string, conversationId: string): Promise<void> {
  const pending = await trx
    .selectFrom("ai_decisions")
    .select("id")
    .where("conversation_id", "=", conversationId)
    .where("outcome", "=", "pending")
    .where((eb) => eb.exists(eb.selectFrom("outbound_messages as o").select("o.id").whereRef("o.ai_decision_id", "=", "ai_decisions.id").where("o.status", "=", "queued").where("o.comment_id", "is", null)))
    .forUpdate()
    .execute();
  for (const d of pending) {
    if ((await cancelQueuedReply(trx, workspaceId, d.id, "answered")) !== "cancelled") continue;
    await trx
      .updateTable("ai_decisions")
      .set({ outcome: "suppressed_human", outcome_error: "answered", outcome_message: ANSWERED_BY_PERSON })
      .where("id", "=", d.id)
      .where("outcome", "=", "pending")
      .execute();
    await refundCredit(trx, workspaceId, d.id, clock, "refund_refused_before_sending");
    await raiseWorkspaceEvent(trx, workspaceId, "inbox.decision", { conversationId, decisionId: d.id, outcome: "suppressed_human" });
  }
}
