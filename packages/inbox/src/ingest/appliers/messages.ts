// A customer's message (or postback): the contact and conversation, the row, its media to fetch, and the burst batch.
import type { Attachment } from "@sillage/connectors";
import { raiseWorkspaceEvent, sql } from "@sillage/db";
import { enqueue } from "@sillage/queue";
import type { InboxDeps } from "../../deps";
import { conversationBatchJob, fetchMediaJob } from "../../jobs";
import { FETCHED_ATTACHMENT_TYPES, preview, type MessageType } from "../../model";
import { profileDue, queueProfileRefresh } from "../../profiles";
import { applyWaitingEdits, lockMessageEdits } from "./edits";
import { upsertContact, upsertConversation, type RoutedChannel, type Trx } from "../routing";

export interface InboundMessage {
  platformMessageId: string;
  from: { id: string; name?: string | null; username?: string | null };
  type: MessageType;
  text: string | null;
  attachments: Attachment[];
  replyTo: string | null;
  timestamp: Date;
  raw: Record<string, unknown>;
  /**
   * "system": a notice WhatsApp itself sends (the customer changed number). Shown in the thread, but it is not the
   * customer writing: it opens no 24 h window and is never handed to triage.
   */
  author?: "customer" | "system";
}

/** True when the message is new (a redelivery changes nothing). */
export async function ingestMessage(trx: Trx, deps: InboxDeps, ch: RoutedChannel, m: InboundMessage): Promise<boolean> {
  const at = Number.isNaN(m.timestamp.getTime()) ? deps.clock.now() : m.timestamp;
  const contactId = await upsertContact(trx, ch, m.from);
  const conversationId = await upsertConversation(trx, ch, contactId, at);
  const inserted = await trx
    .insertInto("messages")
    .values({
      workspace_id: ch.workspaceId,
      conversation_id: conversationId,
      channel_id: ch.id,
      direction: "in",
      author: m.author ?? "customer",
      type: m.type,
      text: m.text,
      platform_message_id: m.platformMessageId,
      reply_to_platform_id: m.replyTo,
      media: m.attachments.length ? JSON.stringify(m.attachments) : null,
      raw: JSON.stringify(m.raw),
      platform_timestamp: at,
    })
    .onConflict((oc) =>
      oc
        .columns(["channel_id", "platform_message_id"])
        .where("platform_message_id", "is not", null)
        // The message a deletion's tombstone waited for: it stays unsent, its text kept for audit only.
        .doUpdateSet({ unsent_text: sql`excluded.text`, type: sql`excluded.type`, media: sql`excluded.media`, raw: sql`excluded.raw` })
        .where("messages.deleted_at", "is not", null)
        .where("messages.raw", "is", null),
    )
    .returning(["id", sql<boolean>`xmax = 0`.as("inserted"), lockMessageEdits(ch.id, m.platformMessageId)])
    .executeTakeFirst();
  if (!inserted?.inserted) return false;
  const notice = m.author === "system";
  // An edit delivered before this message: the message shows it at once (and triage reads the edited text).
  const edited = await applyWaitingEdits(trx, ch.id, m.platformMessageId);
  const text = edited ? edited.text : m.text;

  await trx
    .updateTable("conversations")
    .set({
      last_message_preview: sql`case when ${at}::timestamptz >= last_message_at then ${preview(m.type, text)} else last_message_preview end`,
      last_message_at: sql`greatest(last_message_at, ${at}::timestamptz)`,
      ...(notice ? {} : { last_inbound_at: sql`greatest(coalesce(last_inbound_at, ${at}::timestamptz), ${at}::timestamptz)` }),
      unread_count: sql`unread_count + 1`,
      // A customer writing again reopens a resolved conversation.
      status: sql`case when status = 'resolved' then 'open' else status end`,
      // ...and wakes a snoozed one at once.
      snoozed_until: null,
    })
    .where("id", "=", conversationId)
    .execute();

  for (const a of m.attachments) {
    if (!FETCHED_ATTACHMENT_TYPES.has(a.type) || (!a.mediaId && !a.url)) continue;
    const media = await trx
      .insertInto("message_media")
      .values({
        workspace_id: ch.workspaceId,
        message_id: inserted.id,
        platform_media_id: a.mediaId,
        source_url: a.url,
        mime_type: a.mimeType,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await enqueue(trx, fetchMediaJob, { workspaceId: ch.workspaceId, mediaId: media.id });
  }

  // Burst batching: one debounced job per conversation, moved forward by every new message. The runner compares
  // run_at with the database's clock, so this is real time (not the injectable business clock).
  if (!notice) await enqueue(
    trx,
    conversationBatchJob,
    { workspaceId: ch.workspaceId, conversationId },
    { jobKey: `batch:${conversationId}`, jobKeyMode: "replace", runAt: new Date(Date.now() + ch.burstWindowSeconds * 1000) },
  );
  // Who wrote: an Instagram profile never read, stale, or refused before this DM granted consent.
  if (ch.platform === "instagram") {
    const contact = await trx.selectFrom("contacts").select(["platform", "profile_status", "profile_checked_at"]).where("id", "=", contactId).executeTakeFirstOrThrow();
    if (profileDue(contact, deps.clock.now())) await queueProfileRefresh(trx, ch.workspaceId, contactId);
  }
  await raiseWorkspaceEvent(trx, ch.workspaceId, "inbox.message", { conversationId, messageId: inserted.id, direction: "in" });
  return true;
}
