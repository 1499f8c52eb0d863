// A customer message known by its platform id before the message itself: an unsend or an edit delivered first. Its
// row (no `raw`) holds the id, in its customer's conversation; the message's insert fills it through the conflict on
// (channel_id, platform_message_id) (`ingestMessage`).
import { upsertContact, upsertConversation, type RoutedChannel, type Trx } from "../routing";

/** The placeholder row's values (its contact and conversation upserted first); the caller inserts it. */
export async function placeholderRow(trx: Trx, ch: RoutedChannel, e: { messageId: string; from: { id: string } }, at: Date) {
  const contactId = await upsertContact(trx, ch, { id: e.from.id });
  const conversationId = await upsertConversation(trx, ch, contactId, at);
  return {
    workspace_id: ch.workspaceId,
    conversation_id: conversationId,
    channel_id: ch.id,
    direction: "in" as const,
    author: "customer" as const,
    type: "text",
    text: null,
    platform_message_id: e.messageId,
    platform_timestamp: at,
  };
}
