import {
  CommentActionError,
  deleteComment,
  getCommentThread,
  listCommentPosts,
  listComments,
  replyToComment,
  setCommentHidden,
  type CommentRefusal,
} from "@sillage/comments";
import { apiError } from "../error-codes";
import { multiLineTextSchema } from "@sillage/validators";
import { z } from "zod";
import { createTRPCRouter, workspaceProcedure } from "../trpc";

const commentId = z.object({ commentId: z.uuid() });
/** A page of /comments stays open a while; the thumbnail falls back to the icon if its link expires. */
const OWN_IMAGE_LINK_TTL_SECONDS = 3600;

// Live: `comment.*` events (received, triaged, reply, updated) on the workspace stream (`workspace.events`).

/**
 * A refusal a person can act on comes back as `{ ok: false, reason, message }` (the SPA words `reason` in the reader's
 * language): what it taught (a comment gone, a dead token) is recorded in the same transaction and must commit.
 * A comment of no such id, here or in another workspace, is NOT_FOUND.
 */
function refusalOf(err: unknown, id: string): CommentRefusal {
  if (!(err instanceof CommentActionError)) throw err;
  if (err.reason === "not_found") throw apiError("NOT_FOUND", "comment_not_found", {}, err);
  return { ok: false, id, reason: err.reason, message: err.message };
}

function orNotFound<T extends { ok: boolean; reason?: string; message?: string }>(r: T): T {
  if (!r.ok && r.reason === "not_found") throw apiError("NOT_FOUND", "comment_not_found");
  return r;
}

export const commentsRouter = createTRPCRouter({
  /**
   * The posts whose comments are followed (published by Sillage or outside it), newest first: counts of comments,
   * unanswered and escalated ones, and the polling state (last and next check, `stopAt` = published + 7 days, slowed).
   */
  posts: workspaceProcedure
    .input(z.object({ cursor: z.string().max(200).nullish(), limit: z.number().int().min(1).max(100).default(30) }).optional())
    .query(async ({ ctx, input }) => {
      const page = await listCommentPosts(ctx.db, ctx.workspace.id, ctx.clock.now(), { cursor: input?.cursor, limit: input?.limit ?? 30 });
      // No image from Graph for a Sillage post: the post's own uploaded image, through a signed expiring link.
      const items = page.items.map(({ ownImageKey, ...p }) => ({ ...p, imageUrl: p.imageUrl ?? (ownImageKey ? ctx.media.signUrl(ownImageKey, OWN_IMAGE_LINK_TTL_SECONDS) : null) }));
      return { ...page, items };
    }),

  /**
   * Top-level comments, newest first, keyset-paged (`nextCursor`), each with its replies nested, replies of ours on
   * their way (`outgoing`), its triage decision and reason. Filters: a post, a triage, and `unanswered` (customers'
   * comments with no reply of ours, neither ignored nor hidden), `escalated` (escalated and unanswered), `hidden`.
   */
  list: workspaceProcedure
    .input(
      z
        .object({
          postId: z.uuid().optional(),
          filter: z.enum(["all", "unanswered", "escalated", "hidden"]).default("all"),
          triage: z.enum(["IGNORE", "ESCALATE", "AUTO_REPLY"]).optional(),
          cursor: z.string().max(200).nullish(),
          limit: z.number().int().min(1).max(100).default(30),
        })
        .optional(),
    )
    .query(({ ctx, input }) => listComments(ctx.db, ctx.workspace.id, input ?? {})),

  /** One comment's thread (its top-level comment with the replies) and its post. */
  thread: workspaceProcedure.input(commentId).query(async ({ ctx, input }) => {
    const thread = await getCommentThread(ctx.db, ctx.workspace.id, input.commentId);
    if (!thread) throw apiError("NOT_FOUND", "comment_not_found");
    return thread;
  }),

  /** A public reply under the comment (its thread, for a reply), queued on the one outbound path. */
  reply: workspaceProcedure.input(commentId.extend({ text: multiLineTextSchema({ max: 2200, min: 1, trim: true }) })).mutation(async ({ ctx, input }) => {
    try {
      const r = await replyToComment(ctx.db, ctx, { workspaceId: ctx.workspace.id, commentId: input.commentId, kind: "public", text: input.text, userId: userIdOf(ctx.auth) });
      return { ok: true as const, id: input.commentId, outboundId: r.outboundId };
    } catch (err) {
      return refusalOf(err, input.commentId);
    }
  }),

  /** A private reply: a DM to the comment's author, once per comment, within 7 days of it. */
  privateReply: workspaceProcedure.input(commentId.extend({ text: multiLineTextSchema({ max: 1000, min: 1, trim: true }) })).mutation(async ({ ctx, input }) => {
    try {
      const r = await replyToComment(ctx.db, ctx, { workspaceId: ctx.workspace.id, commentId: input.commentId, kind: "private", text: input.text, userId: userIdOf(ctx.auth) });
      return { ok: true as const, id: input.commentId, outboundId: r.outboundId };
    } catch (err) {
      return refusalOf(err, input.commentId);
    }
  }),

  /** Hides (or shows again, `hidden: false`) a customer's comment on Instagram. */
  hide: workspaceProcedure.input(commentId.extend({ hidden: z.boolean().default(true) })).mutation(async ({ ctx, input }) => {
    try {
      return orNotFound(await setCommentHidden(ctx.db, ctx, { workspaceId: ctx.workspace.id, commentId: input.commentId, hidden: input.hidden }));
    } catch (err) {
      return refusalOf(err, input.commentId);
    }
  }),

  /** Deletes the comment on Instagram (kept here, marked deleted by us). */
  delete: workspaceProcedure.input(commentId).mutation(async ({ ctx, input }) => {
    try {
      return orNotFound(await deleteComment(ctx.db, ctx, { workspaceId: ctx.workspace.id, commentId: input.commentId }));
    } catch (err) {
      return refusalOf(err, input.commentId);
    }
  }),

});

function userIdOf(auth: { kind: string; userId?: string } | null): string | null {
  return auth?.kind === "session" && auth.userId ? auth.userId : null;
}
