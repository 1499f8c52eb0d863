// A customer's edit of a message they sent. Every edit is kept (message_edits: what the message said before stays
// readable), and the message shows the latest one. An edit delivered before its message leaves a placeholder message
// showing it (like an unsend's tombstone); the message, once ingested, fills it through its insert's conflict on the
// platform id (`ingestMessage`), so a message that was never edited costs no statement to look for edits.
import type { WebhookEvent } from "@sillage/connectors";
import { raiseWorkspaceEvent, sql } from "@sillage/db";
import { queueBatchChange } from "../../batch-changes";
import { preview, type MessageType } from "../../model";
import type { RoutedChannel, Trx } from "../routing";
import { placeholderRow } from "./placeholder";

export async function applyEdit(trx: Trx, ch: RoutedChannel, e: Extract<WebhookEvent, { type: "message_edited" }>): Promise<void> {
  const kept = await trx
    .insertInto("message_edits")
    .values({
      workspace_id: ch.workspaceId,
      channel_id: ch.id,
      platform_message_id: e.messageId,
      edit_key: e.editKey,
      edit_number: e.editNumber,
      text: e.text,
      edited_at: new Date(e.timestamp),
    })
    .onConflict((oc) => oc.columns(["channel_id", "edit_key"]).doNothing())
    .returning(["id", lockMessageEdits(ch.id, e.messageId)])
    .executeTakeFirst();
  // A replayed edit: already applied, nothing more changes.
  if (!kept) return;
  const edited = (await applyWaitingEdits(trx, ch.id, e.messageId)) ?? (await leavePlaceholder(trx, ch, e));
  // A placeholder is not the customer's message yet: the message, when it comes, updates the list and the thread.
  if (!edited || edited.placeholder) return;
  // The list's preview follows when the edited message is the conversation's newest.
  if (!edited.deleted) {
    await trx
      .updateTable("conversations")
      .set({ last_message_preview: preview(edited.type as MessageType, edited.text) })
      .where("id", "=", edited.conversationId)
      .where("last_message_at", "<=", edited.at)
      .execute();
  }
  await raiseWorkspaceEvent(trx, ch.workspaceId, "inbox.message", { conversationId: edited.conversationId, messageId: edited.id, change: "edited" });
  // Edited after its burst was recorded: the burst may be decided again (the job checks it is still the latest and
  // unanswered). Not recorded yet, the batch job reads the edited text anyway.
  if (!edited.deleted && edited.batchId) await queueBatchChange(trx, { workspaceId: ch.workspaceId, conversationId: edited.conversationId, batchId: edited.batchId }, ch.burstWindowSeconds);
}

/**
 * The edited message is not stored: a placeholder takes its platform id (no `raw` until the message fills it), then
 * the edits apply to it. A message being inserted meanwhile holds that id in the unique index: the insert here waits
 * for it, finds it, and the edits apply to the message itself (the second `applyWaitingEdits` reads after the wait).
 */
async function leavePlaceholder(trx: Trx, ch: RoutedChannel, e: Extract<WebhookEvent, { type: "message_edited" }>): Promise<EditedMessage | null> {
  await trx
    .insertInto("messages")
    .values(await placeholderRow(trx, ch, e, new Date(e.timestamp)))
    .onConflict((oc) => oc.columns(["channel_id", "platform_message_id"]).where("platform_message_id", "is not", null).doNothing())
    .execute();
  return applyWaitingEdits(trx, ch.id, e.messageId);
}

interface EditedMessage {
  id: string;
  conversationId: string;
  type: string;
  /** The text shown now (null when the message was unsent: the edit is kept for audit only). */
  text: string | null;
  at: Date;
  deleted: boolean;
  /** A placeholder waiting for its message (see `leavePlaceholder`). */
  placeholder: boolean;
  /** The customer's burst it was recorded in (null before the batch job claimed it). */
  batchId: string | null;
}

/**
 * Two edits of one message are applied concurrently: each, having written its row, takes this lock before reading
 * every edit (`applyWaitingEdits`, a later statement, so with a snapshot taken after it), so the second sees the
 * first's and the message ends on the latest edit. Given as a RETURNING column of the write: no round trip of its
 * own. (A message and its edit need no lock: the messages unique index orders them, see `leavePlaceholder`.)
 */
function lockMessageEdits(channelId: string, platformMessageId: string) {
  return sql<null>`pg_advisory_xact_lock(hashtextextended(${`message-edits:${channelId}:${platformMessageId}`}, 0))`.as("edits_lock");
}

/**
 * Links the message's edits to it and makes its text the latest edit's (Instagram's highest num_edit, else the
 * latest edit time); on its first edit the text it had is kept as `original_text`. Recomputed from every edit kept,
 * so the order edits arrive in does not matter and running it twice changes nothing. One statement. Null when the
 * message (or its placeholder) is not there, or has no edit. Call it after `lockMessageEdits`.
 */
async function applyWaitingEdits(trx: Trx, channelId: string, platformMessageId: string): Promise<EditedMessage | null> {
  const { rows } = await sql<{ id: string; conversation_id: string; type: string; text: string | null; platform_timestamp: Date; deleted: boolean; placeholder: boolean; batch_id: string | null }>`
    with latest as (
      select e.text, e.edited_at,
             (select greatest(count(*), coalesce(max(x.edit_number), 0))::int from message_edits x
               where x.channel_id = ${channelId} and x.platform_message_id = ${platformMessageId}) as edits
        from message_edits e
       where e.channel_id = ${channelId} and e.platform_message_id = ${platformMessageId}
       order by e.edit_number desc nulls last, e.edited_at desc, e.created_at desc
       limit 1
    ), linked as (
      update message_edits e set message_id = t.id
        from messages t
       where t.channel_id = ${channelId} and t.platform_message_id = ${platformMessageId}
         and e.channel_id = ${channelId} and e.platform_message_id = ${platformMessageId} and e.message_id is null
    )
    update messages m set
      original_text = case when m.edited_at is null then coalesce(m.text, m.unsent_text) else m.original_text end,
      text = case when m.deleted_at is null then l.text else null end,
      unsent_text = case when m.deleted_at is null then m.unsent_text else l.text end,
      edited_at = l.edited_at,
      edit_count = l.edits
      from latest l
     where m.channel_id = ${channelId} and m.platform_message_id = ${platformMessageId}
    returning m.id, m.conversation_id, m.type, m.text, m.platform_timestamp, (m.deleted_at is not null) as deleted, (m.raw is null) as placeholder, m.batch_id`.execute(trx);
  const r = rows[0];
  return r ? { id: r.id, conversationId: r.conversation_id, type: r.type, text: r.text, at: r.platform_timestamp, deleted: r.deleted, placeholder: r.placeholder, batchId: r.batch_id } : null;
}
