// Instagram echoes: a copy of a message sent from the account, by Sillage (confirms our send) or by a person in the app.
import type { WebhookEvent } from "@sillage/connectors";
import { raiseWorkspaceEvent, sql } from "@sillage/db";
import type { InboxDeps } from "../../deps";
import { RetryLaterError } from "../../errors";
import { preview, toMessageType } from "../../model";
import { holdRepliesAnsweredByPerson } from "../../queued-replies";
import { upsertContact, upsertConversation, type RoutedChannel, type Trx } from "../routing";
import { confirmUncertain, findOutgoing, sendInFlight, uncertainSend } from "./outgoing";

export async function applyEcho(trx: Trx, deps: Pick<InboxDeps, "clock">, ch: RoutedChannel, e: Extract<WebhookEvent, { type: "echo" }>): Promise<void> {
  const msg = await findOutgoing(trx, ch, e.messageId, null);
  if (msg) {
    await trx.updateTable("messages").set({ status: "sent", status_rank: 1 }).where("id", "=", msg.id).where("status_rank", "<", 1).execute();
    return;
  }
  if (await sendInFlight(trx, ch, e.recipientId)) throw new RetryLaterError(`echo ${e.messageId} before its send was recorded`);
  const at = new Date(e.timestamp);
  const timedOut = await uncertainSend(trx, ch, e.recipientId, e.text, at);
  if (timedOut) return await confirmUncertain(trx, deps.clock, ch, timedOut.id, timedOut.conversation_id, e.messageId);
  // Sent from the Instagram app (or another tool) by a person: the business's own message in the thread, a human
  // reply (takeover, needs-person cleared), never triaged nor notified, and no automatic reply goes out on top of it.
  const contactId = await upsertContact(trx, ch, { id: e.recipientId });
  const conversationId = await upsertConversation(trx, ch, contactId, at);
  const type = e.text ? "text" : toMessageType(e.attachments[0]?.type ?? "other");
  const inserted = await trx
    .insertInto("messages")
    .values({
      workspace_id: ch.workspaceId,
      conversation_id: conversationId,
      channel_id: ch.id,
      direction: "out",
      author: "agent",
      type,
      text: e.text,
      platform_message_id: e.messageId,
      media: e.attachments.length ? JSON.stringify(e.attachments) : null,
      status: "sent",
      status_rank: 1,
      platform_timestamp: at,
      raw: JSON.stringify({ echo: true }),
    })
    .onConflict((oc) => oc.columns(["channel_id", "platform_message_id"]).where("platform_message_id", "is not", null).doNothing())
    .returning("id")
    .executeTakeFirst();
  if (!inserted) return;
  await trx
    .updateTable("conversations")
    .set({
      last_message_preview: sql`case when ${at}::timestamptz >= last_message_at then ${preview(type, e.text)} else last_message_preview end`,
      last_message_at: sql`greatest(last_message_at, ${at}::timestamptz)`,
      last_human_reply_at: sql`greatest(coalesce(last_human_reply_at, ${at}::timestamptz), ${at}::timestamptz)`,
      // The person read the conversation to answer it, as a reply from Sillage marks it read; only what the customer
      // wrote after that answer (an echo delivered late) stays unread.
      unread_count: sql`least(unread_count, (select count(*)::int from messages m where m.conversation_id = ${conversationId}::uuid and m.direction = 'in' and m.platform_timestamp > ${at}::timestamptz))`,
    })
    .where("id", "=", conversationId)
    .execute();
  await holdRepliesAnsweredByPerson(trx, deps.clock, ch.workspaceId, conversationId);
  await raiseWorkspaceEvent(trx, ch.workspaceId, "inbox.message", { conversationId, messageId: inserted.id, direction: "out" });
}
