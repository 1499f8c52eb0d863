// The inbox's read queries (list and thread), kept here so they can be read and EXPLAINed.
// List: keyset paging on (last_message_at, id) DESC, served by the conversations_*_idx indexes (0004, 0008).
// Thread: keyset paging on (platform_timestamp, id) DESC over messages_thread_idx.

import { isStorableInstant } from "@sillage/time";
import { sql, type ScopedDb } from "@sillage/db";
import type { MediaServices } from "@sillage/media";
import { messageContext } from "./message-context";
import { replyWindow } from "./outbound";
import { otherAppThreadSql } from "./thread-control";

export interface ConversationFilters {
  platform?: "whatsapp" | "instagram";
  status?: "open" | "pending" | "resolved";
  /** "me", "unassigned" or a user id. */
  assignee?: string;
  unread?: boolean;
  triage?: "IGNORE" | "ESCALATE" | "AUTO_REPLY";
  /** Only customers waiting for a person (`needsPerson`). */
  needsPerson?: boolean;
  /** Only conversations carrying this label. */
  labelId?: string;
  /** Only snoozed conversations (`snoozed_until` still ahead); every other view leaves them out until they wake. */
  snoozed?: boolean;
  search?: string;
  cursor?: string | null;
  limit?: number;
}

interface Cursor {
  at: Date;
  id: string;
}

export function encodeCursor(c: Cursor): string {
  return Buffer.from(`${c.at.toISOString()}|${c.id}`).toString("base64url");
}

export function decodeCursor(s: string | null | undefined): Cursor | null {
  if (!s) return null;
  const [at, id] = Buffer.from(s, "base64url").toString("utf8").split("|");
  const date = new Date(at ?? "");
  if (!id || !/^[0-9a-f-]{36}$/i.test(id) || !isStorableInstant(date)) return null;
  return { at: date, id };
}

/** Automatic replies that did not go out: the customer is left waiting for a person. */
export const UNSENT_REPLY_OUTCOMES = ["blocked_ai_off", "suppressed_human", "window_closed", "failed"] as const;

/**
 * A customer waiting for a person: the conversation is not resolved, its latest decision escalated or decided an
 * automatic reply that did not go out, and no agent wrote since that decision (ai_decisions.created_at and
 * messages.created_at are both the database's clock, so they compare safely whatever the platforms' timestamps say).
 * A reply held back because a person had already answered the burst (`answered`, e.g. from the Instagram app before
 * the decision) leaves nobody waiting. Reads the `ld` lateral of `latestDecision`.
 */
function needsPersonSql() {
  return sql<boolean>`(c.status <> 'resolved'
    AND (ld.triage = 'ESCALATE' OR (ld.triage = 'AUTO_REPLY' AND ld.outcome IN (${sql.join(UNSENT_REPLY_OUTCOMES)}) AND ld.outcome_error IS DISTINCT FROM 'answered'))
    AND NOT EXISTS (SELECT 1 FROM messages am WHERE am.conversation_id = c.id AND am.direction = 'out' AND am.author = 'agent' AND am.created_at > ld.created_at))`;
}

/** The conversation's latest decision (served by ai_decisions_conversation_idx, 0018), joined as `ld`. */
function latestDecision(db: ScopedDb) {
  return db
    .selectFrom("ai_decisions as d")
    .select(["d.id", "d.triage", "d.outcome", "d.outcome_error", "d.reply", "d.created_at"])
    .where("d.conversation_id", "=", sql.ref<string>("c.id"))
    .orderBy("d.created_at", "desc")
    .orderBy("d.id", "desc")
    .limit(1)
    .as("ld");
}

/** Until when the conversation sleeps, or null once that time has passed (a past snooze is no snooze). */
function snoozedUntilSql(now: Date) {
  return sql<Date | null>`case when c.snoozed_until > ${now}::timestamptz then c.snoozed_until end`;
}

function likePattern(search: string): string {
  return `%${search.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
}

/** `now` is the request's clock: a snooze ends when it passes, with no job to wake the conversation. */
export async function listConversations(db: ScopedDb, workspaceId: string, userId: string | null, f: ConversationFilters, now: Date) {
  const limit = Math.min(Math.max(f.limit ?? 30, 1), 100);
  let q = db
    .selectFrom("conversations as c")
    .innerJoin("contacts as ct", "ct.id", "c.contact_id")
    .innerJoin("channels as ch", "ch.id", "c.channel_id")
    .leftJoin("users as u", "u.id", "c.assignee_id")
    .leftJoinLateral(() => latestDecision(db), (join) => join.onTrue())
    .select([
      "c.id",
      "c.platform",
      "c.status",
      "c.assignee_id as assigneeId",
      "u.name as assigneeName",
      "c.last_message_at as lastMessageAt",
      "c.last_message_preview as lastMessagePreview",
      "c.last_inbound_at as lastInboundAt",
      "c.unread_count as unreadCount",
      "c.last_triage as triage",
      "c.channel_id as channelId",
      "ch.display_name as channelName",
      "ct.id as contactId",
      "ct.display_name as contactName",
      "ct.username as contactUsername",
      "ct.platform_user_id as contactPlatformId",
      "ld.outcome as decisionOutcome",
    ])
    .select(sql<boolean>`coalesce(${needsPersonSql()}, false)`.as("needsPerson"))
    .select(snoozedUntilSql(now).as("snoozedUntil"))
    // Explicit even under row-level security: it is what lets the planner use the (workspace_id, …) indexes.
    .where("c.workspace_id", "=", workspaceId);
  if (f.platform) q = q.where("c.platform", "=", f.platform);
  if (f.status) q = q.where("c.status", "=", f.status);
  if (f.triage) q = q.where("c.last_triage", "=", f.triage);
  if (f.unread) q = q.where("c.unread_count", ">", 0);
  if (f.needsPerson) q = q.where(needsPersonSql());
  q = f.snoozed
    ? q.where("c.snoozed_until", ">", now)
    : q.where((eb) => eb.or([eb("c.snoozed_until", "is", null), eb("c.snoozed_until", "<=", now)]));
  if (f.labelId) {
    const labelId = f.labelId;
    q = q.where(({ exists, selectFrom }) =>
      exists(selectFrom("conversation_labels as cl").select("cl.label_id").where("cl.conversation_id", "=", sql.ref<string>("c.id")).where("cl.label_id", "=", labelId)),
    );
  }
  if (f.assignee === "unassigned") q = q.where("c.assignee_id", "is", null);
  else if (f.assignee === "me") q = userId ? q.where("c.assignee_id", "=", userId) : q.where(sql<boolean>`false`);
  else if (f.assignee) q = q.where("c.assignee_id", "=", f.assignee);
  const search = f.search?.trim();
  if (search) {
    const p = likePattern(search);
    q = q.where((eb) =>
      eb.or([
        eb("ct.display_name", "ilike", p),
        eb("ct.username", "ilike", p),
        eb("ct.platform_user_id", "ilike", p),
        eb("c.last_message_preview", "ilike", p),
      ]),
    );
  }
  const cursor = decodeCursor(f.cursor);
  if (cursor) q = q.where(sql<boolean>`(c.last_message_at, c.id) < (${cursor.at}::timestamptz, ${cursor.id}::uuid)`);
  const rows = await q.orderBy("c.last_message_at", "desc").orderBy("c.id", "desc").limit(limit + 1).execute();
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    items: page,
    nextCursor: rows.length > limit && last ? encodeCursor({ at: last.lastMessageAt, id: last.id }) : null,
  };
}

/** Signed links live briefly: only members can call the thread query, so only members get working links. */
const MEDIA_LINK_TTL_SECONDS = 600;

/** The stored files an outbound message carries (`sendOutbound` records `{ type, url, key, mimeType }`). */
function storedAttachments(attachments: unknown): { key: string; mimeType: string }[] {
  if (!Array.isArray(attachments)) return [];
  return attachments.flatMap((a: unknown) => {
    const { key, mimeType } = (a ?? {}) as { key?: unknown; mimeType?: unknown };
    return typeof key === "string" && typeof mimeType === "string" ? [{ key, mimeType }] : [];
  });
}

export async function getThread(
  db: ScopedDb,
  media: MediaServices,
  workspaceId: string,
  input: { conversationId: string; cursor?: string | null; limit?: number },
  now: Date,
) {
  const conversation = await db
    .selectFrom("conversations as c")
    .innerJoin("contacts as ct", "ct.id", "c.contact_id")
    .innerJoin("channels as ch", "ch.id", "c.channel_id")
    .leftJoin("users as u", "u.id", "c.assignee_id")
    .leftJoinLateral(() => latestDecision(db), (join) => join.onTrue())
    .select([
      "c.id",
      "c.platform",
      "c.status",
      "c.assignee_id as assigneeId",
      "u.name as assigneeName",
      "c.last_inbound_at as lastInboundAt",
      "c.last_human_reply_at as lastHumanReplyAt",
      "c.unread_count as unreadCount",
      "c.last_triage as triage",
      "ch.id as channelId",
      "ch.display_name as channelName",
      "ch.status as channelStatus",
      "ch.human_agent as humanAgent",
      "ct.id as contactId",
      "ct.display_name as contactName",
      "ct.username as contactUsername",
      "ct.platform_user_id as contactPlatformId",
      "ld.id as decisionId",
      "ld.triage as decisionTriage",
      "ld.outcome as decisionOutcome",
      "ld.reply as decisionReply",
    ])
    .select(sql<boolean>`coalesce(${needsPersonSql()}, false)`.as("needsPerson"))
    .select(snoozedUntilSql(now).as("snoozedUntil"))
    // Instagram's handover protocol: another app handles this conversation (the thread says so).
    .select(otherAppThreadSql(sql.ref<string>("c.id")).as("otherAppThread"))
    .where("c.id", "=", input.conversationId)
    .where("c.workspace_id", "=", workspaceId)
    .executeTakeFirst();
  if (!conversation) return null;

  const limit = Math.min(Math.max(input.limit ?? 50, 1), 200);
  let q = db
    .selectFrom("messages as m")
    // Each message's triage decision and its reason, shown beside it in the thread.
    .leftJoin("ai_decisions as d", "d.id", "m.ai_decision_id")
    // Who answered: the agent's name on their replies.
    .leftJoin("users as au", "au.id", "m.author_user_id")
    .select("au.name as authorName")
    .select(["m.confidence", "d.reason as triageReason", "d.reason_code as triageReasonCode", "d.reason_params as triageReasonParams", "d.rule_name as triageRule", "d.outcome as triageOutcome", "d.outcome_error as triageOutcomeError", "d.outcome_message as triageOutcomeMessage"])
    .select([
      "m.id",
      "m.direction",
      "m.author",
      "m.author_user_id as authorUserId",
      "m.type",
      "m.text",
      "m.status",
      "m.error_code as errorCode",
      "m.error_message as errorMessage",
      "m.platform_message_id as platformMessageId",
      "m.reply_to_platform_id as replyToPlatformId",
      "m.platform_timestamp as at",
      "m.deleted_at as deletedAt",
      "m.edited_at as editedAt",
      "m.edit_count as editCount",
      "m.original_text as originalText",
      "m.media as attachments",
      "m.triage",
    ])
    // Only what `messageContext` reads of the stored webhook item, not the whole item for every message of the page.
    .select(sql<unknown>`case when m.raw is not null then jsonb_build_object('extra', m.raw->'extra', 'echo', m.raw->'echo', 'messageType', m.raw->'messageType', 'threadOwner', m.raw->'threadOwner') end`.as("raw"))
    // A private reply to a comment: the comment it answered (the conversation came from there).
    .select(sql<string | null>`(select o.comment_id from outbound_messages o where o.message_id = m.id and o.comment_id is not null limit 1)`.as("fromCommentId"))
    // An edit's placeholder, its message not received yet: what it said first is not known.
    .select(sql<boolean>`m.raw is null and m.direction = 'in'`.as("awaitingMessage"))
    // What WhatsApp said it charges for one of our messages (its status webhooks' pricing category), for its details.
    .select(sql<string | null>`(select o.pricing_category from outbound_messages o where o.message_id = m.id and o.comment_id is null limit 1)`.as("pricingCategory"))
    .where("m.conversation_id", "=", input.conversationId);
  const cursor = decodeCursor(input.cursor);
  if (cursor) q = q.where(sql<boolean>`(m.platform_timestamp, m.id) < (${cursor.at}::timestamptz, ${cursor.id}::uuid)`);
  const rows = await q.orderBy("m.platform_timestamp", "desc").orderBy("m.id", "desc").limit(limit + 1).execute();
  const page = rows.slice(0, limit);
  const ids = page.map((m) => m.id);
  const platformIds = page.map((m) => m.platformMessageId).filter((x): x is string => Boolean(x));

  const mediaRows = ids.length
    ? await db
        .selectFrom("message_media")
        .select(["id", "message_id", "status", "mime_type", "size_bytes", "storage_key", "last_error", "attempts"])
        .where("message_id", "in", ids)
        .execute()
    : [];
  // What an edited message said before: its first text, then each edit but the one it shows now (oldest first).
  const editedIds = page.filter((m) => m.editedAt && !m.deletedAt).map((m) => m.id);
  const edits = editedIds.length
    ? await db
        .selectFrom("message_edits")
        .select(["message_id", "text", "edited_at"])
        .where("message_id", "in", editedIds)
        .orderBy("edit_number")
        .orderBy("edited_at")
        .execute()
    : [];
  const reactions = platformIds.length
    ? await db
        .selectFrom("message_reactions")
        .select(["target_platform_message_id", "emoji", "reacted_by"])
        .where("conversation_id", "=", input.conversationId)
        .where("target_platform_message_id", "in", platformIds)
        .where("emoji", "is not", null)
        .execute()
    : [];

  const messages = page.map(({ originalText, awaitingMessage, raw, ...m }) => ({
    ...m,
    // The business's own message sent outside Sillage (the Instagram app or another tool): an echo none of our sends
    // claimed. The thread says where it was sent from.
    sentFromApp: m.direction === "out" && (raw as { echo?: unknown } | null)?.echo === true,
    // A story replied to, a post shared, a referral: what the message is about (never the raw webhook itself).
    // An unsent message shows none of what it held.
    context: messageContext(m.deletedAt ? { raw: null, attachments: null } : { raw, attachments: m.attachments }),
    // An unsent message shows none of what it said, before or after an edit.
    previousTexts: editedIds.includes(m.id)
      ? [...(awaitingMessage ? [] : [{ text: originalText, at: m.at }]), ...edits.filter((x) => x.message_id === m.id).map((x) => ({ text: x.text, at: x.edited_at }))].slice(0, -1)
      : [],
    media: [
      ...mediaRows
        .filter((x) => x.message_id === m.id)
        .map((x) => ({
          id: x.id,
          status: x.status,
          mimeType: x.mime_type,
          sizeBytes: x.size_bytes,
          attempts: x.attempts,
          error: x.last_error,
          url: x.status === "stored" && x.storage_key ? media.signUrl(x.storage_key, MEDIA_LINK_TTL_SECONDS) : null,
        })),
      // Images Sillage sent from its own storage: the link handed to the platform may have expired, so sign again.
      ...(m.direction === "out" ? storedAttachments(m.attachments) : []).map((a, i) => ({
        id: `${m.id}:${i}`,
        status: "stored",
        mimeType: a.mimeType,
        sizeBytes: null,
        attempts: 0,
        error: null,
        url: media.signUrl(a.key, MEDIA_LINK_TTL_SECONDS),
      })),
    ],
    reactions: reactions.filter((r) => r.target_platform_message_id === m.platformMessageId).map((r) => ({ emoji: r.emoji!, by: r.reacted_by })),
  }));
  const last = page[page.length - 1];
  const { decisionId, decisionTriage, decisionOutcome, decisionReply, ...conv } = conversation;
  return {
    conversation: {
      ...conv,
      decisionOutcome,
      // The AI's reply as a draft for the person the customer is waiting for (an unsent AUTO_REPLY, or an escalation
      // that came with a suggested answer): sending it is an ordinary agent reply.
      draft:
        conversation.needsPerson && decisionId && decisionReply?.trim()
          ? { decisionId, triage: decisionTriage as "ESCALATE" | "AUTO_REPLY", outcome: decisionOutcome!, text: decisionReply }
          : null,
      window: replyWindow({ platform: conversation.platform, lastInboundAt: conversation.lastInboundAt, humanAgent: conversation.humanAgent }, now),
    },
    messages,
    nextCursor: rows.length > limit && last ? encodeCursor({ at: last.at, id: last.id }) : null,
  };
}

/**
 * A message the customer sent, with what the platform names it by (account, sender, message id): what a customer's
 * edit or unsend of it refers to. Undefined when the caller's workspace has no such customer message, or it is unsent.
 */
export async function customerMessageOrigin(db: ScopedDb, workspaceId: string, messageId: string) {
  const row = await db
    .selectFrom("messages as m")
    .innerJoin("conversations as c", "c.id", "m.conversation_id")
    .innerJoin("contacts as ct", "ct.id", "c.contact_id")
    .innerJoin("channels as ch", "ch.id", "m.channel_id")
    .select(["m.type", "m.platform_message_id as platformMessageId", "ch.platform", "ch.external_id as accountId", "ct.platform_user_id as customerId"])
    .where("m.id", "=", messageId)
    .where("m.workspace_id", "=", workspaceId)
    .where("m.author", "=", "customer")
    .where("m.deleted_at", "is", null)
    .where("m.platform_message_id", "is not", null)
    .executeTakeFirst();
  return row && { ...row, platform: row.platform as "whatsapp" | "instagram", platformMessageId: row.platformMessageId! };
}
