import type { WebhookEvent } from "@sillage/connectors";
import { raiseWorkspaceEvent, sql } from "@sillage/db";
import { upsertContact, upsertConversation, type RoutedChannel, type Trx } from "../routing";

export async function applyReaction(trx: Trx, ch: RoutedChannel, e: Extract<WebhookEvent, { type: "reaction" }>): Promise<void> {
  const at = new Date(e.timestamp);
  const contactId = await upsertContact(trx, ch, e.from);
  const conversationId = await upsertConversation(trx, ch, contactId, at);
  const target = await trx
    .selectFrom("messages")
    .select("id")
    .where("channel_id", "=", ch.id)
    .where("platform_message_id", "=", e.messageId)
    .executeTakeFirst();
  // An unreact is kept as a tombstone (emoji null), so a late, older "react" cannot bring it back.
  const emoji = e.action === "unreact" ? null : e.emoji;
  await trx
    .insertInto("message_reactions")
    .values({
      workspace_id: ch.workspaceId,
      conversation_id: conversationId,
      message_id: target?.id ?? null,
      target_platform_message_id: e.messageId,
      emoji,
      reacted_by: e.from.id,
      created_at: at,
    })
    .onConflict((oc) =>
      oc
        .columns(["conversation_id", "target_platform_message_id", "reacted_by"])
        .doUpdateSet({ emoji: sql`excluded.emoji`, created_at: sql`excluded.created_at`, message_id: sql`coalesce(excluded.message_id, message_reactions.message_id)` })
        .where("message_reactions.created_at", "<=", at),
    )
    .execute();
  await raiseWorkspaceEvent(trx, ch.workspaceId, "inbox.reaction", { conversationId, messageId: target?.id ?? null, emoji });
}
