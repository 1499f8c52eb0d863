import { storableDateSchema } from "@sillage/time";
import { loadChannel } from "@sillage/channels";
import { isPlatformError } from "@sillage/connectors";
import { isMember } from "@sillage/accounts";
import { commentOrigins } from "@sillage/comments";
import type { ScopedDb } from "@sillage/db";
import { multiLineTextSchema, publicLinkSchema } from "@sillage/validators";
import {
  conversationChannel,
  getContactPanel,
  getThread,
  labelsOf,
  listConversations,
  listDeadLetters,
  replayDeadLetter,
  sendOutbound,
  snoozeConversation,
  updateConversation,
  withContactAvatars,
  type ConversationChange,
  type OutboundBody,
} from "@sillage/inbox";
import { findMediaAssetByKey } from "@sillage/media";
import { tracked } from "@trpc/server";
import { z } from "zod";
import { toApiError } from "../platform-errors";
import { templateComponentsSchema } from "../template-components";
import { apiError } from "../error-codes";
import { inboxErrorToApi } from "../inbox-errors";
import { createTRPCRouter, requireRole, workspaceProcedure, workspaceSubscription } from "../trpc";

const conversationId = z.object({ conversationId: z.uuid() });
/** Links handed to Meta for an image reply: long enough for the platform to fetch it. */
const OUTBOUND_IMAGE_LINK_TTL_SECONDS = 24 * 3600;
/** Stored files a reply may carry as its image: what both WhatsApp and Instagram accept in a message. */
const REPLY_IMAGE_TYPES = new Set(["image/jpeg", "image/png"]);

function toTrpc(err: unknown): never {
  throw inboxErrorToApi(err);
}

async function touchConversation(ctx: { db: ScopedDb; workspace: { id: string } }, id: string, set: ConversationChange, change: string) {
  const updated = await updateConversation(ctx.db, ctx.workspace.id, id, set, change);
  if (!updated) throw apiError("NOT_FOUND", "conversation_not_found");
  return updated;
}

function bodyText(components: unknown): string | null {
  if (!Array.isArray(components)) return null;
  const body = components.find((c): c is { type: string; text?: unknown } => typeof c === "object" && c !== null && (c as { type?: unknown }).type === "BODY");
  return typeof body?.text === "string" ? body.text : null;
}

/** Who is waiting for a person and the AI's draft, as `inbox.conversations` and `inbox.messages` say (appended to docs/api.md). */
export const needsPersonDoc = [
  "## Waiting for a person and the AI's draft (`inbox.conversations`, `inbox.messages`)",
  "",
  "A conversation `needsPerson` when it is not resolved, its latest decision is an ESCALATE or an AUTO_REPLY whose",
  "reply did not go out (`blocked_ai_off`, `suppressed_human`, `window_closed`, `failed`), and no agent has written",
  "since that decision; `inbox.conversations({ needsPerson: true })` lists only those, and each item carries",
  "`decisionOutcome` (the latest decision's). `inbox.messages` returns `conversation.draft` — `{ decisionId, triage,",
  "outcome, text }`, the AI's reply — for such a conversation when its decision has one; sending it (edited or not) is an",
  "ordinary `inbox.reply` (`automatic: false`), after which the conversation leaves the view. Each message has",
  "`authorName`: the agent's name on replies a person wrote (null for customers, automatic replies and API tokens).",
];

/** Messages the customer edited or unsent, as `inbox.messages` returns them (appended to docs/api.md). */
export const editedMessagesDoc = [
  "## Edited and unsent messages (`inbox.messages`)",
  "",
  "A customer's message they edited (Instagram `message_edit`; WhatsApp `edit`, which Meta sends for WhatsApp Business",
  "app numbers on Cloud API only) has `text` its latest version, `editedAt` and `editCount` (Instagram's `num_edit`), and",
  "`previousTexts` `[{ text, at }]`: what it said before, oldest first (its first text, then each edit but the one shown).",
  "A message the customer unsent (Instagram `is_deleted`, WhatsApp `revoke`) has `deletedAt`, `text` null and",
  "`previousTexts` empty: its text is kept for audit until the message is archived (D+90), never shown. `editedAt` is",
  "null and `editCount` 0 for a message never edited. An edit or unsend arriving before its message leaves the message",
  "in the thread already, edited (`previousTexts` without its first text until it comes) or unsent; once it arrives it",
  "fills that entry (same `id`), and only then counts as unread and is triaged. A message edited before its burst is",
  "decided is triaged on its new text, one already decided is not decided (nor answered) again, and one unsent before",
  "its decision gets none.",
];

export const inboxRouter = createTRPCRouter({
  /** The conversation list: newest activity first, filtered, keyset-paged (`nextCursor`). */
  conversations: workspaceProcedure
    .input(
      z
        .object({
          platform: z.enum(["whatsapp", "instagram"]).optional(),
          status: z.enum(["open", "pending", "resolved"]).optional(),
          assignee: z.union([z.enum(["me", "unassigned"]), z.uuid()]).optional(),
          unread: z.boolean().optional(),
          triage: z.enum(["IGNORE", "ESCALATE", "AUTO_REPLY"]).optional(),
          /** Customers waiting for a person: escalated, or an automatic reply that did not go out, not answered since. */
          needsPerson: z.boolean().optional(),
          /** Only conversations carrying this label (`labels.list`). */
          labelId: z.uuid().optional(),
          /** Only snoozed conversations; every other view leaves them out until they wake. */
          snoozed: z.boolean().optional(),
          search: z.string().trim().max(100).optional(),
          cursor: z.string().max(200).nullish(),
          limit: z.number().int().min(1).max(100).default(30),
        })
        .optional(),
    )
    .query(async ({ ctx, input }) => {
      const userId = ctx.auth.kind === "session" ? ctx.auth.userId : null;
      const page = await listConversations(ctx.db, ctx.workspace.id, userId, input ?? {}, ctx.clock.now());
      const labels = await labelsOf(ctx.db, page.items.map((c) => c.id));
      const items = await withContactAvatars(ctx.db, ctx.media, page.items);
      return { ...page, items: items.map((c) => ({ ...c, labels: labels.get(c.id) ?? [] })) };
    }),

  /** One thread (newest first, keyset-paged), its reply window, media as short-lived signed links, reactions. */
  messages: workspaceProcedure
    .input(conversationId.extend({ cursor: z.string().max(200).nullish(), limit: z.number().int().min(1).max(200).default(50) }))
    .query(async ({ ctx, input }) => {
      const thread = await getThread(ctx.db, ctx.media, ctx.workspace.id, input, ctx.clock.now());
      if (!thread) throw apiError("NOT_FOUND", "conversation_not_found");
      // The reply box checks an image against the same limit `reply` enforces: the connector's.
      const { maxImageMb } = ctx.connectors.get(thread.conversation.platform as "whatsapp" | "instagram").capabilities;
      const [conversation] = await withContactAvatars(ctx.db, ctx.media, [thread.conversation]);
      const labels = (await labelsOf(ctx.db, [thread.conversation.id])).get(thread.conversation.id) ?? [];
      // A private reply to a comment opened this conversation: the comment it answered, to show and open on /comments.
      const origins = await commentOrigins(ctx.db, thread.messages.flatMap((m) => (m.fromCommentId ? [m.fromCommentId] : [])));
      const messages = thread.messages.map(({ fromCommentId, ...m }) => ({ ...m, fromComment: fromCommentId ? (origins.get(fromCommentId) ?? null) : null }));
      return { ...thread, messages, conversation: { ...conversation!, labels, replyImageMaxMb: maxImageMb } };
    }),

  /** The contact panel: who the customer is (name, username, phone, picture, channel, first seen) and their conversations. */
  contact: workspaceProcedure.input(conversationId).query(async ({ ctx, input }) => {
    const panel = await getContactPanel(ctx.db, ctx.media, ctx.workspace.id, input.conversationId);
    if (!panel) throw apiError("NOT_FOUND", "conversation_not_found");
    return panel;
  }),

  /** Sends text, an image or (WhatsApp) an approved template through the single outbound path. */
  reply: workspaceProcedure
    .input(
      conversationId.extend({
        text: multiLineTextSchema({ max: 4096, min: 1, trim: true }).optional(),
        // The caption beside the union, not in each branch: a bad caption is then reported at image.caption.
        image: z
          .intersection(
            z.union([
              z.object({ key: z.string().min(3).max(300) }),
              // Meta fetches the link itself: only a public http(s) address (field error at image.url otherwise).
              z.object({ url: publicLinkSchema }),
            ]),
            z.object({ caption: multiLineTextSchema({ max: 1024 }).optional() }),
          )
          .optional(),
        template: z
          .object({
            name: z.string().min(1).max(512),
            language: z.string().min(2).max(15),
            components: templateComponentsSchema.optional(),
          })
          .optional(),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const given = [input.text && !input.image, input.image, input.template].filter(Boolean).length;
      if (given !== 1) throw apiError("BAD_REQUEST", "reply_one_kind");
      let body: OutboundBody;
      if (input.template) body = { type: "template", ...input.template };
      else if (input.image) {
        const caption = input.image.caption ?? input.text;
        if ("key" in input.image) {
          // Only this workspace's stored files can be attached (the scoped handle sees no other workspace's files).
          const key = input.image.key;
          const asset = key.startsWith(`${ctx.workspace.id}/`) ? await findMediaAssetByKey(ctx.db, key) : undefined;
          if (!asset) throw apiError("NOT_FOUND", "file_not_found");
          if (!REPLY_IMAGE_TYPES.has(asset.mimeType)) throw apiError("BAD_REQUEST", "reply_image_type");
          const conv = await conversationChannel(ctx.db, input.conversationId);
          if (!conv) throw apiError("NOT_FOUND", "conversation_not_found");
          const { maxImageMb } = ctx.connectors.get(conv.platform).capabilities;
          if (asset.sizeBytes > maxImageMb * 1_048_576) {
            throw apiError("PAYLOAD_TOO_LARGE", "reply_image_size", { platform: conv.platform === "whatsapp" ? "WhatsApp" : "Instagram", mb: maxImageMb });
          }
          body = { type: "image", url: ctx.media.signUrl(key, OUTBOUND_IMAGE_LINK_TTL_SECONDS), caption, stored: { key, mimeType: asset.mimeType } };
        } else body = { type: "image", url: input.image.url, caption };
      } else body = { type: "text", text: input.text! };
      try {
        return await sendOutbound(ctx.db, ctx, {
          workspaceId: ctx.workspace.id,
          conversationId: input.conversationId,
          body,
          automatic: false,
          userId: ctx.auth.kind === "session" ? ctx.auth.userId : null,
        });
      } catch (err) {
        toTrpc(err);
      }
    }),

  /** Approved WhatsApp templates of the conversation's number (offered outside the 24 h window). */
  templates: workspaceProcedure.input(conversationId).query(async ({ ctx, input }) => {
    const conv = await conversationChannel(ctx.db, input.conversationId);
    if (!conv) throw apiError("NOT_FOUND", "conversation_not_found");
    if (conv.platform !== "whatsapp") return [];
    const loaded = await loadChannel(ctx.db, ctx.secretBox, conv.channelId);
    if (!loaded) throw apiError("NOT_FOUND", "channel_not_found");
    try {
      const { templates } = await ctx.connectors.whatsapp.listTemplates(loaded.channel, { status: "APPROVED" });
      return templates
        .filter((t) => t.status === "APPROVED")
        .map((t) => ({
          name: t.name,
          language: t.language,
          category: t.category,
          body: bodyText(t.components),
        }));
    } catch (err) {
      if (isPlatformError(err)) throw toApiError(err);
      throw err;
    }
  }),

  /** Assigns to a member of the workspace, or unassigns (null). */
  assign: workspaceProcedure.input(conversationId.extend({ userId: z.uuid().nullable() })).mutation(async ({ ctx, input }) => {
    if (input.userId && !(await isMember(ctx.db, input.userId))) {
      throw apiError("BAD_REQUEST", "not_a_member");
    }
    return touchConversation(ctx, input.conversationId, { assigneeId: input.userId }, "assigned");
  }),

  resolve: workspaceProcedure.input(conversationId).mutation(({ ctx, input }) =>
    touchConversation(ctx, input.conversationId, { status: "resolved", unreadCount: 0 }, "resolved"),
  ),

  reopen: workspaceProcedure.input(conversationId).mutation(({ ctx, input }) => touchConversation(ctx, input.conversationId, { status: "open" }, "reopened")),

  /**
   * Snoozes the conversation until a time (it leaves every view but `snoozed` until then, or until the customer
   * writes again), or wakes it now (`until: null`).
   */
  snooze: workspaceProcedure.input(conversationId.extend({ until: storableDateSchema.nullable() })).mutation(async ({ ctx, input }) => {
    if (input.until && input.until <= ctx.clock.now()) throw apiError("BAD_REQUEST", "snooze_past");
    const snoozed = await snoozeConversation(ctx.db, ctx.workspace.id, input.conversationId, input.until);
    if (!snoozed) throw apiError("NOT_FOUND", "conversation_not_found");
    return snoozed;
  }),

  /** The agent has seen the thread: clears its unread count. */
  markRead: workspaceProcedure.input(conversationId).mutation(({ ctx, input }) => touchConversation(ctx, input.conversationId, { unreadCount: 0 }, "read")),

  /**
   * Admins: webhook events of this workspace that kept failing and were parked (dead letters), newest first, with
   * their error. Whole deliveries and events of unknown accounts belong to no workspace: `pnpm cli dead-letters`.
   */
  deadLetters: workspaceProcedure
    .input(z.object({ cursor: z.number().int().positive().nullish(), limit: z.number().int().min(1).max(100).default(50) }).optional())
    .query(async ({ ctx, input }) => {
      requireRole(ctx.workspace, "admin");
      const limit = input?.limit ?? 50;
      const items = await listDeadLetters(ctx.db, { limit, beforeId: input?.cursor });
      return { items, nextCursor: items.length === limit ? items[items.length - 1]!.id : null };
    }),

  /** Admins: hands a parked event back to its job (once the cause is fixed); it is applied once, or parked again. */
  replayDeadLetter: workspaceProcedure.input(z.object({ id: z.number().int().positive() })).mutation(async ({ ctx, input }) => {
    requireRole(ctx.workspace, "admin");
    // Row-level security: another workspace's row, or one of no workspace, is not found.
    if ((await replayDeadLetter(ctx.db, input.id)) === "not_parked") throw apiError("NOT_FOUND", "dead_letter_not_found");
    return { id: input.id, replayed: true };
  }),

  /** Live inbox events of the workspace (`inbox.*`), resumable with the last event id. */
  onEvent: workspaceSubscription
    .input(z.object({ lastEventId: z.coerce.number().int().nonnegative().nullish() }).optional())
    .subscription(async function* ({ ctx, input, signal }) {
      for await (const event of ctx.events.stream(ctx.workspace.id, { lastEventId: input?.lastEventId ?? undefined, signal })) {
        if (!event.type.startsWith("inbox.")) continue;
        yield tracked(String(event.id), { type: event.type, payload: event.payload, createdAt: event.createdAt });
      }
    }),
});
