// Leftovers of issue 14. A private reply to a comment opens the customer's DM conversation: the reply is that conversation's
// message of ours, /comments names the conversation ("open conversation"), the customer's answer lands in it, and the
// inbox thread shows the comment the conversation came from. A post Sillage published that Graph gives no image for
// shows its own uploaded image. Over the fake Graph API, webhooks signed like Meta's.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ok, settle, startInboxWorld, type InboxWorld } from "../inbox/world";
import { uploadJpeg } from "../publishing/helpers";

let w: InboxWorld;
let mediaId: string;
let postId: string;
const db = () => w.server.db.db;

beforeAll(async () => {
  w = await startInboxWorld();
  const media = w.server.fake.control.seedInstagramMedia({ igUserId: w.ig.igUserId, caption: "Les nouveautés de la semaine" });
  mediaId = media.id;
  const now = w.server.clock.now();
  const post = await db()
    .insertInto("comment_posts")
    .values({
      workspace_id: w.workspaceId,
      channel_id: w.ig.channelId,
      platform_media_id: mediaId,
      origin: "outside",
      caption: "Les nouveautés de la semaine",
      permalink: media.permalink,
      published_at: now,
      stop_at: new Date(now.getTime() + 7 * 86_400_000),
      next_check_at: new Date(now.getTime() + 300_000),
      last_check_at: now,
      last_check_status: "ok",
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  postId = post.id;
});
afterAll(() => w?.close());

describe("a private reply and the conversation it opens", () => {
  it("links the comment and the DM conversation both ways, and the customer's answer joins it", async () => {
    const customer = "17841400000000777";
    const c = w.server.fake.control.customerComment({ mediaId, from: customer, username: "lea", text: "Vous avez la taille M ?" });
    await settle(w);
    const comment = await db()
      .insertInto("comments")
      .values({ workspace_id: w.workspaceId, channel_id: w.ig.channelId, post_id: postId, platform_media_id: mediaId, platform_comment_id: c.id, author_name: "lea", author_id: customer, text: "Vous avez la taille M ?", platform_timestamp: w.server.clock.now(), source: "poll" })
      .onConflict((oc) => oc.columns(["channel_id", "platform_comment_id"]).doUpdateSet({ post_id: postId }))
      .returning("id")
      .executeTakeFirstOrThrow();

    ok(await w.owner.mutation("comments.privateReply", { commentId: comment.id, text: "Oui, je vous écris en message !" }));
    await expect.poll(async () => (await db().selectFrom("outbound_messages").select("status").where("comment_id", "=", comment.id).executeTakeFirst())?.status, { timeout: 15_000 }).toBe("sent");
    await settle(w);

    // /comments: the comment names the conversation its private reply opened.
    const list = ok<{ items: { id: string; privateReply: boolean; conversationId: string | null }[] }>(await w.owner.query("comments.list", { postId }));
    const item = list.items.find((i) => i.id === comment.id)!;
    expect(item.privateReply).toBe(true);
    expect(item.conversationId).toMatch(/^[0-9a-f-]{36}$/);
    const conversation = await db().selectFrom("conversations as v").innerJoin("contacts as k", "k.id", "v.contact_id").select(["v.id", "k.platform_user_id", "v.channel_id"]).where("v.id", "=", item.conversationId!).executeTakeFirstOrThrow();
    expect(conversation).toMatchObject({ platform_user_id: customer, channel_id: w.ig.channelId });

    // The customer answers in DM: the same conversation, not a new one.
    w.server.fake.control.customerMessage({ channel: "instagram", igUserId: w.ig.igUserId, from: customer, text: "Super, et le prix ?" });
    await settle(w);
    const conversations = await db().selectFrom("conversations as v").innerJoin("contacts as k", "k.id", "v.contact_id").select("v.id").where("k.platform_user_id", "=", customer).execute();
    expect(conversations.map((x) => x.id)).toEqual([item.conversationId]);

    // The inbox thread: the private reply (one message, whether or not its echo came back) shows the comment it answered.
    const thread = ok<{ messages: { direction: string; text: string | null; fromComment: { commentId: string; postId: string | null; text: string } | null }[] }>(
      await w.owner.query("inbox.messages", { conversationId: item.conversationId }),
    );
    const texts = thread.messages.map((m) => [m.direction, m.text]);
    expect(texts).toEqual([
      ["in", "Super, et le prix ?"],
      ["out", "Oui, je vous écris en message !"],
    ]);
    expect(thread.messages[1]!.fromComment).toEqual({ commentId: comment.id, postId, text: "Vous avez la taille M ?" });
    expect(thread.messages[0]!.fromComment).toBeNull();
  }, 60_000);
});

describe("the thumbnail of a post Sillage published", () => {
  it("falls back to the post's own uploaded image when Graph gives none", async () => {
    const ws = w.workspaceId;
    const assetId = await uploadJpeg(w.owner);
    const now = w.server.clock.now();
    const post = await db().insertInto("scheduled_posts").values({ workspace_id: ws, content: JSON.stringify({ text: "Robe en lin", mediaIds: [assetId] }), time_zone: "Europe/Paris", publish_at: now, status: "completed" }).returning("id").executeTakeFirstOrThrow();
    const publication = await db().insertInto("post_publications").values({ workspace_id: ws, post_id: post.id, channel_id: w.ig.channelId, due_at: now, status: "published", published_at: now }).returning("id").executeTakeFirstOrThrow();
    const followed = (mediaId: string, imageUrl: string | null) =>
      db()
        .insertInto("comment_posts")
        .values({ workspace_id: ws, channel_id: w.ig.channelId, platform_media_id: mediaId, origin: "sillage", publication_id: publication.id, caption: "Robe en lin", published_at: now, stop_at: new Date(now.getTime() + 7 * 86_400_000), next_check_at: now, image_url: imageUrl })
        .execute();
    await followed("own-image-1", null);
    await followed("own-image-2", "https://scontent.cdninstagram.com/v/graph.jpg");

    const posts = ok<{ items: { platformMediaId: string; imageUrl: string | null }[] }>(await w.owner.query("comments.posts"));
    const byMedia = new Map(posts.items.map((p) => [p.platformMediaId, p.imageUrl]));
    // Graph's image wins when there is one.
    expect(byMedia.get("own-image-2")).toBe("https://scontent.cdninstagram.com/v/graph.jpg");
    const own = byMedia.get("own-image-1")!;
    expect(own).toMatch(/\/media\//);
    const res = await fetch(own);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("image/jpeg");
    // A post from outside Sillage has no upload of ours: no image rather than a wrong one.
    expect(posts.items.find((p) => p.platformMediaId === mediaId)?.imageUrl ?? null).toBeNull();
  }, 30_000);
});
