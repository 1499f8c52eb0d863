// Webhooks: the handshake and signature verdicts, and the platform-neutral events a delivery becomes.

import type { Platform, WithUsage } from "./channel";
import type { ErrorInfo } from "./errors";

export type HandshakeResult = { ok: true; status: 200; body: string } | { ok: false; status: 403; body: string };

export type SignatureResult =
  | { ok: true }
  | { ok: false; reason: "missing_header" | "sha1_only" | "bad_format" | "mismatch" | "no_secret" };

export interface Attachment {
  type: string;
  mediaId: string | null;
  url: string | null;
  mimeType: string | null;
  sha256: string | null;
  caption: string | null;
  filename: string | null;
  voice: boolean;
}

/** A WhatsApp status's `pricing`, in either shape (CBP or PMP): words as Meta sends them, lower case; null when absent. */
export interface StatusPricing {
  billable: boolean | null;
  /** `CBP` (conversation-based, before July 2025) or `PMP` (per message). */
  model: string | null;
  /** marketing | utility | authentication | authentication_international | service | referral_conversion | marketing_lite… */
  category: string | null;
  /** PMP only: regular | free_customer_service | free_entry_point. */
  type: string | null;
}

/** A WhatsApp status's `conversation`. */
export interface StatusConversation {
  id: string | null;
  /** `origin.type`: the conversation's category (CBP) or referral_conversion for a free entry point. */
  originType: string | null;
  /** ISO time the conversation ends (Meta gives it on the first status of the conversation only). */
  expiresAt: string | null;
}

export interface Party {
  id: string;
  name?: string | null;
  username?: string | null;
  /** WhatsApp: business-scoped user id (2026+). */
  userId?: string | null;
}

interface EventBase {
  platform: Platform;
  /** Routing key: WhatsApp phone_number_id, Instagram professional account id (entry.id). */
  accountId: string;
  /** ISO time of the event. */
  timestamp: string;
  /**
   * Instagram via the Messenger platform: the item came in `standby[]` (handover protocol), so another app (Meta's
   * inbox, a chatbot) controls the thread. Shown like any other; never answered automatically.
   */
  standby?: true;
}

export type WebhookEvent =
  | (EventBase & {
      type: "message";
      messageId: string;
      from: Party;
      /** text | image | audio | video | document | sticker | location | contacts | interactive | button | order | system | unsupported | share… */
      messageType: string;
      text: string | null;
      attachments: Attachment[];
      replyToMessageId: string | null;
      wabaId?: string;
      errors?: ErrorInfo[];
      /** Extra structured content (location, contacts, interactive reply, referral, order…). */
      extra?: Record<string, unknown>;
      /**
       * WhatsApp system message: the customer's identifier changed (a new phone number, or a new business-scoped user
       * id). Whatever was keyed on `previousId` now belongs to `newId`.
       */
      identityChange?: { kind: "phone_number" | "user_id"; previousId: string; newId: string };
    })
  | (EventBase & {
      type: "message_status";
      messageId: string;
      status: "sent" | "delivered" | "read" | "failed" | "played" | string;
      recipientId: string | null;
      errors: ErrorInfo[];
      callbackData: string | null;
      /** WhatsApp: what Meta charges for the message (on one of `sent`/`delivered`). */
      pricing?: StatusPricing;
      /** WhatsApp: the conversation the message opened or fell in (CBP; PMP only in free entry point windows). */
      conversation?: StatusConversation;
      wabaId?: string;
    })
  | (EventBase & {
      /** A message the business itself sent (API or app): reconcile outbound, never treat as inbound. */
      type: "echo";
      messageId: string;
      recipientId: string;
      text: string | null;
      attachments: Attachment[];
    })
  | (EventBase & {
      type: "reaction";
      /** The message reacted to. */
      messageId: string;
      from: Party;
      action: "react" | "unreact";
      emoji: string | null;
    })
  | (EventBase & {
      type: "comment";
      commentId: string;
      mediaId: string | null;
      mediaProductType: string | null;
      parentId: string | null;
      text: string;
      from: Party;
      /** Written by the account itself: skip to avoid reply loops. */
      isOwn: boolean;
      field: string;
    })
  | (EventBase & { type: "read"; messageId: string | null; from: Party })
  | (EventBase & {
      type: "message_deleted";
      messageId: string;
      from: Party;
      /** The account unsent its own message (an echo with `is_deleted`; `from` is then the customer it was sent to). */
      byAccount?: true;
    })
  | (EventBase & {
      /** The customer edited a message they sent (`messageId`: the edited message's id). */
      type: "message_edited";
      messageId: string;
      from: Party;
      /** The message's text after the edit. */
      text: string | null;
      /** Instagram's `num_edit` (how many times the message has been edited); null on WhatsApp, which gives none. */
      editNumber: number | null;
      /** The same for every delivery of one edit (its idempotency key). */
      editKey: string;
    })
  | (EventBase & {
      type: "postback";
      messageId: string | null;
      from: Party;
      title: string | null;
      payload: string | null;
      /** A postback that opened the conversation from an ig.me link or an ad says so (`postback.referral`). */
      referral?: Record<string, unknown>;
    })
  | (EventBase & {
      /**
       * The customer opened the conversation from an ig.me link or an ad (Instagram `messaging_referral`): no message,
       * but where they came from. `referral` as Meta sent it ({ref, source, type, ad_id, ads_context_data…}).
       */
      type: "referral";
      from: Party;
      referral: Record<string, unknown>;
    })
  | (EventBase & {
      /**
       * Instagram `messaging_handovers` (handover protocol): control of the customer's thread passed, taken or
       * requested. `owner`: who controls the thread afterwards as this app sees it (`unchanged` for a request).
       */
      type: "thread_control";
      from: Party;
      action: "pass" | "take" | "request";
      owner: "this_app" | "other_app" | "unchanged";
      /** The app ids Meta names (previous / new owner, or the app asking), null when absent. */
      previousOwnerAppId: string | null;
      newOwnerAppId: string | null;
      requestedOwnerAppId: string | null;
      metadata: string | null;
    })
  | (EventBase & { type: "system_error"; errors: ErrorInfo[]; wabaId?: string })
  | {
      type: "unknown";
      platform: Platform | null;
      accountId: string | null;
      field: string | null;
      reason: string;
      /** The item exactly as received. */
      raw: unknown;
    };

export interface WebhookSetupResult extends WithUsage {
  subscribed: boolean;
  fields: string[];
}

/** What `GET …/subscribed_apps` says: is the app subscribed for this account (with which fields, where Meta lists them). */
export interface WebhookSubscriptionState extends WithUsage {
  subscribed: boolean;
  fields: string[];
}
