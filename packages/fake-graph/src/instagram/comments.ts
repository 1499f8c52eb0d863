import { GraphError, invalidParam, unsupported } from "../errors.js";
import { ids } from "../ids.js";
import { authFor, type GraphCtx } from "../context.js";
import { paginate } from "../paging.js";
import { bool, pick, str, type FieldSpec } from "../params.js";
import { metaTime, type Comment, type FakeGraphState, type IgMedia } from "../state.js";
import { instagramChangeEvent } from "../webhooks/payloads.js";

/**
 * Comments by media, kept beside `state.comments` (which stays the source of truth): listing a media's comments
 * filtered every comment of the fake, and a benchmark holding a million comments spent its time there. Rebuilt when
 * the map was cleared (reset) or grew outside `addComment`.
 */
interface MediaIndex {
  size: number;
  byMedia: Map<string, Comment[]>;
}
const mediaIndexes = new WeakMap<Map<string, Comment>, MediaIndex>();

function mediaIndex(state: FakeGraphState): MediaIndex {
  let index = mediaIndexes.get(state.comments);
  if (!index || index.size !== state.comments.size) {
    index = { size: 0, byMedia: new Map() };
    for (const c of state.comments.values()) indexComment(index, c);
    mediaIndexes.set(state.comments, index);
  }
  return index;
}

function indexComment(index: MediaIndex, c: Comment): void {
  const list = index.byMedia.get(c.mediaId) ?? index.byMedia.set(c.mediaId, []).get(c.mediaId)!;
  list.push(c);
  index.size++;
}

/** A media's comments (top-level and replies, deleted ones too), from the index. */
export function commentsOfMedia(state: FakeGraphState, mediaId: string): Comment[] {
  return mediaIndex(state).byMedia.get(mediaId) ?? [];
}

/**
 * Creates a comment and emits the `comments` webhook (customer comments always; own ones if configured), signed like
 * every delivery. Instagram Login sends the comment's id as `id`; the Facebook-Login variant documents `comment_id`
 * (contract §1.7), so a Facebook-Login account gets that shape. `at` backdates a seeded comment (no webhook then).
 */
export function addComment(
  state: FakeGraphState,
  media: IgMedia,
  input: { from: { id: string; username: string }; text: string; parentId?: string; own: boolean; at?: number; silent?: boolean; live?: boolean },
): Comment {
  const index = mediaIndex(state);
  const c: Comment = {
    id: ids.comment(),
    mediaId: media.id,
    parentId: input.parentId,
    text: input.text,
    from: input.from,
    own: input.own,
    timestamp: input.at ?? state.now(),
    hidden: false,
    deleted: false,
    likeCount: 0,
  };
  state.comments.set(c.id, c);
  indexComment(index, c);
  const acc = state.igAccounts.get(media.igUserId);
  if (acc && !input.silent && (!input.own || state.emitter.config.ownComments)) {
    const from: Record<string, unknown> = { id: c.from.id, username: c.from.username };
    // Own-account comments carry from.self_ig_scoped_id so receivers can skip them (no reply loops).
    if (input.own) from.self_ig_scoped_id = acc.igUserId;
    state.emitter.emit([
      instagramChangeEvent(acc, c.timestamp, input.live ? "live_comments" : "comments", {
        from,
        media: { id: media.id, media_product_type: media.mediaProductType },
        ...(acc.variant === "facebook" ? { comment_id: c.id } : { id: c.id }),
        ...(c.parentId ? { parent_id: c.parentId } : {}),
        text: c.text,
      }),
    ]);
  }
  return c;
}

function visible(state: FakeGraphState, c: Comment): boolean {
  if (c.deleted) return false;
  if (c.parentId) return !state.comments.get(c.parentId)?.deleted;
  return true;
}

/** Replies oldest first; top-level comments newest first (contract §4). Insertion order breaks ties. */
function replies(state: FakeGraphState, parentId: string): Comment[] {
  const parent = state.comments.get(parentId);
  if (!parent) return [];
  return commentsOfMedia(state, parent.mediaId)
    .filter((c) => c.parentId === parentId && visible(state, c))
    .sort((a, b) => a.timestamp - b.timestamp);
}

export function commentFields(ctx: GraphCtx, c: Comment, fields: FieldSpec[] | undefined): Record<string, unknown> {
  const media = ctx.state.igMedia.get(c.mediaId);
  return pick(fields, ["id", "text", "timestamp"], {
    id: () => c.id,
    text: () => c.text,
    timestamp: () => metaTime(c.timestamp),
    username: () => c.from.username,
    from: () => ({ id: c.from.id, username: c.from.username }),
    hidden: () => c.hidden,
    like_count: () => c.likeCount,
    parent_id: () => c.parentId,
    media: () => ({ id: c.mediaId, media_product_type: media?.mediaProductType }),
    user: () => (c.own ? { id: media?.igUserId } : undefined),
    // An expanded edge pages like the edge itself: 25 by default, ≤ 50, with `next` only when more exist.
    replies: (f) => {
      if (c.parentId) return undefined;
      const all = replies(ctx.state, c.id);
      const url = new URL(`${ctx.url.origin}/v25.0/${c.id}/replies`);
      if (ctx.fields) url.searchParams.set("fields", "id,text,timestamp,from");
      const page = paginate(all, (r) => r.id, { limit: f.limit !== undefined ? String(f.limit) : undefined, defaultLimit: 25, maxLimit: 50, url });
      return { data: page.data.map((r) => commentFields(ctx, r, f.sub)), ...(page.paging ? { paging: page.paging } : {}) };
    },
  }, "IGComment");
}

function mediaFor(ctx: GraphCtx, mediaId: string, method: "get" | "post"): IgMedia {
  const m = ctx.state.igMedia.get(mediaId);
  if (!m) throw unsupported(mediaId, method);
  authFor(ctx, m.igUserId, mediaId, method);
  ctx.bucId = m.igUserId;
  return m;
}

function commentFor(ctx: GraphCtx, id: string, method: "get" | "post" | "delete"): { comment: Comment; media: IgMedia } {
  const comment = ctx.state.comments.get(id);
  if (!comment || !visible(ctx.state, comment)) throw unsupported(id, method);
  const media = ctx.state.igMedia.get(comment.mediaId);
  if (!media) throw unsupported(id, method);
  authFor(ctx, media.igUserId, id, method);
  ctx.bucId = media.igUserId;
  return { comment, media };
}

function pageOf(ctx: GraphCtx, items: Comment[]) {
  const page = paginate(items, (c) => c.id, {
    limit: str(ctx.params, "limit"),
    after: str(ctx.params, "after"),
    before: str(ctx.params, "before"),
    defaultLimit: 25,
    maxLimit: 50, // "at most 50 per page"
    url: ctx.url,
  });
  return { ...page, data: page.data.map((c) => commentFields(ctx, c, ctx.fields)) };
}

/** GET /{media}/comments — top-level only, newest first, ≤ 50 per page. */
export function listComments(ctx: GraphCtx, mediaId: string) {
  const m = mediaFor(ctx, mediaId, "get");
  const items = commentsOfMedia(ctx.state, m.id)
    .filter((c) => !c.parentId && !c.deleted)
    .reverse()
    .sort((a, b) => b.timestamp - a.timestamp);
  return pageOf(ctx, items);
}

export function listReplies(ctx: GraphCtx, commentId: string) {
  const { comment } = commentFor(ctx, commentId, "get");
  return pageOf(ctx, replies(ctx.state, comment.parentId ?? comment.id));
}

function message(ctx: GraphCtx): string {
  const m = str(ctx.params, "message");
  if (!m) throw invalidParam("(#100) The parameter message is required.");
  if ([...m].length > 2200) throw new GraphError({ code: 100, subcode: 2207010, message: "The comment was too long." });
  return m;
}

function owner(ctx: GraphCtx, media: IgMedia) {
  const a = ctx.state.igAccounts.get(media.igUserId);
  return { id: media.igUserId, username: a?.username ?? "" };
}

/** POST /{media}/comments?message= */
export function createComment(ctx: GraphCtx, mediaId: string) {
  const m = mediaFor(ctx, mediaId, "post");
  const c = addComment(ctx.state, m, { from: owner(ctx, m), text: message(ctx), own: true });
  return { id: c.id };
}

/** POST /{comment}/replies?message= — replies are one level deep: a reply to a reply joins the top-level thread. */
export function reply(ctx: GraphCtx, commentId: string) {
  const { comment, media } = commentFor(ctx, commentId, "post");
  const c = addComment(ctx.state, media, {
    from: owner(ctx, media),
    text: message(ctx),
    parentId: comment.parentId ?? comment.id,
    own: true,
  });
  return { id: c.id };
}

/** POST /{comment}?hide=true|false — the owner's own comments always stay visible. */
export function hideComment(ctx: GraphCtx, commentId: string) {
  const { comment } = commentFor(ctx, commentId, "post");
  const hide = bool(ctx.params, "hide");
  if (hide === undefined) throw invalidParam("(#100) The parameter hide is required.");
  if (!comment.own) comment.hidden = hide;
  return { success: true };
}

export function deleteComment(ctx: GraphCtx, commentId: string) {
  const { comment } = commentFor(ctx, commentId, "delete");
  comment.deleted = true;
  return { success: true };
}

export function getComment(ctx: GraphCtx, commentId: string) {
  const { comment } = commentFor(ctx, commentId, "get");
  return commentFields(ctx, comment, ctx.fields);
}
