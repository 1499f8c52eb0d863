import type { WebhookEvent } from "@sillage/connectors";
import { raiseWorkspaceEvent, sql } from "@sillage/db";
import type { Clock } from "@sillage/time";
import { queueBatchChange } from "../../batch-changes";
import { withdrawUnsentBatch } from "../../queued-replies";
import type { RoutedChannel, Trx } from "../routing";
import { placeholderRow } from "./placeholder";

/**
 * An unsent message. Its text leaves `text` (no reader shows, triages or embeds it) for `unsent_text`, kept for audit
 * until the message is archived at D+90. Deliveries are processed concurrently, so the deletion may come first: it
 * then leaves a tombstone under the message id, and the message itself, arriving later, fills it and stays deleted.
 * False only for the business unsending a message of its own that Sillage does not have (kept as unknown instead).
 */
export async function applyDeleted(trx: Trx, deps: { clock: Clock }, ch: RoutedChannel, e: Extract<WebhookEvent, { type: "message_deleted" }>): Promise<boolean> {
  const at = new Date(e.timestamp);
  let q = trx
    .updateTable("messages")
    .set({ deleted_at: at, unsent_text: sql`coalesce(text, unsent_text)`, text: null })
    .where("channel_id", "=", ch.id)
    .where("platform_message_id", "=", e.messageId);
  // The business unsending its own message touches only the business's messages.
  if (e.byAccount) q = q.where("direction", "=", "out");
  const row = await q.returning(["id", "conversation_id", "batch_id"]).executeTakeFirst();
  // Not one of ours (yet): no placeholder, which would read as the customer's; the caller keeps it for operators.
  if (e.byAccount) {
    if (row) await raiseWorkspaceEvent(trx, ch.workspaceId, "inbox.message", { conversationId: row.conversation_id, messageId: row.id, change: "deleted" });
    return row !== undefined;
  }
  if (row) {
    await raiseWorkspaceEvent(trx, ch.workspaceId, "inbox.message", { conversationId: row.conversation_id, messageId: row.id, change: "deleted" });
    // Unsent after its burst was recorded: a reply not sent yet is cancelled when nothing else of the burst is left
    // to answer (here, so it cannot go out meanwhile), else the rest is decided again.
    if (row.batch_id && (await withdrawUnsentBatch(trx, deps.clock, ch.workspaceId, row.batch_id))) {
      await queueBatchChange(trx, { workspaceId: ch.workspaceId, conversationId: row.conversation_id, batchId: row.batch_id }, ch.burstWindowSeconds);
    }
    return true;
  }
  await trx
    .insertInto("messages")
    .values({ ...(await placeholderRow(trx, ch, e, at)), deleted_at: at })
    .onConflict((oc) => oc.columns(["channel_id", "platform_message_id"]).where("platform_message_id", "is not", null).doUpdateSet({ deleted_at: at, unsent_text: sql`coalesce(messages.text, messages.unsent_text)`, text: null }))
    .execute();
  return true;
}
