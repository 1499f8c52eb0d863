// Comments under an Instagram post: listed a page at a time (the caller reads down to its checkpoint), replied to,
// hidden, deleted. Graph lists top-level comments newest first, ≤ 50 a page, without a time filter; replies come only
// through expansion or /replies, so a thread with more replies than its expansion shows is read to its end.

import { z } from "zod";
import { graphPages, nextCursor, pageSchema, pagingSchema } from "../graph/paging";
import { graphBoolean, idSchema, successSchema } from "../graph/schemas";
import type { Usage } from "../graph/usage";
import { graphTime } from "../time";
import type { Channel, Comment, WithUsage } from "../types";
import { charLength, invalidInput } from "../validation";
import { INSTAGRAM_CAPTION_MAX } from "./capabilities";
import type { InstagramGraph } from "./graph";
import { COMMENT_GONE, reworded } from "./messaging";
import { PlatformError } from "../errors";

/** A comment deleted meanwhile answers 100/33 ("does not exist"): say so about the comment. */
function commentGone(err: unknown): never {
  if (err instanceof PlatformError && err.kind === "not_found") throw reworded(err, "not_found", COMMENT_GONE);
  throw err;
}

const rawCommentSchema = z.object({
  id: z.string(),
  text: z.string().optional(),
  timestamp: z.string(),
  username: z.string().optional(),
  from: z.object({ id: z.string().optional(), username: z.string().optional() }).optional(),
  hidden: graphBoolean.optional(),
  like_count: z.number().optional(),
  parent_id: z.string().optional(),
});
type RawComment = z.infer<typeof rawCommentSchema>;
const commentWithRepliesSchema = rawCommentSchema.extend({
  replies: z.object({ data: z.array(rawCommentSchema), paging: pagingSchema }).optional(),
});
const commentPageSchema = pageSchema(commentWithRepliesSchema);
const replyPageSchema = pageSchema(rawCommentSchema);

const REPLY_FIELDS = "id,text,timestamp,username,from,like_count,hidden,parent_id";
const COMMENT_FIELDS = `${REPLY_FIELDS},replies{${REPLY_FIELDS}}`;

/** One comment (or reply) of a Graph page, on post `postId`; a reply's parent is its own `parent_id` or the page's. */
function commentOf(c: RawComment, postId: string, parentId: string | null): Comment {
  return {
    id: c.id,
    postId,
    parentId: c.parent_id ?? parentId,
    text: c.text ?? "",
    timestamp: new Date(graphTime(c.timestamp)).toISOString(),
    from: { id: c.from?.id ?? null, username: c.from?.username ?? c.username ?? null },
    hidden: c.hidden ?? false,
    likeCount: c.like_count ?? null,
  };
}

/** The replies of a comment past those its expansion showed (`startAfter`: the expansion's cursor). */
async function moreReplies(
  ig: InstagramGraph,
  channel: Channel,
  commentId: string,
  startAfter: string,
): Promise<{ replies: RawComment[]; pages: number; usage: Usage | null }> {
  const replies: RawComment[] = [];
  let pages = 0;
  let usage: Usage | null = null;
  const replyPages = graphPages(
    (after) =>
      ig.call(channel, {
        method: "GET",
        url: ig.url(channel, `${commentId}/replies`),
        query: { fields: REPLY_FIELDS, limit: 50, after },
        schema: replyPageSchema,
        safe: true,
        what: "list Instagram replies",
      }),
    { maxPages: ig.config.maxPages, after: startAfter },
  );
  for await (const res of replyPages) {
    pages++;
    usage = res.usage ?? usage;
    replies.push(...res.data.data);
  }
  return { replies, pages, usage };
}

export async function replyComment(ig: InstagramGraph, channel: Channel, commentId: string, text: string): Promise<{ id: string } & WithUsage> {
  if (text.trim() === "") throw invalidInput("instagram", "empty reply", "The reply is empty.");
  if (charLength(text) > INSTAGRAM_CAPTION_MAX) throw invalidInput("instagram", "reply longer than 2200", "Reply longer than 2,200 characters.");
  const { data, usage } = await ig.call(channel, {
    method: "POST",
    url: ig.url(channel, `${commentId}/replies`),
    form: { message: text },
    schema: idSchema,
    what: "reply to Instagram comment",
  }).catch(commentGone);
  return { id: data.id, usage };
}

export async function setHidden(ig: InstagramGraph, channel: Channel, commentId: string, hide: boolean): Promise<{ success: boolean } & WithUsage> {
  const { data, usage } = await ig.call(channel, {
    method: "POST",
    url: ig.url(channel, commentId),
    form: { hide: String(hide) },
    schema: successSchema,
    safe: true, // idempotent: hiding twice is harmless
    what: hide ? "hide Instagram comment" : "unhide Instagram comment",
  }).catch(commentGone);
  return { success: data.success, usage };
}

export async function deleteComment(ig: InstagramGraph, channel: Channel, commentId: string): Promise<{ success: boolean } & WithUsage> {
  const { data, usage } = await ig.call(channel, {
    method: "DELETE",
    url: ig.url(channel, commentId),
    schema: successSchema,
    what: "delete Instagram comment",
  }).catch(commentGone);
  return { success: data.success, usage };
}

/** A top-level comment of a page, with the replies its field expansion carried (all of them: more pages are read). */
export interface CommentWithReplies extends Comment {
  replies: Comment[];
}

/** One page of a media's top-level comments, newest first (Graph's order), ≤ 50, replies expanded. */
export interface CommentListPage extends WithUsage {
  comments: CommentWithReplies[];
  /** Graph's cursor for the next (older) page (`cursors.after`, else the `after` of `paging.next`); null on the last page. */
  after: string | null;
  /** Calls this page cost (1, plus reply pages past the expansion's first). */
  calls: number;
}

/**
 * One page of `/{media}/comments` from `after` (Graph's own cursor): the caller decides how far to read (a checkpoint
 * makes a post with nothing new cost one call). Replies come through field expansion; a thread with more replies
 * than the expansion shows is read to its end through `/{comment}/replies`.
 */
export async function listCommentsPage(ig: InstagramGraph, channel: Channel, mediaId: string, after?: string | null): Promise<CommentListPage> {
  const res = await ig.call(channel, {
    method: "GET",
    url: ig.url(channel, `${mediaId}/comments`),
    query: { fields: COMMENT_FIELDS, limit: 50, after: after ?? undefined },
    schema: commentPageSchema,
    safe: true,
    what: "list Instagram comments",
  });
  let usage: Usage | null = res.usage;
  let calls = 1;
  const toComment = (c: RawComment, parentId: string | null) => commentOf(c, mediaId, parentId);
  const comments: CommentWithReplies[] = [];
  for (const c of res.data.data) {
    const replies = (c.replies?.data ?? []).map((r) => toComment(r, c.id));
    const repliesAfter = nextCursor(c.replies?.paging);
    if (repliesAfter) {
      const more = await moreReplies(ig, channel, c.id, repliesAfter);
      calls += more.pages;
      usage = more.usage ?? usage;
      replies.push(...more.replies.map((r) => toComment(r, c.id)));
    }
    comments.push({ ...toComment(c, null), parentId: null, replies });
  }
  const next = nextCursor(res.data.paging);
  return { comments, after: next, calls, usage };
}
