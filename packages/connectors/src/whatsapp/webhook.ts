// WhatsApp Cloud API webhook → events. Envelope:
//   {"object":"whatsapp_business_account","entry":[{"id":"<WABA id>","changes":[{"field":"messages","value":{
//     "metadata":{"phone_number_id":"…"},"contacts":[…],"messages":[…],"statuses":[…],"errors":[…]}}]}]}
// Route on metadata.phone_number_id. Timestamps are Unix SECONDS as strings. Meta batches: every entry, change,
// message and status is iterated. Anything not understood is kept as an `unknown` event (never dropped).

import { z } from "zod";
import { webhookErrorInfos } from "../error-info";
import { metaTimeToIso } from "../time";
import { arr, isObj, keptBody, parseWebhookBody, setAside, str } from "../webhooks/payload";
import { statusConversation, statusPricing } from "./pricing";
import type { Attachment, Party, WebhookEvent } from "../types";

const MEDIA_TYPES = new Set(["image", "audio", "video", "document", "sticker"]);
const KNOWN_TYPES = new Set([
  "text",
  "image",
  "audio",
  "video",
  "document",
  "sticker",
  "location",
  "contacts",
  "interactive",
  "button",
  "reaction",
  "order",
  "system",
  "unsupported",
  "request_welcome",
]);

/**
 * A customer's edit or revoke (Cloud API `messages` webhook reference, types `edit` and `revoke`; Meta documents them
 * for WhatsApp Business app numbers onboarded to Cloud API, "Coexistence", only). `id` is the edit's or revoke's own
 * wamid; the message it changes is `original_message_id`. An edit carries the new message (text, or media with caption).
 */
const revokeSchema = z.object({ revoke: z.object({ original_message_id: z.string().min(1) }) });
const editSchema = z.object({
  edit: z.object({
    original_message_id: z.string().min(1),
    message: z.object({ type: z.string(), text: z.object({ body: z.string() }).optional() }).catchall(z.unknown()),
  }),
});

function unknownEvent(accountId: string | null, field: string | null, reason: string, raw: unknown): WebhookEvent {
  return { type: "unknown", platform: "whatsapp", accountId, field, reason, raw };
}

function attachmentFrom(type: string, m: Record<string, unknown>): Attachment | null {
  const a = m[type];
  if (!isObj(a)) return null;
  return {
    type,
    mediaId: str(a.id),
    // Meta began adding `url` gradually (2025-11); download by id anyway.
    url: str(a.url),
    mimeType: str(a.mime_type),
    sha256: str(a.sha256),
    caption: str(a.caption),
    filename: str(a.filename),
    voice: a.voice === true,
  };
}

export function normalizeWhatsAppWebhook(input: unknown): WebhookEvent[] {
  const body = parseWebhookBody(input);
  if (!isObj(body) || !Array.isArray(body.entry)) return [unknownEvent(null, null, "not a webhook envelope", keptBody(input, body))];
  if (body.object !== undefined && body.object !== "whatsapp_business_account") {
    return [unknownEvent(null, null, `unexpected object ${String(body.object)}`, body)];
  }
  const events: WebhookEvent[] = [];
  for (const entry of body.entry) {
    if (!isObj(entry) || !Array.isArray(entry.changes)) {
      events.push(unknownEvent(null, null, "entry without changes", entry));
      continue;
    }
    const wabaId = str(entry.id) ?? undefined;
    for (const change of entry.changes) {
      events.push(...setAside("whatsapp", change, { accountId: null, field: isObj(change) ? str(change.field) : null }, () => normalizeChange(change, wabaId)));
    }
  }
  return events;
}

function normalizeChange(change: unknown, wabaId: string | undefined): WebhookEvent[] {
  if (!isObj(change) || !isObj(change.value)) return [unknownEvent(null, null, "change without value", change)];
  const field = str(change.field);
  const value = change.value;
  const meta = isObj(value.metadata) ? value.metadata : {};
  const accountId = str(meta.phone_number_id);
  if (field !== "messages" || !accountId) {
    // Template status, account updates, user_preferences (marketing opt-out)…: kept for whoever needs them.
    return [unknownEvent(accountId ?? wabaId ?? null, field, `field ${field ?? "?"} not normalised`, change)];
  }
  const out: WebhookEvent[] = [];
  const names = new Map<string, Party>();
  for (const c of arr(value.contacts)) {
    if (!isObj(c)) continue;
    const profile = isObj(c.profile) ? c.profile : {};
    // 2026: wa_id may be missing (username-only users); user_id is the business-scoped id.
    const id = str(c.wa_id) ?? str(c.user_id);
    if (id) names.set(id, { id, name: str(profile.name), username: str(profile.username), userId: str(c.user_id) });
  }
  let handled = false;

  for (const m of arr(value.messages)) {
    handled = true;
    out.push(normalizeMessage(m, accountId, wabaId, names));
  }
  for (const s of arr(value.statuses)) {
    handled = true;
    if (!isObj(s) || !str(s.id) || !str(s.status)) {
      out.push(unknownEvent(accountId, field, "status without id/status", s));
      continue;
    }
    out.push({
      type: "message_status",
      platform: "whatsapp",
      accountId,
      wabaId,
      messageId: str(s.id) ?? "",
      status: str(s.status) ?? "",
      timestamp: metaTimeToIso(s.timestamp),
      recipientId: str(s.recipient_id),
      errors: webhookErrorInfos(s.errors, "whatsapp"),
      callbackData: str(s.biz_opaque_callback_data),
      ...pricingFacts(s),
    });
  }
  if (Array.isArray(value.errors) && value.errors.length > 0) {
    // App/system-level errors (e.g. 130429 rate limit) arrive with no messages or statuses.
    handled = true;
    out.push({
      type: "system_error",
      platform: "whatsapp",
      accountId,
      wabaId,
      timestamp: new Date().toISOString(), // Meta gives no time for these
      errors: webhookErrorInfos(value.errors, "whatsapp"),
    });
  }
  if (!handled) out.push(unknownEvent(accountId, field, "messages change with nothing known", change));
  return out;
}

/** The status's pricing and conversation, each only when present and readable. */
function pricingFacts(s: Record<string, unknown>) {
  const pricing = statusPricing(s.pricing);
  const conversation = statusConversation(s.conversation);
  return { ...(pricing ? { pricing } : {}), ...(conversation ? { conversation } : {}) };
}

function normalizeMessage(
  m: unknown,
  accountId: string,
  wabaId: string | undefined,
  names: Map<string, Party>,
): WebhookEvent {
  if (!isObj(m)) return unknownEvent(accountId, "messages", "message is not an object", m);
  const id = str(m.id);
  const fromId = str(m.from) ?? str(m.from_user_id);
  const type = str(m.type) ?? "unknown";
  if (!id || !fromId) return unknownEvent(accountId, "messages", "message without id/from", m);
  const from: Party = names.get(fromId) ?? { id: fromId, name: null };
  const timestamp = metaTimeToIso(m.timestamp);

  if (type === "reaction") {
    const r = isObj(m.reaction) ? m.reaction : {};
    const emoji = str(r.emoji);
    const target = str(r.message_id);
    if (!target) return unknownEvent(accountId, "messages", "reaction without message_id", m);
    // An empty/missing emoji removes the reaction.
    return {
      type: "reaction",
      platform: "whatsapp",
      accountId,
      timestamp,
      messageId: target,
      from,
      action: emoji ? "react" : "unreact",
      emoji: emoji || null,
    };
  }
  if (type === "revoke") {
    const parsed = revokeSchema.safeParse(m);
    if (!parsed.success) return unknownEvent(accountId, "messages", "revoke not as documented", m);
    return { type: "message_deleted", platform: "whatsapp", accountId, timestamp, messageId: parsed.data.revoke.original_message_id, from };
  }
  if (type === "edit") {
    const parsed = editSchema.safeParse(m);
    if (!parsed.success) return unknownEvent(accountId, "messages", "edit not as documented", m);
    const { original_message_id: original, message } = parsed.data.edit;
    const media = isObj(message[message.type]) ? (message[message.type] as Record<string, unknown>) : null;
    return {
      type: "message_edited",
      platform: "whatsapp",
      accountId,
      timestamp,
      messageId: original,
      from,
      text: message.text?.body ?? (media ? str(media.caption) : null),
      editNumber: null,
      editKey: id,
    };
  }
  if (!KNOWN_TYPES.has(type)) return unknownEvent(accountId, "messages", `message type ${type}`, m);

  const attachments: Attachment[] = [];
  let text: string | null = null;
  const extra: Record<string, unknown> = {};
  if (type === "text" && isObj(m.text)) text = str(m.text.body);
  if (MEDIA_TYPES.has(type)) {
    const a = attachmentFrom(type, m);
    if (a) attachments.push(a);
    text = a?.caption ?? null;
  }
  if (type === "button" && isObj(m.button)) {
    text = str(m.button.text);
    extra.payload = str(m.button.payload);
  }
  if (type === "interactive" && isObj(m.interactive)) {
    const i = m.interactive;
    const reply = isObj(i.button_reply) ? i.button_reply : isObj(i.list_reply) ? i.list_reply : isObj(i.nfm_reply) ? i.nfm_reply : null;
    // A button or list row answers with its title; a WhatsApp Flow (nfm_reply) with its `body` ("Sent"), its answers
    // being in `response_json`.
    text = reply ? (str(reply.title) ?? str(reply.body)) : null;
    extra.interactive = i;
  }
  if (type === "location") extra.location = m.location;
  if (type === "contacts") extra.contacts = m.contacts;
  if (type === "order") extra.order = m.order;
  let identityChange: IdentityChange | null = null;
  if (type === "system") {
    extra.system = m.system;
    text = isObj(m.system) ? str(m.system.body) : null;
    identityChange = identityChangeOf(m.system, fromId);
  }
  if (isObj(m.referral)) extra.referral = m.referral; // Click-to-WhatsApp ads
  const context = isObj(m.context) ? m.context : null;
  // A forwarded message carries `context` with forwarded flags and no id; a question about a catalogue item names it.
  if (context?.forwarded === true) extra.forwarded = true;
  if (context?.frequently_forwarded === true) extra.frequentlyForwarded = true;
  if (isObj(context?.referred_product)) extra.referredProduct = context.referred_product;
  const errors = webhookErrorInfos(m.errors, "whatsapp");
  return {
    type: "message",
    platform: "whatsapp",
    accountId,
    wabaId,
    messageId: id,
    from,
    timestamp,
    messageType: type,
    text,
    attachments,
    replyToMessageId: context ? str(context.id) : null,
    ...(errors.length > 0 ? { errors } : {}),
    ...(Object.keys(extra).length > 0 ? { extra } : {}),
    ...(identityChange ? { identityChange } : {}),
  };
}

type IdentityChange = NonNullable<Extract<WebhookEvent, { type: "message" }>["identityChange"]>;

/**
 * Meta's system messages (no `contacts[]`): `user_changed_number` sends the NEW number in `system.wa_id` (`new_wa_id`
 * before v12) while `from` is still the old one; `user_changed_user_id` carries `previous_user_id` → `user_id`.
 */
function identityChangeOf(system: unknown, fromId: string): IdentityChange | null {
  if (!isObj(system)) return null;
  const kind = str(system.type);
  if (kind === "user_changed_number" || kind === "customer_changed_number") {
    const newId = str(system.wa_id) ?? str(system.new_wa_id);
    return newId && newId !== fromId ? { kind: "phone_number", previousId: fromId, newId } : null;
  }
  if (kind === "user_changed_user_id") {
    const previousId = str(system.previous_user_id);
    const newId = str(system.user_id);
    return previousId && newId && previousId !== newId ? { kind: "user_id", previousId, newId } : null;
  }
  return null;
}
