// A customer's message (or postback): the contact and conversation, the row, its media to fetch, and the burst batch.
import type { Attachment } from "@sillage/connectors";
import { raiseWorkspaceEvent, sql } from "@sillage/db";
import { enqueue } from "@sillage/queue";
import type { InboxDeps } from "../../deps";
import { conversationBatchJob, fetchMediaJob } from "../../jobs";
import { FETCHED_ATTACHMENT_TYPES, preview, type MessageType } from "../../model";
import { profileDue, queueProfileRefresh } from "../../profiles";
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
        // The placeholder an unsend or an edit delivered first left (no `raw`): the message fills it. Edited, it keeps
        // the latest edit's text and what the message said becomes its original; unsent, its text is kept for audit.
        .doUpdateSet({
          original_text: sql`case when messages.edited_at is not null then excluded.text else messages.original_text end`,
          text: sql`case when messages.deleted_at is null and messages.edited_at is null then excluded.text else messages.text end`,
          unsent_text: sql`case when messages.deleted_at is not null and messages.edited_at is null then excluded.text else messages.unsent_text end`,
          type: sql`excluded.type`,
          author: sql`excluded.author`,
          reply_to_platform_id: sql`excluded.reply_to_platform_id`,
          media: sql`excluded.media`,
          raw: sql`excluded.raw`,
          platform_timestamp: sql`excluded.platform_timestamp`,
        })
        .where("messages.raw", "is", null)
        .where((eb) => eb.or([eb("messages.deleted_at", "is not", null), eb("messages.edited_at", "is not", null)])),
    )
    // A redelivery returns no row. An unsent message's placeholder, filled, is no new message either: nothing to show,
    // answer or count. An edited one is: the customer's message, as edited.
    .returning(["id", "text", sql<boolean>`deleted_at is null`.as("shown")])
    .executeTakeFirst();
  if (!inserted?.shown) return false;
  const notice = m.author === "system";
  const text = inserted.text;

  await trx
    .updateTable("conversations")
    .set({
      // No preview yet: a conversation an unsend or edit delivered first opened, at that later time.
      last_message_preview: sql`case when ${at}::timestamptz >= last_message_at or last_message_preview is null then ${preview(m.type, text, m.attachments[0]?.type ?? (typeof m.raw.messageType === "string" ? m.raw.messageType : null))} else last_message_preview end`,
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
