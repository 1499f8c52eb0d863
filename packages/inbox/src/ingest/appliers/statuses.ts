// Delivery statuses of our messages (sent, delivered, read, failed) and read receipts of a whole conversation.
import { refundCredit } from "@sillage/billing";
import type { WebhookEvent } from "@sillage/connectors";
import { raiseWorkspaceEvent, sql } from "@sillage/db";
import { decisionFailedOnPlatform, OPEN_DECISION_OUTCOMES, RetryLaterError } from "../../errors";
import { STATUS_RANK, toMessageStatus } from "../../model";
import type { RoutedChannel, Trx } from "../routing";
import { findOutgoing, sendInFlight } from "./outgoing";

export async function applyStatus(trx: Trx, ch: RoutedChannel, e: Extract<WebhookEvent, { type: "message_status" }>): Promise<void> {
  const status = toMessageStatus(e.status);
  if (!status) return;
  const msg = await findOutgoing(trx, ch, e.messageId, e.callbackData);
  if (!msg) {
    // Our send job may not have recorded the platform id yet: try again shortly rather than drop the status.
    if (await sendInFlight(trx, ch)) throw new RetryLaterError(`status for ${e.messageId} before its send was recorded`);
    return; // a message sent outside the inbox (broadcasts, the WhatsApp app): nothing to update
  }
  const error = status === "failed" ? e.errors[0] : undefined;
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
  if (status !== "failed") {
    await trx
      .updateTable("outbound_messages")
      .set({ status: "sent", error_class: null, error_message: null })
      .where("message_id", "=", msg.id)
      .where("status", "=", "failed")
      .where("error_class", "=", "uncertain")
      .execute();
  }
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
      await refundCredit(trx, ch.workspaceId, outbox.ai_decision_id, { now: () => at }, "automatic reply refused by the platform");
    }
  }
  await raiseWorkspaceEvent(trx, ch.workspaceId, "inbox.status", { conversationId: msg.conversation_id, messageId: msg.id, status });
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
