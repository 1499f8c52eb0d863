import { GraphError, invalidParam } from "../errors.js";
import { ids } from "../ids.js";
import { authFor, type GraphCtx } from "../context.js";
import { obj, str } from "../params.js";
import { DAY, type InstagramAccount } from "../state.js";
import { instagramMessagingEvent } from "../webhooks/payloads.js";

const ATTACHMENT_TYPES = new Set(["image", "video", "audio", "file", "template", "like_heart", "MEDIA_SHARE"]);

/**
 * POST /{ig}/messages (also /me/messages, /{page-id}/messages for the facebook variant).
 * Windows (contract §2.3): 24 h after the customer's last DM; HUMAN_AGENT tag up to 7 days with the permission;
 * private reply to a comment once, within 7 days.
 */
export function sendInstagram(ctx: GraphCtx, a: InstagramAccount, pathId: string) {
  authFor(ctx, a.igUserId, pathId, "post");
  ctx.bucId = a.igUserId;
  ctx.bucType = a.variant === "facebook" ? "messenger" : "instagram";
  const p = ctx.params;
  const recipient = obj(p, "recipient");
  if (!recipient) throw invalidParam("(#100) param recipient must be non-empty.");
  const senderAction = str(p, "sender_action");
  const message = obj(p, "message");
  const commentId = typeof recipient.comment_id === "string" ? recipient.comment_id : undefined;
  const recipientId = typeof recipient.id === "string" ? recipient.id : undefined;
  if (!commentId && !recipientId) throw invalidParam("(#100) param recipient[id] must be non-empty.");

  if (senderAction) {
    if (!recipientId || !a.lastInbound.has(recipientId)) throw new GraphError({ code: 100, subcode: 2018001 });
    return { recipient_id: recipientId };
  }
  if (!message) throw invalidParam("(#100) param message must be non-empty.");
  const text = typeof message.text === "string" ? message.text : undefined;
  const attachment = message.attachment as { type?: unknown; payload?: { url?: unknown } } | undefined;
  if (text === undefined && !attachment) throw invalidParam("(#100) param message must have text or attachment.");
  // "under 1000": counted in UTF-8 bytes, the stricter of the two documented readings.
  if (text !== undefined && Buffer.byteLength(text, "utf8") >= 1000) {
    throw new GraphError({ code: 100, message: "(#100) Length of param message[text] must be less than 1000" });
  }
  if (attachment) {
    if (typeof attachment.type !== "string" || !ATTACHMENT_TYPES.has(attachment.type)) {
      throw invalidParam("(#100) param message[attachment][type] must be one of {image, video, audio, file}");
    }
    if (["image", "video", "audio", "file"].includes(attachment.type) && typeof attachment.payload?.url !== "string") {
      throw invalidParam("(#100) param message[attachment][payload][url] must be non-empty.");
    }
  }
  const messagingType = str(p, "messaging_type");
  const tag = str(p, "tag");

  let to: string;
  if (commentId) {
    const comment = ctx.state.comments.get(commentId);
    const media = comment ? ctx.state.igMedia.get(comment.mediaId) : undefined;
    if (!comment || comment.deleted || media?.igUserId !== a.igUserId) throw new GraphError({ code: 100, subcode: 33 });
    if (a.privateReplies.has(commentId)) throw new GraphError({ code: 10, subcode: 2534025 });
    if (ctx.now - comment.timestamp > 7 * DAY) throw new GraphError({ code: 10, subcode: 2534022 });
    a.privateReplies.add(commentId);
    to = comment.from.id;
  } else {
    to = recipientId ?? "";
    const last = a.lastInbound.get(to);
    if (last === undefined) throw new GraphError({ code: 100, subcode: 2018001 });
    const age = ctx.now - last;
    if (age >= DAY) {
      const humanAgent = messagingType === "MESSAGE_TAG" && tag === "HUMAN_AGENT";
      if (!humanAgent) throw new GraphError({ code: 10, subcode: 2534022 });
      // UNVERIFIED subcode for "tag used without the Human Agent permission".
      if (!a.humanAgent) throw new GraphError({ code: 10, subcode: 2018065 });
      if (age >= 7 * DAY) throw new GraphError({ code: 10, subcode: 2534022 });
    }
  }

  const mid = ids.igMid(a.igUserId);
  ctx.state.sentMessages.push({
    id: mid,
    channel: "instagram",
    kind: commentId ? "private_reply" : attachment ? "attachment" : "text",
    accountId: a.igUserId,
    to,
    text,
    tag,
    messagingType,
    body: p,
    status: "sent",
    at: ctx.now,
  });
  if (ctx.state.emitter.config.echoes) {
    const echo: Record<string, unknown> = { mid, is_echo: true };
    if (text !== undefined) echo.text = text;
    if (attachment) echo.attachments = [{ type: attachment.type, payload: { url: attachment.payload?.url } }];
    ctx.state.emitter.emit([
      instagramMessagingEvent(a, ctx.now, [
        { sender: { id: a.igUserId }, recipient: { id: to }, timestamp: ctx.now, message: echo },
      ]),
    ]);
  }
  return { recipient_id: to, message_id: mid };
}
