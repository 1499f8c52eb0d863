// Finding the message of ours an event is about: by platform id, by our outbox id, or a send still in flight or timed out.
import { chargeProvedSend } from "@sillage/billing";
import { raiseWorkspaceEvent } from "@sillage/db";
import type { Clock } from "@sillage/time";
import { STATUS_RANK } from "../../model";
import type { RoutedChannel, Trx } from "../routing";

export async function findOutgoing(trx: Trx, ch: RoutedChannel, platformMessageId: string, callbackData: string | null) {
  const byId = await trx
    .selectFrom("messages")
    .select(["id", "conversation_id", "platform_message_id"])
    .where("channel_id", "=", ch.id)
    .where("platform_message_id", "=", platformMessageId)
    .executeTakeFirst();
  if (byId) return byId;
  // WhatsApp echoes our outbox id as callback data: the status may beat the send job's own bookkeeping.
  if (callbackData && /^[0-9a-f-]{36}$/i.test(callbackData)) {
    const viaOutbox = await trx
      .selectFrom("outbound_messages")
      .innerJoin("messages", "messages.id", "outbound_messages.message_id")
      .select(["messages.id", "messages.conversation_id", "messages.platform_message_id"])
      .where("outbound_messages.id", "=", callbackData)
      .where("outbound_messages.channel_id", "=", ch.id)
      .executeTakeFirst();
    if (viaOutbox) return viaOutbox;
  }
  return undefined;
}

/**
 * Instagram only (WhatsApp statuses carry our outbox id as callback data, so they always find their message): a send
 * of ours still in flight on the channel — to this recipient when known — may be what this event is about.
 */
export async function sendInFlight(trx: Trx, ch: RoutedChannel, recipientId?: string): Promise<boolean> {
  if (ch.platform !== "instagram") return false;
  let q = trx
    .selectFrom("outbound_messages as o")
    .select("o.id")
    .where("o.workspace_id", "=", ch.workspaceId)
    .where("o.channel_id", "=", ch.id)
    .where("o.status", "=", "sending");
  if (recipientId) {
    q = q
      .innerJoin("conversations as c", "c.id", "o.conversation_id")
      .innerJoin("contacts as k", "k.id", "c.contact_id")
      .where("k.platform_user_id", "=", recipientId);
  }
  return Boolean(await q.limit(1).executeTakeFirst());
}

/**
 * A send of ours that timed out ("uncertain": it may have gone out) to this recipient, with this text: the echo or
 * status proving it went out belongs to it, not to a person using the Instagram app.
 */
export async function uncertainSend(trx: Trx, ch: RoutedChannel, recipientId: string, text: string | null, at: Date) {
  return trx
    .selectFrom("messages as m")
    .innerJoin("conversations as c", "c.id", "m.conversation_id")
    .innerJoin("contacts as k", "k.id", "c.contact_id")
    .select(["m.id", "m.conversation_id"])
    .where("m.channel_id", "=", ch.id)
    .where("k.platform_user_id", "=", recipientId)
    .where("m.direction", "=", "out")
    .where("m.status", "=", "failed")
    .where("m.error_code", "=", "uncertain")
    .where("m.platform_message_id", "is", null)
    .where((eb) => (text === null ? eb("m.text", "is", null) : eb("m.text", "=", text)))
    .where("m.platform_timestamp", ">", new Date(at.getTime() - 3_600_000))
    .orderBy("m.platform_timestamp", "desc")
    .limit(1)
    .executeTakeFirst();
}

/** An "uncertain" send proved delivered: the message reads sent, the outbox too, and its platform id is kept. */
export async function confirmUncertain(trx: Trx, clock: Clock, ch: RoutedChannel, messageId: string, conversationId: string, platformMessageId: string): Promise<void> {
  await trx
    .updateTable("messages")
    .set({ status: "sent", status_rank: STATUS_RANK.sent, error_code: null, error_message: null, platform_message_id: platformMessageId })
    .where("id", "=", messageId)
    .execute();
  await uncertainWentOut(trx, clock, ch.workspaceId, messageId);
  await raiseWorkspaceEvent(trx, ch.workspaceId, "inbox.status", { conversationId, messageId, status: "sent" });
}

/**
 * The proof (a status, an echo) that an "uncertain" send went out, come after the job recorded it: the outbox row
 * reads sent, and the decision it answered too (it was failed as "uncertain" only for want of that proof); the credit
 * refunded for that uncertainty is taken again, since the customer got the reply.
 */
export async function uncertainWentOut(trx: Trx, clock: Clock, workspaceId: string, messageId: string): Promise<void> {
  const outbox = await trx
    .updateTable("outbound_messages")
    .set({ status: "sent", error_class: null, error_message: null })
    .where("message_id", "=", messageId)
    .where("status", "=", "failed")
    .where("error_class", "=", "uncertain")
    .returning("ai_decision_id")
    .executeTakeFirst();
  if (!outbox?.ai_decision_id) return;
  await trx
    .updateTable("ai_decisions")
    .set({ outcome: "sent", outcome_error: null, outcome_message: null })
    .where("id", "=", outbox.ai_decision_id)
    .where("outcome", "=", "failed")
    .where("outcome_error", "=", "uncertain")
    .execute();
  await chargeProvedSend(trx, workspaceId, outbox.ai_decision_id, clock);
}
