// A private reply to a comment opens the customer's DM conversation (issue 14): the reply is that conversation's
// message of ours, /comments names the conversation ("open conversation"), the customer's answer lands in it, and the
// inbox thread shows the comment the conversation came from. Over the fake Graph API, webhooks signed like Meta's.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ok, settle, startInboxWorld, type InboxWorld } from "../inbox/world";

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
