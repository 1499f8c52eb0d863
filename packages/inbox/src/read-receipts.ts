// WhatsApp read receipts: once a reply to the customer is accepted, their latest message is marked read (Meta's
// `status: "read"` with its `message_id`, which also covers every earlier message), so they see blue ticks as they
// would from the WhatsApp app. Best effort: a refusal never fails the reply that was sent.
import type { Channel } from "@sillage/connectors";
import type { InboxDeps } from "./deps";

export async function markCustomerMessagesRead(deps: InboxDeps, channel: Channel, conversationId: string): Promise<void> {
  const latest = await deps.db
    .selectFrom("messages")
    .select("platform_message_id")
    .where("conversation_id", "=", conversationId)
    .where("direction", "=", "in")
    .where("platform_message_id", "is not", null)
    .orderBy("platform_timestamp", "desc")
    .orderBy("created_at", "desc") // Meta's timestamps are whole seconds
    .limit(1)
    .executeTakeFirst();
  if (!latest?.platform_message_id) return;
  try {
    await deps.connectors.whatsapp.markRead(channel, latest.platform_message_id);
  } catch (err) {
    deps.logger?.warn({ conversationId, err: err instanceof Error ? err.message : String(err) }, "marking the customer's message read failed");
  }
}
