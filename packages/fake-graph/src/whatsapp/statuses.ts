// Status webhooks of a WhatsApp message the fake accepted (contract §1.5): `sent` → `delivered` → `read`, with the
// message's pricing in the account's pricing model, or a `failed` status after the 200 (§2.1: Meta reports many
// errors "asynchronously via Webhook"): the 24-hour window's 131047, and whatever a test queued with
// `failSendsAsync` (throughput 130429, pair rate 131056, spam rate 131048, undeliverable 131026, healthy ecosystem
// 131049), each with the title and details Meta's error table gives.
import { WA_131047_DETAILS } from "../errors.js";
import { ids } from "../ids.js";
import { DAY, type FakeGraphState, type SentMessage, type WhatsAppAccount } from "../state.js";
import { seconds, whatsappEvent } from "../webhooks/payloads.js";
import type { WebhookEvent } from "../webhooks/emitter.js";

/** Errors WhatsApp reports in a `failed` status after accepting the send: title and `error_data.details`. */
export const ASYNC_STATUS_ERRORS: Readonly<Record<number, { title: string; details: string }>> = {
  130429: { title: "Rate limit hit", details: "Cloud API message throughput has been reached." },
  131026: {
    title: "Message undeliverable",
    details:
      "Unable to deliver message. Reasons can include: the recipient phone number is not a WhatsApp phone number; the recipient has not accepted the new Terms of Service and Privacy Policy; the recipient is using an old WhatsApp version.",
  },
  131047: { title: "Re-engagement message", details: WA_131047_DETAILS },
  131048: {
    title: "Spam rate limit hit",
    details:
      "Message failed to send because there are restrictions on how many messages can be sent from this phone number. This may be because too many previous messages were blocked or flagged as spam.",
  },
  131049: { title: "This message was not delivered to maintain healthy ecosystem engagement.", details: "In order to maintain a healthy ecosystem engagement, the message failed to be delivered." },
  131056: {
    title: "(Business Account, Consumer Account) pair rate limit hit",
    details: "Message failed to send because there were too many messages sent from this phone number to the same phone number in a short period of time.",
  },
};

/** A `failed` status a test queued for the account's next accepted sends (to one recipient, or any). */
export interface AsyncFailure {
  code: number;
  times: number;
  to?: string;
  /** Emit `sent` first (Meta's order is not guaranteed: `failed` may follow `sent`). */
  afterSent: boolean;
}

function status(acc: WhatsAppAccount, rec: SentMessage, value: Record<string, unknown>, callback: string | undefined): WebhookEvent {
  return whatsappEvent(acc, {
    statuses: [{ id: rec.id, recipient_id: rec.to, ...(callback ? { biz_opaque_callback_data: callback } : {}), ...value }],
  });
}

function failedStatus(acc: WhatsAppAccount, rec: SentMessage, code: number, at: number, callback: string | undefined): WebhookEvent {
  const e = ASYNC_STATUS_ERRORS[code]!;
  rec.status = "failed";
  rec.error = { code, title: e.title };
  return status(
    acc,
    rec,
    {
      status: "failed",
      timestamp: seconds(at),
      errors: [{ code, title: e.title, message: e.title, error_data: { details: e.details }, href: "/documentation/business-messaging/whatsapp/support/error-codes" }],
    },
    callback,
  );
}

/** The failure queued for this send, if any (one use of it taken). */
function takeAsyncFailure(acc: WhatsAppAccount, to: string): AsyncFailure | undefined {
  const f = acc.asyncFailures.find((x) => x.times > 0 && (x.to === undefined || x.to === to));
  if (!f) return undefined;
  f.times--;
  acc.asyncFailures = acc.asyncFailures.filter((x) => x.times > 0);
  return f;
}

/**
 * What a message costs, in the account's pricing model. PMP (per message, from July 2025): `pricing` once, on
 * `sent`, with `type`; `conversation` left out (v24+, outside free entry point windows). CBP (conversation-based):
 * `pricing` and `conversation` on `sent` and `delivered`; the conversation (one per customer and category, 24 h)
 * gives its `expiration_timestamp` on the first message that opens it only.
 */
function pricingFor(state: FakeGraphState, acc: WhatsAppAccount, rec: SentMessage, isTemplate: boolean, s: "sent" | "delivered" | "read") {
  const category = isTemplate ? (rec.kind === "marketing" ? "marketing" : "utility") : "service";
  if (acc.pricingModel === "PMP") {
    if (s !== "sent") return {};
    return { pricing: { billable: isTemplate, pricing_model: "PMP", type: isTemplate ? "regular" : "free_customer_service", category } };
  }
  if (s === "read") return {};
  const key = `${acc.phoneNumberId}:${rec.to}:${category}`;
  let conv = state.waConversations.get(key);
  let opened = false;
  if (!conv || rec.at >= conv.expiresAt) {
    conv = { id: ids.hex(32), expiresAt: rec.at + DAY, openedBy: rec.id };
    state.waConversations.set(key, conv);
    opened = true;
  }
  const first = opened || conv.openedBy === rec.id;
  return {
    conversation: { id: conv.id, ...(first && s === "sent" ? { expiration_timestamp: seconds(conv.expiresAt) } : {}), origin: { type: category } },
    pricing: { billable: isTemplate, pricing_model: "CBP", category },
  };
}

/** The status webhooks of one accepted send. */
export function emitStatusesOf(state: FakeGraphState, acc: WhatsAppAccount, rec: SentMessage, callback: string | undefined, opts: { isTemplate: boolean; windowOpen: boolean }) {
  if (!opts.windowOpen) {
    // async mode: the send is accepted, the failure arrives as a `failed` status (the common case in practice).
    state.emitter.emit([failedStatus(acc, rec, 131047, rec.at, callback)]);
    return;
  }
  const failure = takeAsyncFailure(acc, rec.to);
  if (failure) {
    const events = failure.afterSent ? [sentStatus(state, acc, rec, callback, opts.isTemplate, "sent", 0)] : [];
    state.emitter.emit([...events, failedStatus(acc, rec, failure.code, rec.at + 1000, callback)]);
    return;
  }
  const list = state.emitter.config.statuses;
  const events = list.map((s, i) => sentStatus(state, acc, rec, callback, opts.isTemplate, s, i));
  if (list.length === 0) rec.status = "accepted";
  state.emitter.emit(events);
}

function sentStatus(state: FakeGraphState, acc: WhatsAppAccount, rec: SentMessage, callback: string | undefined, isTemplate: boolean, s: "sent" | "delivered" | "read", i: number) {
  rec.status = s;
  return status(acc, rec, { status: s, timestamp: seconds(rec.at + i * 1000), ...pricingFor(state, acc, rec, isTemplate, s) }, callback);
}
