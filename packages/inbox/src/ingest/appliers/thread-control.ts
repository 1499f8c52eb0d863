// Handover protocol (Instagram via the Messenger platform): another app (Meta's inbox, a chatbot) took the customer's
// thread, or it came back to this app. Kept as a notice in the conversation: the thread shows when control moved, and
// the latest inbound item (a notice, or a customer's message in standby or not) says who controls the thread now,
// which the conversation's note and triage's guard read.
import type { WebhookEvent } from "@sillage/connectors";
import { raiseWorkspaceEvent } from "@sillage/db";
import { upsertContact, upsertConversation, type RoutedChannel, type Trx } from "../routing";

/** False for a redelivery (nothing new). */
export async function applyThreadControl(trx: Trx, ch: RoutedChannel, e: Extract<WebhookEvent, { type: "thread_control" }>): Promise<boolean> {
  const at = new Date(e.timestamp);
  const contactId = await upsertContact(trx, ch, e.from);
  const conversationId = await upsertConversation(trx, ch, contactId, at);
  const inserted = await trx
    .insertInto("messages")
    .values({
      workspace_id: ch.workspaceId,
      conversation_id: conversationId,
      channel_id: ch.id,
      direction: "in",
      author: "system",
      type: "other",
      text: null,
      // Meta names a handover by nothing but customer, time and action.
      platform_message_id: `handover:${e.from.id}:${at.getTime()}:${e.action}`,
      raw: JSON.stringify({
        messageType: "thread_control",
        threadOwner: e.owner,
        threadControl: { action: e.action, previousOwnerAppId: e.previousOwnerAppId, newOwnerAppId: e.newOwnerAppId, metadata: e.metadata },
      }),
      platform_timestamp: at,
    })
    .onConflict((oc) => oc.columns(["channel_id", "platform_message_id"]).where("platform_message_id", "is not", null).doNothing())
    .returning("id")
    .executeTakeFirst();
  if (!inserted) return false;
  // Not the customer writing: no preview, unread count, window or triage; the open thread refreshes.
  await raiseWorkspaceEvent(trx, ch.workspaceId, "inbox.message", { conversationId, messageId: inserted.id, direction: "in" });
  return true;
}
