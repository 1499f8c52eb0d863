// The Instagram messaging events the fake sends as Meta documents them (webhooks examples, contract §1.6): shared posts
// and reels, story mentions and replies, quick replies, unsupported messages, postbacks, referrals and reads, each on the
// field Meta sends it under (an account not subscribed to that field hears nothing of it).
import { describe, expect, it } from "vitest";
import { call, fakeWithReceiver, subscribeApp } from "./helpers.js";

const ctx = fakeWithReceiver("ig-s");

type Item = Record<string, unknown> & { message?: Record<string, unknown> };
const items = () => ctx.hook.received.flatMap((r) => r.json.entry.flatMap((e) => (e.messaging ?? []) as Item[]));

describe("Instagram messaging events", () => {
  it("message shapes: post share (share + ig_post), reel, story mention, story reply, quick reply, unsupported", async () => {
    const ig = ctx.fake.control.createInstagramAccount({ variant: "instagram" });
    await subscribeApp(ctx.fake.url, ig);
    const from = "1781";
    ctx.fake.control.customerMessage({ channel: "instagram", igUserId: ig.igUserId, from, attachments: [{ type: "ig_post", mediaId: "1813", title: "Robe lin", url: "https://cdn.example/p" }] });
    ctx.fake.control.customerMessage({ channel: "instagram", igUserId: ig.igUserId, from, attachments: [{ type: "ig_reel", mediaId: "1799", title: "Défilé", url: "https://cdn.example/r" }] });
    ctx.fake.control.customerMessage({ channel: "instagram", igUserId: ig.igUserId, from, attachments: [{ type: "story_mention", url: "https://cdn.example/s" }] });
    ctx.fake.control.customerMessage({ channel: "instagram", igUserId: ig.igUserId, from, text: "trop belle", replyToStory: { id: "1800", url: "https://cdn.example/story" } });
    ctx.fake.control.customerMessage({ channel: "instagram", igUserId: ig.igUserId, from, text: "Taille M", quickReplyPayload: "SIZE_M" });
    ctx.fake.control.customerMessage({ channel: "instagram", igUserId: ig.igUserId, from, unsupported: true });
    await ctx.fake.control.flushWebhooks();
    const messages = items().map((i) => i.message!);
    expect(messages[0]!.attachments).toEqual([
      { type: "share", payload: { url: "https://cdn.example/p", title: "Robe lin", ig_post_media_id: "1813" } },
      { type: "ig_post", payload: { url: "https://cdn.example/p", title: "Robe lin", ig_post_media_id: "1813" } },
    ]);
    expect(messages[1]!.attachments).toEqual([{ type: "ig_reel", payload: { url: "https://cdn.example/r", title: "Défilé", reel_video_id: "1799" } }]);
    expect(messages[2]!.attachments).toEqual([{ type: "story_mention", payload: { url: "https://cdn.example/s" } }]);
    expect(messages[3]).toMatchObject({ text: "trop belle", reply_to: { story: { url: "https://cdn.example/story", id: "1800" } } });
    expect(messages[4]).toMatchObject({ text: "Taille M", quick_reply: { payload: "SIZE_M" } });
    expect(messages[5]).toMatchObject({ is_unsupported: true });
    expect(messages[5]).not.toHaveProperty("text");
  });

  it("postback, referral (link and ad) and read, each its own messaging item; the customer's postback opens the window", async () => {
    const ig = ctx.fake.control.createInstagramAccount({ variant: "instagram" });
    await subscribeApp(ctx.fake.url, ig);
    const { id: mid } = ctx.fake.control.customerPostback({ igUserId: ig.igUserId, from: "1782", title: "Voir la collection", payload: "COLLECTION" });
    ctx.fake.control.customerReferral({ igUserId: ig.igUserId, from: "1782", ref: "bio" });
    ctx.fake.control.customerReferral({ igUserId: ig.igUserId, from: "1782", adId: "120", adTitle: "Soldes" });
    ctx.fake.control.customerSeen({ igUserId: ig.igUserId, from: "1782", mid: "m_ours" });
    await ctx.fake.control.flushWebhooks();
    const got = items();
    expect(got[0]).toMatchObject({ sender: { id: "1782" }, recipient: { id: ig.igUserId }, postback: { mid, title: "Voir la collection", payload: "COLLECTION" } });
    expect(got[1]!.referral).toEqual({ ref: "bio", source: "IGME-SOURCE-LINK", type: "OPEN_THREAD" });
    expect(got[2]!.referral).toMatchObject({ ad_id: "120", source: "ADS", type: "OPEN_THREAD", ads_context_data: { ad_title: "Soldes" } });
    expect(got[3]).toMatchObject({ read: { mid: "m_ours" } });
    const sent = await call(ctx.fake.url, "POST", `/v25.0/${ig.igUserId}/messages`, { token: ig.token, json: { recipient: { id: "1782" }, message: { text: "Voici" } } });
    expect(sent.status).toBe(200);
    await ctx.fake.control.flushWebhooks();
  });

  it("handover protocol (Facebook Login): take/pass notices in messaging[], the customer's items in standby[] while another app holds the thread", async () => {
    ctx.fake.control.configureApps({ metaAppId: "111" });
    const fb = ctx.fake.control.createInstagramAccount({ variant: "facebook" });
    await subscribeApp(ctx.fake.url, fb);
    const entries = () => ctx.hook.received.flatMap((r) => r.json.entry as { messaging?: Item[]; standby?: Item[] }[]);
    ctx.fake.control.instagramThreadControl({ igUserId: fb.igUserId, from: "1784", to: "other_app", metadata: "agent" });
    ctx.fake.control.customerMessage({ channel: "instagram", igUserId: fb.igUserId, from: "1784", text: "toujours là ?" });
    ctx.fake.control.customerPostback({ igUserId: fb.igUserId, from: "1784", title: "Oui", payload: "YES" });
    // Another customer's thread is untouched.
    ctx.fake.control.customerMessage({ channel: "instagram", igUserId: fb.igUserId, from: "1785", text: "bonjour" });
    ctx.fake.control.instagramThreadControl({ igUserId: fb.igUserId, from: "1784", to: "this_app" });
    ctx.fake.control.customerMessage({ channel: "instagram", igUserId: fb.igUserId, from: "1784", text: "merci" });
    await ctx.fake.control.flushWebhooks();
    const got = entries();
    expect(got[0]!.messaging![0]).toMatchObject({ sender: { id: "1784" }, recipient: { id: fb.igUserId }, take_thread_control: { previous_owner_app_id: "111", new_owner_app_id: "263902037430900", metadata: "agent" } });
    expect(got[1]).not.toHaveProperty("messaging");
    expect(got[1]!.standby![0]).toMatchObject({ sender: { id: "1784" }, message: { text: "toujours là ?" } });
    // Meta keeps a standby postback's payload for the app that sent the button.
    expect(got[2]!.standby![0]!.postback).toEqual({ mid: expect.any(String), title: "Oui" });
    expect(got[3]!.messaging![0]).toMatchObject({ sender: { id: "1785" }, message: { text: "bonjour" } });
    expect(got[4]!.messaging![0]).toMatchObject({ pass_thread_control: { previous_owner_app_id: "263902037430900", new_owner_app_id: "111" } });
    expect(got[5]!.messaging![0]).toMatchObject({ message: { text: "merci" } });
    // Instagram Login has no handover protocol.
    const ig = ctx.fake.control.createInstagramAccount({ variant: "instagram" });
    expect(() => ctx.fake.control.instagramThreadControl({ igUserId: ig.igUserId, from: "1784", to: "other_app" })).toThrow(/Facebook Login/);
  });

  it("sends nothing of a field the account is not subscribed to", async () => {
    const ig = ctx.fake.control.createInstagramAccount({ variant: "instagram" });
    await call(ctx.fake.url, "POST", `/v25.0/${ig.igUserId}/subscribed_apps?subscribed_fields=messages`, { token: ig.token });
    ctx.fake.control.customerPostback({ igUserId: ig.igUserId, from: "1783", title: "Oui", payload: "YES" });
    ctx.fake.control.customerReferral({ igUserId: ig.igUserId, from: "1783", ref: "bio" });
    ctx.fake.control.customerMessage({ channel: "instagram", igUserId: ig.igUserId, from: "1783", text: "hello" });
    await ctx.fake.control.flushWebhooks();
    expect(items().map((i) => Object.keys(i).find((k) => !["sender", "recipient", "timestamp"].includes(k)))).toEqual(["message"]);
  });
});
