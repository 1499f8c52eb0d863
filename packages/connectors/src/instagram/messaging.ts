// Instagram direct messages: sends within Meta's windows (24 h; 7 days with HUMAN_AGENT for a person; a private
// reply to a comment within 7 days of it), and inbound attachments downloaded.

import { z } from "zod";
import { PlatformError } from "../errors";
import { isMetaHost } from "../graph/meta-hosts";
import type { Usage } from "../graph/usage";
import { hoursBetween, toDate } from "../time";
import type { Channel, DownloadedMedia, MediaRef, OutboundMessage, SendMessageRequest, SendResult } from "../types";
import { invalidInput } from "../validation";
import { INSTAGRAM_DM_MAX_BYTES, INSTAGRAM_HUMAN_AGENT_HOURS, INSTAGRAM_PRIVATE_REPLY_HOURS, INSTAGRAM_WINDOW_HOURS } from "./capabilities";
import type { InstagramGraph } from "./graph";

const sendSchema = z.object({ recipient_id: z.string().optional(), message_id: z.string().min(1) });
const mediaUrlSchema = z.object({ media_url: z.string().url() });

/** The Send API's `message`: text, or one attachment by public URL (Instagram DMs have no captions). */
function messagePayload(m: OutboundMessage): Record<string, unknown> {
  if (m.type === "text") {
    if (m.text.trim() === "") throw invalidInput("instagram", "empty text", "The message is empty.");
    // The docs say "1000" in bytes in one place and characters in another: bytes is the safe reading.
    if (Buffer.byteLength(m.text, "utf8") >= INSTAGRAM_DM_MAX_BYTES) {
      throw invalidInput("instagram", "DM text too long", "Instagram messages must be under 1,000 characters (fewer with emoji or accents).");
    }
    return { text: m.text };
  }
  if (m.type === "media") {
    if (!m.link) throw invalidInput("instagram", "Instagram attachments need a public URL", "The attachment needs a public link.");
    const type = m.kind === "document" ? "file" : m.kind === "sticker" ? "image" : m.kind;
    return { attachment: { type, payload: { url: m.link } } };
  }
  throw invalidInput("instagram", "templates do not exist on Instagram", "Templates are a WhatsApp feature.");
}

/** Whom the message goes to, and whether it needs the HUMAN_AGENT tag; throws when no window allows it now. */
function recipientOf(channel: Channel, req: SendMessageRequest, now: Date): { recipient: Record<string, string>; humanAgentTag: boolean } {
  if (typeof req.to !== "string") {
    // Private reply to a comment: once per comment, within 7 days of it.
    const commentAt = toDate(req.to.commentCreatedAt);
    if (commentAt && hoursBetween(commentAt, now) >= INSTAGRAM_PRIVATE_REPLY_HOURS) {
      throw new PlatformError({
        kind: "window_closed",
        platform: "instagram",
        message: "private reply more than 7 days after the comment",
        userMessage: "The comment is more than 7 days old: Instagram no longer allows a private reply.",
      });
    }
    return { recipient: { comment_id: req.to.commentId }, humanAgentTag: false };
  }
  const last = toDate(req.lastInboundAt);
  const hours = last ? hoursBetween(last, now) : Infinity;
  if (hours < INSTAGRAM_WINDOW_HOURS) return { recipient: { id: req.to }, humanAgentTag: false };
  // HUMAN_AGENT only for messages a person wrote, with the permission, within 7 days (never for bots).
  if (hours < INSTAGRAM_HUMAN_AGENT_HOURS && channel.humanAgent === true && req.writtenByHuman === true) {
    return { recipient: { id: req.to }, humanAgentTag: true };
  }
  throw new PlatformError({
    kind: "window_closed",
    platform: "instagram",
    message: last ? `last customer message ${Math.round(hours)} h ago` : "the customer has not messaged",
    userMessage: !last
      ? "The customer has not messaged this account: Instagram allows replies only after they write."
      : hours < INSTAGRAM_HUMAN_AGENT_HOURS && channel.humanAgent === true
        ? "More than 24 hours since the customer's last message: only a person may reply now (up to 7 days)."
        : "More than 24 hours since the customer's last message: Instagram does not allow a reply now.",
  });
}

export async function sendMessage(ig: InstagramGraph, channel: Channel, req: SendMessageRequest): Promise<SendResult> {
  const now = ig.now();
  const message = messagePayload(req.message);
  const { recipient, humanAgentTag } = recipientOf(channel, req, now);
  const { data, usage } = await ig
    .call(channel, {
      method: "POST",
      url: ig.url(channel, `${ig.messagingNode(channel)}/messages`),
      json: {
        recipient,
        message,
        ...(humanAgentTag ? { messaging_type: "MESSAGE_TAG", tag: "HUMAN_AGENT" } : {}),
      },
      schema: sendSchema,
      what: typeof req.to === "string" ? "send Instagram message" : "send Instagram private reply",
    })
    .catch((err: unknown) => {
      throw typeof req.to === "string" ? err : privateReplyError(err);
    });
  return {
    messageId: data.message_id,
    recipientId: data.recipient_id ?? (typeof req.to === "string" ? req.to : null),
    messageStatus: null,
    humanAgentTag,
    usage,
  };
}

/**
 * A private reply's refusals in words about the comment: Meta answers a window error (10/2534022) for a comment past
 * 7 days, and 100/33 for one deleted meanwhile; the once-only refusal (2534025) is already worded by its subcode.
 */
function privateReplyError(err: unknown): unknown {
  if (!(err instanceof PlatformError)) return err;
  if (err.kind === "window_closed") return reworded(err, "window_closed", "The comment is more than 7 days old: Instagram no longer allows a private reply.");
  if (err.kind === "not_found") return reworded(err, "not_found", COMMENT_GONE);
  return err;
}

/** Words for a comment that no longer exists on Instagram (deleted by its author or on the app meanwhile). */
export const COMMENT_GONE = "This comment no longer exists on Instagram: it was deleted meanwhile.";

export function reworded(err: PlatformError, kind: PlatformError["kind"], userMessage: string): PlatformError {
  return new PlatformError({
    kind,
    platform: err.platform,
    code: err.code,
    subcode: err.subcode,
    fbtraceId: err.fbtraceId,
    httpStatus: err.httpStatus,
    retryAfterMs: err.retryAfterMs,
    retryable: err.retryable,
    message: err.message,
    userMessage,
    cause: err,
  });
}

/** Attachments arrive as CDN URLs; a media id is resolved through `media_url`. */
export async function downloadMedia(ig: InstagramGraph, channel: Channel, media: MediaRef): Promise<DownloadedMedia> {
  let url = media.url;
  let usage: Usage | null = null;
  if (!url && media.mediaId) {
    const res = await ig.call(channel, {
      method: "GET",
      url: ig.url(channel, media.mediaId),
      query: { fields: "media_url" },
      schema: mediaUrlSchema,
      safe: true,
      what: "look up Instagram media URL",
    });
    url = res.data.media_url;
    usage = res.usage;
  }
  if (!url) throw invalidInput("instagram", "downloadMedia needs a URL or media id");
  const res = await ig.ctx.http.bytes({
    channelId: channel.id,
    platform: "instagram",
    url,
    // The token only goes to Meta's own hosts, never to an arbitrary URL.
    token: isMetaHost(url, ig.config) ? channel.accessToken : undefined,
    safe: true,
    what: "download Instagram media",
  });
  return {
    bytes: res.bytes,
    mimeType: res.contentType ?? "application/octet-stream",
    sha256: null,
    fileSize: res.bytes.byteLength,
    usage: res.usage ?? usage,
  };
}
