// Small pure pieces of the inbox model: message types, status ranks, previews.

export type MessageType =
  | "text"
  | "image"
  | "audio"
  | "video"
  | "file"
  | "sticker"
  | "location"
  | "reaction"
  | "template"
  | "unsupported"
  | "other";

export type MessageStatus = "pending" | "sent" | "delivered" | "read" | "failed";

/**
 * A status only ever moves up this ladder, whatever order the webhooks arrive in. `failed` ranks with `delivered`:
 * it replaces pending/sent (WhatsApp's 131047 arrives as a `failed` after `sent`), and never undoes a read.
 */
export const STATUS_RANK: Record<MessageStatus, number> = { pending: 0, sent: 1, failed: 2, delivered: 2, read: 3 };

/** Platform status words → ours (`played` is a voice note listened to: read). Unknown words → null. */
export function toMessageStatus(status: string): MessageStatus | null {
  if (status === "played") return "read";
  return status === "sent" || status === "delivered" || status === "read" || status === "failed" ? status : null;
}

/** Platform message types (WhatsApp `type`, Instagram attachment type) → the inbox's. */
export function toMessageType(platformType: string): MessageType {
  switch (platformType) {
    case "text":
    case "button":
    case "interactive":
    case "postback":
      return "text";
    case "image":
      return "image";
    case "audio":
      return "audio";
    case "video":
    case "ig_reel":
    case "reel":
      return "video";
    case "document":
    case "file":
      return "file";
    case "sticker":
      return "sticker";
    case "location":
      return "location";
    case "template":
      return "template";
    case "unsupported":
      return "unsupported";
    default:
      return "other";
  }
}

/** Attachment types whose bytes the inbox fetches and keeps (shares, story mentions, reels stay links). */
export const FETCHED_ATTACHMENT_TYPES = new Set(["image", "audio", "video", "document", "file", "sticker"]);

/** `kind`: what an "other" message is on its platform (a shared post, a story mention, a referral), shown instead. */
export function preview(type: MessageType, text: string | null, kind?: string | null): string {
  const t = text?.trim();
  if (t) return t.length > 140 ? `${t.slice(0, 139)}…` : t;
  return `[${type === "other" && kind ? kind : type}]`;
}

export const MAX_MEDIA_BYTES = 25 * 1024 * 1024;
