// Direct messages: what is sent, what the send answers, and inbound media to download.

import type { WithUsage } from "./channel";

export interface TextMessage {
  type: "text";
  text: string;
  previewUrl?: boolean;
}

export interface MediaMessage {
  type: "media";
  kind: "image" | "video" | "audio" | "document" | "sticker";
  /** A public URL, or an uploaded media id (WhatsApp). */
  link?: string;
  mediaId?: string;
  caption?: string;
  filename?: string;
}

export interface TemplateComponent {
  type: string;
  sub_type?: string;
  index?: string | number;
  parameters?: Array<Record<string, unknown>>;
}

export interface TemplateMessage {
  type: "template";
  name: string;
  language: string;
  components?: TemplateComponent[];
}

export type OutboundMessage = TextMessage | MediaMessage | TemplateMessage;

export interface SendMessageRequest {
  /** A customer (WhatsApp phone number / Instagram IGSID), or a comment for an Instagram private reply. */
  to: string | { commentId: string; commentCreatedAt?: Date | string };
  message: OutboundMessage;
  /** The customer's last inbound message time; decides the 24 h window (absent = no open window). */
  lastInboundAt?: Date | string | null;
  /** True only when a person wrote this message (never for automatic replies): enables IG HUMAN_AGENT. */
  writtenByHuman?: boolean;
  /** Quote a message (WhatsApp context). */
  replyToMessageId?: string;
  /** Echoed back in WhatsApp status webhooks (e.g. the outbox id). */
  callbackData?: string;
}

export interface SendResult extends WithUsage {
  messageId: string;
  recipientId: string | null;
  /** WhatsApp `message_status` (accepted | held_for_quality_assessment | paused) when given. */
  messageStatus: string | null;
  /** Instagram: whether the HUMAN_AGENT tag was used. */
  humanAgentTag: boolean;
}

export interface MediaRef {
  /** WhatsApp media id (preferred: the URL is fetched fresh; it lives 5 minutes). */
  mediaId?: string;
  /** A direct URL (Instagram attachments; a WhatsApp URL if no id). */
  url?: string;
}

export interface DownloadedMedia extends WithUsage {
  bytes: Uint8Array;
  mimeType: string;
  sha256: string | null;
  fileSize: number;
}
