// WhatsApp messages: POST /{phone-number-id}/messages (text ≤ 4096, media caption ≤ 1024, templates). A 200 only
// means "accepted": delivery (or an async 131047 failure) arrives later as a status webhook. Free-form messages go
// only within 24 h of the customer's last message, templates any time: we refuse BEFORE calling Meta (Meta often
// answers 200 and fails later with 131047). Broadcasts (broadcast.ts) send with the same body.

import { z } from "zod";
import { PlatformError } from "../errors";
import { successSchema } from "../graph/schemas";
import { hoursBetween, toDate } from "../time";
import type { Channel, OutboundMessage, SendMessageRequest, SendResult, WithUsage } from "../types";
import { charLength, invalidInput } from "../validation";
import { WHATSAPP_CAPTION_MAX, WHATSAPP_TEXT_MAX, WHATSAPP_WINDOW_HOURS } from "./capabilities";
import type { WhatsAppGraph } from "./graph";

export const sendResponseSchema = z.object({
  messaging_product: z.string().optional(),
  contacts: z.array(z.object({ input: z.string().optional(), wa_id: z.string().optional() })).optional(),
  messages: z.array(z.object({ id: z.string().min(1), message_status: z.string().optional() })).min(1),
});

/** Whether free-form (non-template) messages are allowed now. */
export function windowOpen(lastInboundAt: Date | string | null | undefined, now: Date): boolean {
  const last = toDate(lastInboundAt);
  return last !== null && hoursBetween(last, now) < WHATSAPP_WINDOW_HOURS;
}

export function validateMessage(message: OutboundMessage): void {
  const invalid = (msg: string, user: string) => invalidInput("whatsapp", msg, user);
  if (message.type === "text") {
    if (message.text.trim() === "") throw invalid("empty text", "The message is empty.");
    if (charLength(message.text) > WHATSAPP_TEXT_MAX) {
      throw invalid("text longer than 4096", "Message longer than 4,096 characters.");
    }
  } else if (message.type === "media") {
    if (!message.link && !message.mediaId) throw invalid("media without link or id", "The attachment is missing.");
    if (message.caption && charLength(message.caption) > WHATSAPP_CAPTION_MAX) {
      throw invalid("caption longer than 1024", "Caption longer than 1,024 characters.");
    }
    if (message.caption && (message.kind === "audio" || message.kind === "sticker")) {
      throw invalid(`caption on ${message.kind}`, "Audio and stickers cannot have a caption.");
    }
  } else if (!message.name || !message.language) {
    throw invalid("template without name/language", "Choose an approved template and its language.");
  }
}

export function messageBody(to: string, message: OutboundMessage, extra: { replyTo?: string; callbackData?: string }): Record<string, unknown> {
  const body: Record<string, unknown> = { messaging_product: "whatsapp", recipient_type: "individual", to };
  if (message.type === "text") {
    body.type = "text";
    body.text = { body: message.text, preview_url: message.previewUrl ?? false };
  } else if (message.type === "media") {
    body.type = message.kind;
    const media: Record<string, unknown> = message.mediaId ? { id: message.mediaId } : { link: message.link };
    if (message.caption) media.caption = message.caption;
    if (message.filename && message.kind === "document") media.filename = message.filename;
    body[message.kind] = media;
  } else {
    body.type = "template";
    body.template = {
      name: message.name,
      language: { code: message.language },
      ...(message.components && message.components.length > 0 ? { components: message.components } : {}),
    };
  }
  if (extra.replyTo) body.context = { message_id: extra.replyTo };
  if (extra.callbackData) body.biz_opaque_callback_data = extra.callbackData;
  return body;
}

export async function sendMessage(wa: WhatsAppGraph, channel: Channel, req: SendMessageRequest): Promise<SendResult> {
  if (typeof req.to !== "string") throw new PlatformError({ kind: "unsupported", platform: "whatsapp", message: "private replies to comments do not exist on WhatsApp" });
  validateMessage(req.message);
  if (req.message.type !== "template" && !windowOpen(req.lastInboundAt, wa.now())) {
    throw new PlatformError({
      kind: "window_closed",
      platform: "whatsapp",
      message: "outside the 24 h customer-service window: only templates may be sent",
    });
  }
  const { data, usage } = await wa.call(channel, {
    method: "POST",
    url: wa.url(`${channel.externalId}/messages`),
    json: messageBody(req.to, req.message, { replyTo: req.replyToMessageId, callbackData: req.callbackData }),
    schema: sendResponseSchema,
    what: "send WhatsApp message",
  });
  const first = data.messages[0];
  return {
    messageId: first?.id ?? "",
    recipientId: data.contacts?.[0]?.wa_id ?? req.to,
    messageStatus: first?.message_status ?? null,
    humanAgentTag: false,
    usage,
  };
}

/** Marks an inbound message as read (blue ticks), optionally showing a typing indicator. */
export async function markRead(wa: WhatsAppGraph, channel: Channel, messageId: string, typing: boolean): Promise<{ success: boolean } & WithUsage> {
  const { data, usage } = await wa.call(channel, {
    method: "POST",
    url: wa.url(`${channel.externalId}/messages`),
    json: {
      messaging_product: "whatsapp",
      status: "read",
      message_id: messageId,
      ...(typing ? { typing_indicator: { type: "text" } } : {}),
    },
    schema: successSchema,
    safe: true,
    what: "mark WhatsApp message read",
  });
  return { success: data.success, usage };
}
