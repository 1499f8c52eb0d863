// Instagram webhook → events (Instagram Login and Facebook Login / Messenger share the envelope):
//   {"object":"instagram","entry":[{"id":"<IG account id>","time":…,"messaging":[…],"changes":[…],"standby":[…]}]}
// - messaging[] (DMs): `time`/`timestamp` in MILLISECONDS; sender = customer IGSID, recipient = the account.
//   Echoes (`is_echo`) are the business's own sends with sender/recipient swapped → `echo` events.
//   Siblings: reactions, reads (messaging_seen), postbacks, referrals (messaging_referral), edits (message_edit); each
//   is its own messaging[] item. An unsent message comes back as `message` with `is_deleted: true` and its mid (an
//   echo with `is_deleted`: the business unsent its own message).
//   What the account itself does (sender = the account, recipient someone else) is never read as the customer's: a
//   message without `is_echo` is still an echo, and its other actions are kept as unknown. Self messaging (the account
//   writing to itself, `is_self`) stays a customer message, as Meta means it for testing.
// - changes[] (comments / live_comments): entry `time` in SECONDS; comment id in `id` (Instagram Login) or
//   `comment_id` (Facebook Login); own comments carry `from.self_ig_scoped_id` → isOwn (skip to avoid loops).
// Every entry/change/messaging item is iterated; anything else is kept as `unknown`, and an entry that cannot be read
// at all becomes one `unknown` event of its own, never a failure of the delivery's other entries.

import { z } from "zod";
import { metaTimeToIso } from "../time";
import { arr, isObj, keptBody, parseWebhookBody, setAside, str } from "../webhooks/payload";
import type { Attachment, WebhookEvent } from "../types";

const MESSAGING_FIELDS = new Set([
  "messages",
  "message_reactions",
  "messaging_seen",
  "messaging_postbacks",
  "messaging_referral",
  "messaging_referrals",
  "message_echoes",
  "message_edit",
  "message_edits",
  "messaging_handovers",
]);

/** Instagram's reaction names, for a reaction that names one without its emoji (`love` is the one Meta documents). */
const REACTION_EMOJI: Record<string, string> = { love: "❤️", like: "👍", haha: "😆", wow: "😮", sad: "😢", angry: "😡" };

/**
 * `message_edit` (Messenger Platform's message_edits reference, the same item on Instagram): `mid` the edited message,
 * `text` its new content, `num_edit` how many times it has been edited (an integer; the docs' example quotes it, so a
 * numeric string is accepted too). Anything else keeps the item as `unknown`.
 */
const messageEditSchema = z.object({
  sender: z.object({ id: z.union([z.string().min(1), z.number()]).transform(String) }),
  message_edit: z.object({
    mid: z.string().min(1),
    text: z.string().optional(),
    num_edit: z.union([z.number(), z.string().regex(/^\d+$/).transform(Number)]).pipe(z.number().int().nonnegative()),
  }),
});
const COMMENT_FIELDS = new Set(["comments", "live_comments"]);

function unknownEvent(accountId: string | null, field: string | null, reason: string, raw: unknown): WebhookEvent {
  return { type: "unknown", platform: "instagram", accountId, field, reason, raw };
}

/** `appId`: the Meta app this server runs as (tells a handover to this app from one to another); optional. */
export function normalizeInstagramWebhook(input: unknown, appId?: string): WebhookEvent[] {
  const body = parseWebhookBody(input);
  if (!isObj(body) || !Array.isArray(body.entry)) return [unknownEvent(null, null, "not a webhook envelope", keptBody(input, body))];
  if (body.object !== undefined && body.object !== "instagram" && body.object !== "page") {
    return [unknownEvent(null, null, `unexpected object ${String(body.object)}`, body)];
  }
  return body.entry.flatMap((entry) => setAside("instagram", entry, { accountId: isObj(entry) ? str(entry.id) : null, field: null }, () => normalizeEntry(entry, appId)));
}

/** A standby item's event says so (an unknown one is kept as it came: its `field` already says standby). */
function inStandby(e: WebhookEvent): WebhookEvent {
  return e.type === "unknown" ? e : { ...e, standby: true };
}

function normalizeEntry(entry: unknown, appId: string | undefined): WebhookEvent[] {
  if (!isObj(entry)) return [unknownEvent(null, null, "entry is not an object", entry)];
  const accountId = str(entry.id) ?? "";
  const events: WebhookEvent[] = [];
  let handled = false;
  for (const item of arr(entry.messaging)) {
    handled = true;
    events.push(...setAside("instagram", item, { accountId, field: "messages" }, () => normalizeMessaging(item, accountId, "messages", entry.time, appId)));
  }
  for (const change of arr(entry.changes)) {
    handled = true;
    events.push(...setAside("instagram", change, { accountId, field: null }, () => normalizeChange(change, accountId, entry.time)));
  }
  // The docs' simplified example puts field/value on the entry itself.
  if (typeof entry.field === "string" && isObj(entry.value)) {
    handled = true;
    const change = { field: entry.field, value: entry.value };
    events.push(...setAside("instagram", change, { accountId, field: entry.field }, () => normalizeChange(change, accountId, entry.time)));
  }
  for (const item of arr(entry.standby)) {
    // Handover protocol: the same items as messaging[], for a thread another app controls. Read alike (the customer's
    // message must reach the inbox), marked so nothing answers it automatically.
    handled = true;
    events.push(...setAside("instagram", item, { accountId, field: "standby" }, () => inStandby(normalizeMessaging(item, accountId, "standby", entry.time, appId))));
  }
  if (!handled) events.push(unknownEvent(accountId, null, "entry without messaging/changes", entry));
  return events;
}

function attachments(message: Record<string, unknown>): Attachment[] {
  return arr(message.attachments).flatMap((a): Attachment[] => {
    if (!isObj(a)) return [];
    const payload = isObj(a.payload) ? a.payload : {};
    return [
      {
        type: str(a.type) ?? "unknown",
        // A post shared: `ig_post_media_id` (since Nov. 2025, beside a `share` attachment); a reel: `reel_video_id`.
        mediaId: str(payload.id) ?? str(payload.reel_video_id) ?? str(payload.ig_post_media_id),
        url: str(payload.url),
        mimeType: null,
        sha256: null,
        caption: str(payload.title),
        filename: null,
        voice: false,
      },
    ];
  });
}

function normalizeMessaging(item: unknown, entryId: string, field: string, entryTime?: unknown, appId?: string): WebhookEvent {
  if (!isObj(item)) return unknownEvent(entryId, field, "messaging item is not an object", item);
  const senderId = isObj(item.sender) ? str(item.sender.id) : null;
  const recipientId = isObj(item.recipient) ? str(item.recipient.id) : null;
  const accountId = entryId || recipientId || "";
  // An item without a readable time takes its entry's (when Meta sent it).
  const timestamp = metaTimeToIso(item.timestamp, entryTime);

  // The account acting itself (not writing to itself): never the customer's doing.
  const byAccount = entryId !== "" && senderId === entryId && recipientId !== null && recipientId !== entryId;
  if (isObj(item.message)) {
    const m = item.message;
    const mid = str(m.mid);
    if (!mid) return unknownEvent(accountId, field, "message without mid", item);
    if (m.is_echo === true || byAccount) {
      // The business unsent a message of its own (from the app): that message reads unsent, nothing new is written.
      if (m.is_deleted === true) {
        return { type: "message_deleted", platform: "instagram", accountId: entryId || senderId || "", timestamp, messageId: mid, from: { id: recipientId ?? "" }, byAccount: true };
      }
      return {
        type: "echo",
        platform: "instagram",
        accountId: entryId || senderId || "",
        timestamp,
        messageId: mid,
        recipientId: recipientId ?? "",
        text: str(m.text),
        attachments: attachments(m),
      };
    }
    if (!senderId) return unknownEvent(accountId, field, "message without sender", item);
    if (m.is_deleted === true) {
      return { type: "message_deleted", platform: "instagram", accountId, timestamp, messageId: mid, from: { id: senderId } };
    }
    const atts = attachments(m);
    const extra: Record<string, unknown> = {};
    if (isObj(m.quick_reply)) extra.quickReply = m.quick_reply;
    if (isObj(m.referral)) extra.referral = m.referral;
    if (isObj(m.reply_to) && isObj(m.reply_to.story)) extra.replyToStory = m.reply_to.story;
    if (m.is_self === true) extra.isSelf = true;
    const messageType = m.is_unsupported === true ? "unsupported" : str(m.text) !== null ? "text" : (atts[0]?.type ?? "unknown");
    return {
      type: "message",
      platform: "instagram",
      accountId,
      timestamp,
      messageId: mid,
      from: { id: senderId },
      messageType,
      text: str(m.text),
      attachments: atts,
      replyToMessageId: isObj(m.reply_to) ? str(m.reply_to.mid) : null,
      ...(Object.keys(extra).length > 0 ? { extra } : {}),
    };
  }
  if (byAccount) return unknownEvent(accountId, field, "the account's own action", item);
  if (isObj(item.reaction)) {
    const r = item.reaction;
    const mid = str(r.mid);
    if (!mid || !senderId) return unknownEvent(accountId, "message_reactions", "reaction without mid/sender", item);
    return {
      type: "reaction",
      platform: "instagram",
      accountId,
      timestamp,
      messageId: mid,
      from: { id: senderId },
      action: r.action === "unreact" ? "unreact" : "react",
      emoji: str(r.emoji) ?? (str(r.reaction) !== null ? (REACTION_EMOJI[str(r.reaction)!] ?? str(r.reaction)) : null),
    };
  }
  if (isObj(item.read) && senderId) {
    return { type: "read", platform: "instagram", accountId, timestamp, messageId: str(item.read.mid), from: { id: senderId } };
  }
  if (isObj(item.postback) && senderId) {
    return {
      type: "postback",
      platform: "instagram",
      accountId,
      timestamp,
      messageId: str(item.postback.mid),
      from: { id: senderId },
      title: str(item.postback.title),
      payload: str(item.postback.payload),
      ...(isObj(item.postback.referral) ? { referral: item.postback.referral } : {}),
    };
  }
  if ("message_edit" in item) {
    const parsed = messageEditSchema.safeParse(item);
    if (!parsed.success) return unknownEvent(accountId, "message_edit", "message_edit not as documented", item);
    const { sender, message_edit: edit } = parsed.data;
    // The account editing its own message: nothing of the customer's changes.
    if (sender.id === entryId) return unknownEvent(accountId, "message_edit", "edit of the account's own message", item);
    return {
      type: "message_edited",
      platform: "instagram",
      accountId,
      timestamp,
      messageId: edit.mid,
      from: { id: sender.id },
      text: edit.text ?? null,
      editNumber: edit.num_edit,
      editKey: `${edit.mid}#${edit.num_edit}`,
    };
  }
  if (isObj(item.referral) && senderId) {
    return { type: "referral", platform: "instagram", accountId, timestamp, from: { id: senderId }, referral: item.referral };
  }
  const handover = threadControl(item, appId);
  if (handover) {
    if (!senderId) return unknownEvent(accountId, "messaging_handovers", "handover without sender", item);
    return { type: "thread_control", platform: "instagram", accountId, timestamp, from: { id: senderId }, ...handover };
  }
  // optin, app_roles…: kept as is.
  return unknownEvent(accountId, field, "messaging item of unknown kind", item);
}

const HANDOVER_ACTIONS = [
  ["pass_thread_control", "pass"],
  ["take_thread_control", "take"],
  ["request_thread_control", "request"],
] as const;

/**
 * `messaging_handovers` (Messenger Platform handover protocol, which Meta documents for Instagram professional accounts
 * too): `pass_thread_control {previous_owner_app_id, new_owner_app_id, metadata}` is delivered to the app the thread
 * passes to, `take_thread_control {…}` to the app it is taken from, `request_thread_control {requested_owner_app_id,
 * metadata}` to the owner another app asks. With our app id known the new owner is compared with it; without, the
 * documented recipient says who controls the thread.
 */
function threadControl(item: Record<string, unknown>, appId: string | undefined) {
  for (const [key, action] of HANDOVER_ACTIONS) {
    const h = item[key];
    if (!isObj(h)) continue;
    const newOwnerAppId = str(h.new_owner_app_id);
    const owner: "this_app" | "other_app" | "unchanged" =
      action === "request" ? "unchanged" : appId && newOwnerAppId ? (newOwnerAppId === appId ? "this_app" : "other_app") : action === "pass" ? "this_app" : "other_app";
    return {
      action,
      owner,
      previousOwnerAppId: str(h.previous_owner_app_id),
      newOwnerAppId,
      requestedOwnerAppId: str(h.requested_owner_app_id),
      metadata: str(h.metadata),
    };
  }
  return null;
}

function normalizeChange(change: unknown, entryId: string, entryTime: unknown): WebhookEvent {
  if (!isObj(change) || !isObj(change.value)) return unknownEvent(entryId, null, "change without value", change);
  const field = str(change.field) ?? "";
  const v = change.value;
  if (MESSAGING_FIELDS.has(field) && (isObj(v.sender) || isObj(v.message) || isObj(v.reaction))) {
    return normalizeMessaging(v, entryId, field, entryTime);
  }
  // `mentions`: the account @mentioned in someone else's caption or comment ({media_id, comment_id}): not a comment on
  // the account's media, so not one of its comments; kept for operators.
  if (field === "mentions") return unknownEvent(entryId, field, "mention of the account (not read by the inbox)", change);
  if (!COMMENT_FIELDS.has(field)) return unknownEvent(entryId, field, `field ${field || "?"} not normalised`, change);
  const commentId = str(v.id) ?? str(v.comment_id);
  const from = isObj(v.from) ? v.from : {};
  const fromId = str(from.id);
  if (!commentId) return unknownEvent(entryId, field, "comment without id", change);
  const media = isObj(v.media) ? v.media : {};
  return {
    type: "comment",
    platform: "instagram",
    accountId: entryId,
    timestamp: metaTimeToIso(v.timestamp ?? v.created_time, entryTime ?? Date.now()),
    commentId,
    mediaId: str(media.id) ?? str(v.media_id),
    mediaProductType: str(media.media_product_type),
    parentId: str(v.parent_id),
    text: str(v.text) ?? str(v.message) ?? "",
    from: { id: fromId ?? "", username: str(from.username) },
    isOwn: from.self_ig_scoped_id !== undefined || (fromId !== null && fromId === entryId),
    field,
  };
}
