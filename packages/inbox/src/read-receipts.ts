// WhatsApp read receipts: once a reply to the customer is accepted, their latest message is marked read (Meta's
// `status: "read"` with its `message_id`, which also covers every earlier message), so they see blue ticks as they
// would from the WhatsApp app. Once per message: a second reply before the customer writes again calls nothing.
// Best effort: a refusal never fails the reply that was sent.
import type { Channel } from "@sillage/connectors";
import type { InboxDeps } from "./deps";

export async function markCustomerMessagesRead(deps: InboxDeps, channel: Channel, conversationId: string): Promise<void> {
  // Claimed before the call, so two replies sent at once call Graph once.
  const latest = await deps.db
    .updateTable("messages")
    .set({ marked_read_at: deps.clock.now() })
    .where("id", "=", (eb) =>
      eb
        .selectFrom("messages as m")
        .select("m.id")
        .where("m.conversation_id", "=", conversationId)
        .where("m.direction", "=", "in")
        .where("m.platform_message_id", "is not", null)
        .orderBy("m.platform_timestamp", "desc")
        .orderBy("m.created_at", "desc") // Meta's timestamps are whole seconds
        .limit(1),
    )
    .where("marked_read_at", "is", null)
    .returning(["id", "platform_message_id"])
    .executeTakeFirst();
  if (!latest?.platform_message_id) return;
  try {
    await deps.connectors.whatsapp.markRead(channel, latest.platform_message_id);
  } catch (err) {
    // Not marked after all: the next reply tries again.
    await deps.db.updateTable("messages").set({ marked_read_at: null }).where("id", "=", latest.id).execute();
    deps.logger?.warn({ conversationId, err: err instanceof Error ? err.message : String(err) }, "marking the customer's message read failed");
  }
}
