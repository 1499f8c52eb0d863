import { expect } from "vitest";
import { ok, refusedInB, type CaseFile, type World } from "./context";

/** B's followed post and a customer comment under it, on B's Instagram account. */
async function seedComment(w: World) {
  const ig = w.server.fake.control.createInstagramAccount({ variant: "instagram" });
  const channelId = ok<{ id: string }>(await w.b.mutation("channels.connectInstagram", { accessToken: ig.token })).id;
  const media = w.server.fake.control.seedInstagramMedia({ igUserId: ig.igUserId, caption: "B's post" });
  const c = w.server.fake.control.customerComment({ mediaId: media.id, from: "b-customer", text: "secret comment of b" });
  const now = w.server.clock.now();
  const db = w.server.db.db;
  const post = await db
    .insertInto("comment_posts")
    .values({ workspace_id: w.bIds.workspaceId!, channel_id: channelId, platform_media_id: media.id, origin: "outside", caption: "B's post", published_at: now, stop_at: new Date(now.getTime() + 7 * 86_400_000) })
    .returning("id")
    .executeTakeFirstOrThrow();
  const comment = await db
    .insertInto("comments")
    .values({ workspace_id: w.bIds.workspaceId!, channel_id: channelId, post_id: post.id, platform_media_id: media.id, platform_comment_id: c.id, text: "secret comment of b", platform_timestamp: now, source: "poll" })
    .onConflict((oc) => oc.columns(["channel_id", "platform_comment_id"]).doUpdateSet({ post_id: post.id }))
    .returning("id")
    .executeTakeFirstOrThrow();
  return { postId: post.id, commentId: comment.id, platformId: c.id, mediaId: media.id };
}

const bComment = (w: World) =>
  w.server.db.db.selectFrom("comments").select(["hidden", "deleted_at"]).where("id", "=", w.bIds.commentId!).executeTakeFirstOrThrow();
const bOutbox = (w: World) => w.server.db.db.selectFrom("outbound_messages").select("id").where("comment_id", "=", w.bIds.commentId!).execute();

const file: CaseFile = {
  async seed(w) {
    const s = await seedComment(w);
    w.bIds.commentPostId = s.postId;
    w.bIds.commentId = s.commentId;
    w.bIds.commentPlatformId = s.platformId;
    w.bIds.commentMediaId = s.mediaId;
  },
  cases: {
    "comments.posts": async (w) => {
      await refusedInB(w, "query", "comments.posts");
      expect(JSON.stringify(ok(await w.a.query("comments.posts")))).not.toContain(w.bIds.commentPostId);
    },
    "comments.list": async (w) => {
      await refusedInB(w, "query", "comments.list", { postId: w.bIds.commentPostId });
      expect(ok(await w.a.query("comments.list", { postId: w.bIds.commentPostId }))).toEqual({ items: [], nextCursor: null });
      expect(JSON.stringify(ok(await w.a.query("comments.list")))).not.toContain("secret comment of b");
    },
    "comments.thread": async (w) => {
      await refusedInB(w, "query", "comments.thread", { commentId: w.bIds.commentId });
      expect(await w.a.query("comments.thread", { commentId: w.bIds.commentId })).toMatchObject({ ok: false, code: "NOT_FOUND" });
    },
    "comments.reply": async (w) => {
      await refusedInB(w, "mutation", "comments.reply", { commentId: w.bIds.commentId, text: "intrusion" });
      expect(await w.a.mutation("comments.reply", { commentId: w.bIds.commentId, text: "intrusion" })).toMatchObject({ ok: false, code: "NOT_FOUND" });
      expect(await bOutbox(w)).toEqual([]);
    },
    "comments.privateReply": async (w) => {
      await refusedInB(w, "mutation", "comments.privateReply", { commentId: w.bIds.commentId, text: "intrusion" });
      expect(await w.a.mutation("comments.privateReply", { commentId: w.bIds.commentId, text: "intrusion" })).toMatchObject({ ok: false, code: "NOT_FOUND" });
      expect(await bOutbox(w)).toEqual([]);
    },
    "comments.hide": async (w) => {
      await refusedInB(w, "mutation", "comments.hide", { commentId: w.bIds.commentId, hidden: true });
      expect(await w.a.mutation("comments.hide", { commentId: w.bIds.commentId, hidden: true })).toMatchObject({ ok: false, code: "NOT_FOUND" });
      expect(await bComment(w)).toEqual({ hidden: false, deleted_at: null });
      expect(w.server.fake.control.comments({ mediaId: w.bIds.commentMediaId! }).find((c) => c.id === w.bIds.commentPlatformId)?.hidden).toBe(false);
    },
    "comments.delete": async (w) => {
      await refusedInB(w, "mutation", "comments.delete", { commentId: w.bIds.commentId });
      expect(await w.a.mutation("comments.delete", { commentId: w.bIds.commentId })).toMatchObject({ ok: false, code: "NOT_FOUND" });
      expect(await bComment(w)).toEqual({ hidden: false, deleted_at: null });
      expect(w.server.fake.control.comments({ mediaId: w.bIds.commentMediaId! }).find((c) => c.id === w.bIds.commentPlatformId)?.deleted).toBe(false);
    },
  },
};
export default file;
