// Every Instagram webhook shape Meta documents (webhooks examples; contract §1.6, §1.7), posted over real HTTP to the
// webhook route and signed with the Instagram app secret as Meta signs them: what each becomes in the inbox, what the
// thread shows of it, and what never reaches triage (echoes, reactions, reads, referrals).
import { signBody } from "@sillage/connectors";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { settle, startInboxWorld, TEST_SECRETS, type InboxWorld } from "./world";

let w: InboxWorld;
beforeAll(async () => {
  w = await startInboxWorld();
});
afterAll(() => w.close());

let seq = 0;
/** A customer IGSID of its own per test, so conversations never mix. */
const customer = () => `17860${Date.now() % 1_000_000}${seq++}`;
const cdn = (n: string) => `https://lookaside.fbsbx.com/ig_messaging_cdn/?asset_id=${n}`;

/** Posts a body as Meta would: its exact bytes, signed with the Instagram app secret. */
async function deliver(body: unknown): Promise<void> {
  const raw = typeof body === "string" ? body : JSON.stringify(body);
  const res = await fetch(`${w.server.url}/webhooks/instagram`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-hub-signature-256": signBody(raw, TEST_SECRETS.instagramAppSecret) },
    body: raw,
  });
  expect(res.status).toBe(200);
}
const envelope = (messaging: unknown[]) => ({ object: "instagram", entry: [{ id: w.ig.igUserId, time: Date.now(), messaging }] });
const fromCustomer = (igsid: string, rest: Record<string, unknown>) => ({ sender: { id: igsid }, recipient: { id: w.ig.igUserId }, timestamp: Date.now(), ...rest });
const fromAccount = (igsid: string, rest: Record<string, unknown>) => ({ sender: { id: w.ig.igUserId }, recipient: { id: igsid }, timestamp: Date.now(), ...rest });

async function rowsOf(igsid: string) {
  return w.server.db.db
    .selectFrom("messages as m")
    .innerJoin("conversations as c", "c.id", "m.conversation_id")
    .innerJoin("contacts as k", "k.id", "c.contact_id")
    .select(["m.id", "m.platform_message_id", "m.direction", "m.author", "m.type", "m.text", "m.reply_to_platform_id", "m.media", "m.raw", "m.deleted_at", "m.status", "m.conversation_id"])
    .where("k.platform_user_id", "=", igsid)
    .where("c.channel_id", "=", w.ig.channelId)
    .orderBy("m.platform_timestamp")
    .orderBy("m.created_at")
    .execute();
}

interface ThreadMessage {
  id: string;
  platformMessageId: string | null;
  text: string | null;
  reactions: { emoji: string; by: string }[];
  context: {
    storyReply: { id: string | null; url: string | null } | null;
    links: { type: string; url: string | null; title: string | null }[];
    referral: { source: string | null; ref: string | null; adId: string | null; adTitle: string | null } | null;
  };
}
async function threadOf(conversationId: string): Promise<ThreadMessage[]> {
  const res = (await w.owner.query("inbox.messages", { conversationId })) as { ok: true; data: { messages: ThreadMessage[] } };
  return res.data.messages;
}
const byMid = (messages: ThreadMessage[], mid: string) => messages.find((m) => m.platformMessageId === mid)!;

/** A new customer writes through the fake (which then lets us answer): their conversation, once triaged. */
async function customerWrote(text: string, extra: { replyToStory?: { id: string; url?: string } } = {}) {
  const igsid = customer();
  const { id: mid } = w.server.fake.control.customerMessage({ channel: "instagram", igUserId: w.ig.igUserId, from: igsid, text, ...extra });
  await settle(w);
  const conversationId = (await rowsOf(igsid))[0]!.conversation_id;
  await expect.poll(() => batchesOf(conversationId).length, { timeout: 10_000 }).toBe(1);
  return { igsid, mid, conversationId };
}

/** Our reply, once Instagram answered for it: its row id and Instagram's message id. */
async function replied(conversationId: string, text: string) {
  const sent = (await w.owner.mutation("inbox.reply", { conversationId, text })) as { ok: true; data: { messageId: string } };
  const row = () => w.server.db.db.selectFrom("messages").select(["platform_message_id", "status"]).where("id", "=", sent.data.messageId).executeTakeFirstOrThrow();
  await expect.poll(async () => (await row()).platform_message_id, { timeout: 10_000 }).toBeTruthy();
  return { id: sent.data.messageId, mid: (await row()).platform_message_id!, row };
}

/** Past the workspace's 1 s burst window: a batch that was going to be made has been. */
const pastBurstWindow = () => new Promise((r) => setTimeout(r, 1_800));
const batchesOf = (conversationId: string) => w.batches.filter((b) => b.conversationId === conversationId);

describe("Instagram messages (field `messages`)", () => {
  it("text, every attachment type, replies to a message and to a story, quick replies, unsupported: one batch, each kept as Meta said", async () => {
    const igsid = customer();
    const m = (mid: string, message: Record<string, unknown>) => fromCustomer(igsid, { message: { mid, ...message } });
    const mediaUrl = `${w.server.fake.url}/ig_messaging_cdn/?asset_id=none`;
    await deliver(
      envelope([
        m("ig-text", { text: "Bonjour !" }),
        m("ig-image", { attachments: [{ type: "image", payload: { url: mediaUrl } }] }),
        m("ig-video", { attachments: [{ type: "video", payload: { url: mediaUrl } }] }),
        m("ig-audio", { attachments: [{ type: "audio", payload: { url: mediaUrl } }] }),
        m("ig-file", { attachments: [{ type: "file", payload: { url: mediaUrl } }] }),
        // A post shared: Meta sends `share` and, since Nov. 2025, its `ig_post` twin.
        m("ig-post", {
          attachments: [
            { type: "share", payload: { ig_post_media_id: "1813", title: "Robe lin", url: cdn("post") } },
            { type: "ig_post", payload: { ig_post_media_id: "1813", title: "Robe lin", url: cdn("post") } },
          ],
        }),
        m("ig-share", { attachments: [{ type: "share", payload: { url: cdn("share") } }] }),
        m("ig-mention", { attachments: [{ type: "story_mention", payload: { url: cdn("mention") } }] }),
        m("ig-story", { attachments: [{ type: "ig_story", payload: { url: cdn("igstory") } }] }),
        m("ig-reel", { attachments: [{ type: "ig_reel", payload: { reel_video_id: "1799", title: "Défilé", url: cdn("reel") } }] }),
        m("ig-reel2", { attachments: [{ type: "reel", payload: { reel_video_id: "1798", url: cdn("reel2") } }] }),
        m("ig-quote", { text: "celle-ci", reply_to: { mid: "ig-text" } }),
        m("ig-story-reply", { text: "trop belle", reply_to: { story: { url: cdn("story"), id: "1800" } } }),
        m("ig-quick", { text: "Taille M", quick_reply: { payload: "SIZE_M" } }),
        m("ig-unsupported", { is_unsupported: true }),
        // A link Meta would never send, but a webhook is untrusted: never an href.
        m("ig-evil", { attachments: [{ type: "share", payload: { url: "javascript:alert(1)" } }] }),
      ]),
    );
    await settle(w);
    const rows = await rowsOf(igsid);
    const row = (mid: string) => rows.find((r) => r.platform_message_id === mid)!;
    expect(rows).toHaveLength(16);
    expect(rows.every((r) => r.direction === "in" && r.author === "customer")).toBe(true);
    expect(row("ig-text")).toMatchObject({ type: "text", text: "Bonjour !" });
    expect(["ig-image", "ig-video", "ig-audio", "ig-file"].map((mid) => row(mid).type)).toEqual(["image", "video", "audio", "file"]);
    // Files are fetched (bytes kept); shares, mentions and reels stay links.
    const fetched = await w.server.db.db.selectFrom("message_media").select(["message_id", "source_url"]).where("message_id", "in", rows.map((r) => r.id)).execute();
    expect(fetched.map((f) => rows.find((r) => r.id === f.message_id)!.platform_message_id).sort()).toEqual(["ig-audio", "ig-file", "ig-image", "ig-video"]);
    expect(row("ig-reel").type).toBe("video");
    expect(row("ig-quote").reply_to_platform_id).toBe("ig-text");
    expect(row("ig-quick").raw).toMatchObject({ extra: { quickReply: { payload: "SIZE_M" } } });
    expect(row("ig-unsupported").type).toBe("unsupported");

    const conversationId = rows[0]!.conversation_id;
    const thread = await threadOf(conversationId);
    expect(byMid(thread, "ig-post").context.links).toEqual([{ type: "ig_post", url: cdn("post"), title: "Robe lin" }]);
    expect(byMid(thread, "ig-share").context.links).toEqual([{ type: "share", url: cdn("share"), title: null }]);
    expect(byMid(thread, "ig-mention").context.links).toEqual([{ type: "story_mention", url: cdn("mention"), title: null }]);
    expect(byMid(thread, "ig-story").context.links).toEqual([{ type: "ig_story", url: cdn("igstory"), title: null }]);
    expect(byMid(thread, "ig-reel").context.links).toEqual([{ type: "ig_reel", url: cdn("reel"), title: "Défilé" }]);
    expect(byMid(thread, "ig-reel2").context.links).toEqual([{ type: "reel", url: cdn("reel2"), title: null }]);
    expect(byMid(thread, "ig-story-reply").context).toMatchObject({ storyReply: { id: "1800", url: cdn("story") }, links: [] });
    expect(byMid(thread, "ig-image").context).toEqual({ storyReply: null, links: [], referral: null, threadControl: null });
    expect(byMid(thread, "ig-evil").context.links).toEqual([{ type: "share", url: null, title: null }]);

    // The customer wrote: one batch (triage) with every message of the burst.
    await expect.poll(() => batchesOf(conversationId).flatMap((b) => b.messages).length, { timeout: 10_000 }).toBe(16);
  });

  it("a postback (icebreaker, button) is the customer's message: its title as text, its payload kept, triaged", async () => {
    const igsid = customer();
    // An icebreaker tapped in a conversation opened from an ig.me link: the postback carries the referral.
    const referral = { ref: "vitrine", source: "IGME-SOURCE-LINK", type: "OPEN_THREAD" };
    await deliver(envelope([fromCustomer(igsid, { postback: { mid: "ig-pb", title: "Voir la collection", payload: "COLLECTION", referral } })]));
    // The same as Messenger's reference writes it: field/value, times as strings of seconds.
    await deliver({
      object: "instagram",
      entry: [
        {
          id: w.ig.igUserId,
          time: Math.floor(Date.now() / 1000),
          changes: [{ field: "messaging_postbacks", value: { sender: { id: igsid }, recipient: { id: w.ig.igUserId }, timestamp: String(Math.floor(Date.now() / 1000)), postback: { mid: "ig-pb2", title: "Nous contacter", payload: "CONTACT" } } }],
        },
      ],
    });
    await settle(w);
    const rows = await rowsOf(igsid);
    expect(rows.map((r) => [r.platform_message_id, r.author, r.type, r.text]).sort()).toEqual([
      ["ig-pb", "customer", "text", "Voir la collection"],
      ["ig-pb2", "customer", "text", "Nous contacter"],
    ]);
    expect(rows.find((r) => r.platform_message_id === "ig-pb")!.raw).toMatchObject({ messageType: "postback", payload: "COLLECTION" });
    const thread = await threadOf(rows[0]!.conversation_id);
    expect(byMid(thread, "ig-pb").context.referral).toEqual({ source: "IGME-SOURCE-LINK", ref: "vitrine", adId: null, adTitle: null });
    expect(byMid(thread, "ig-pb2").context.referral).toBeNull();
    await expect.poll(() => batchesOf(rows[0]!.conversation_id).length, { timeout: 10_000 }).toBeGreaterThan(0);
  });

  it("echoes: our own reply is confirmed, never a customer message nor triaged; a reply from the Instagram app is the agent's", async () => {
    const { igsid, mid: first, conversationId } = await customerWrote("Vous livrez à Lyon ?");
    // Our reply: the fake echoes it (is_echo) as Meta does.
    await replied(conversationId, "Oui, en 48 h.");
    await expect.poll(() => w.server.fake.control.deliveries().filter((d) => /"is_echo":\s*true/.test(d.body) && d.body.includes(igsid)).length, { timeout: 10_000 }).toBe(1);
    // A person answers in the Instagram app; and one more sent from the account without is_echo (still ours).
    await deliver(envelope([fromAccount(igsid, { message: { mid: "ig-app-reply", text: "Et le samedi aussi.", is_echo: true } })]));
    await deliver(envelope([fromAccount(igsid, { message: { mid: "ig-app-reply2", text: "Bonne journée" } })]));
    await settle(w);
    const rows = await rowsOf(igsid);
    expect(rows.map((r) => [r.platform_message_id === first ? "first" : r.platform_message_id, r.direction, r.author, r.text])).toEqual([
      ["first", "in", "customer", "Vous livrez à Lyon ?"],
      [expect.any(String), "out", "agent", "Oui, en 48 h."],
      ["ig-app-reply", "out", "agent", "Et le samedi aussi."],
      ["ig-app-reply2", "out", "agent", "Bonne journée"],
    ]);
    const conv = await w.server.db.db.selectFrom("conversations").select(["last_human_reply_at", "unread_count"]).where("id", "=", conversationId).executeTakeFirstOrThrow();
    expect(conv.last_human_reply_at).not.toBeNull();
    await pastBurstWindow();
    expect(batchesOf(conversationId)).toHaveLength(1);
  });

  it("reactions show on the message (ours or the customer's), an unreact removes them, and none is a message or triaged", async () => {
    const { igsid, mid, conversationId } = await customerWrote("Je la prends");
    const { mid: ours } = await replied(conversationId, "Merci !");
    await settle(w);

    await deliver(
      envelope([
        fromCustomer(igsid, { reaction: { mid, action: "react", reaction: "love", emoji: "❤️" } }),
        // Meta's `reaction` name without the emoji.
        fromCustomer(igsid, { reaction: { mid: ours, action: "react", reaction: "love" } }),
      ]),
    );
    await settle(w);
    let thread = await threadOf(conversationId);
    expect(byMid(thread, mid).reactions).toEqual([{ emoji: "❤️", by: igsid }]);
    expect(byMid(thread, ours).reactions).toEqual([{ emoji: "❤️", by: igsid }]);
    await deliver(envelope([fromCustomer(igsid, { reaction: { mid, action: "unreact" } })]));
    await settle(w);
    thread = await threadOf(conversationId);
    expect(byMid(thread, mid).reactions).toEqual([]);
    expect(byMid(thread, ours).reactions).toHaveLength(1);
    expect((await rowsOf(igsid)).map((r) => r.type)).toEqual(["text", "text"]);
    await pastBurstWindow();
    expect(batchesOf(conversationId)).toHaveLength(1);
  });

  it("messaging_seen marks our message read; is_deleted unsends the customer's message, which then shows nothing", async () => {
    const { igsid, mid: toUnsend, conversationId } = await customerWrote("mon numéro: 06…", { replyToStory: { id: "1801", url: cdn("s2") } });
    expect(byMid(await threadOf(conversationId), toUnsend).context.storyReply).toEqual({ id: "1801", url: cdn("s2") });
    const ours = await replied(conversationId, "Bien reçu");
    await expect.poll(async () => (await ours.row()).status, { timeout: 10_000 }).toBe("sent");
    // Meta's read time is Meta's clock: a minute behind ours here, the message it names still counts.
    await deliver(envelope([fromCustomer(igsid, { timestamp: Date.now() - 60_000, read: { mid: ours.mid } })]));
    await deliver(envelope([fromCustomer(igsid, { message: { mid: toUnsend, is_deleted: true } })]));
    await settle(w);
    await expect.poll(async () => (await ours.row()).status, { timeout: 10_000 }).toBe("read");
    const unsent = byMid(await threadOf(conversationId), toUnsend);
    expect(unsent.text).toBeNull();
    expect(unsent.context).toEqual({ storyReply: null, links: [], referral: null, threadControl: null });
  });

  it("a referral (ig.me link, ad) is a notice of where the customer came from: shown once, no window, no triage", async () => {
    const fake = w.server.fake.control;
    const igsid = customer();
    fake.customerReferral({ igUserId: w.ig.igUserId, from: igsid, ref: "bio-link" });
    const ad = fromCustomer(igsid, { timestamp: Date.now() + 1, referral: { ad_id: "120", source: "ADS", type: "OPEN_THREAD", ads_context_data: { ad_title: "Soldes d'été", photo_url: "https://x.example/p.jpg" } } });
    await deliver(envelope([ad]));
    await deliver(envelope([ad])); // Meta redelivers
    await settle(w);
    const rows = await rowsOf(igsid);
    expect(rows.map((r) => [r.author, r.direction, r.type, r.text])).toEqual([
      ["system", "in", "other", null],
      ["system", "in", "other", null],
    ]);
    const conversationId = rows[0]!.conversation_id;
    const thread = await threadOf(conversationId);
    expect(thread.map((m) => m.context.referral)).toEqual([
      { source: "ADS", ref: null, adId: "120", adTitle: "Soldes d'été" },
      { source: "IGME-SOURCE-LINK", ref: "bio-link", adId: null, adTitle: null },
    ]);
    const conv = await w.server.db.db.selectFrom("conversations").select(["last_inbound_at", "last_message_preview"]).where("id", "=", conversationId).executeTakeFirstOrThrow();
    expect(conv).toEqual({ last_inbound_at: null, last_message_preview: "[referral]" });
    await pastBurstWindow();
    expect(batchesOf(conversationId)).toEqual([]);
  });
});

describe("Instagram comments, live comments, mentions; unknown and malformed items", () => {
  it("comments and live comments (from {id, username}, media {id, media_product_type}, parent_id, text) are stored; mentions kept for operators", async () => {
    const media = w.server.fake.control.seedInstagramMedia({ igUserId: w.ig.igUserId, caption: "Live soldes" });
    const change = (field: string, value: Record<string, unknown>) => ({ field, value });
    const from = { id: "17841400000077", username: "lea.m" };
    await deliver({
      object: "instagram",
      entry: [
        {
          id: w.ig.igUserId,
          time: Math.floor(Date.now() / 1000),
          changes: [
            change("comments", { from, media: { id: media.id, media_product_type: "FEED" }, id: "c-top", text: "Dispo en 38 ?" }),
            change("comments", { from, media: { id: media.id, media_product_type: "FEED" }, id: "c-reply", parent_id: "c-top", text: "Et en 40 ?" }),
            change("live_comments", { from, media: { id: media.id, media_product_type: "LIVE" }, id: "c-live", text: "Combien ?" }),
            change("mentions", { media_id: "18000000000001", comment_id: "18000000000002" }),
          ],
        },
      ],
    });
    await settle(w);
    await expect
      .poll(async () => (await w.server.db.db.selectFrom("comments").select(["platform_comment_id", "parent_platform_id", "author_name", "author_id", "text"]).where("platform_media_id", "=", media.id).orderBy("platform_comment_id").execute()), { timeout: 10_000 })
      .toEqual([
        { platform_comment_id: "c-live", parent_platform_id: null, author_name: "lea.m", author_id: from.id, text: "Combien ?" },
        { platform_comment_id: "c-reply", parent_platform_id: "c-top", author_name: "lea.m", author_id: from.id, text: "Et en 40 ?" },
        { platform_comment_id: "c-top", parent_platform_id: null, author_name: "lea.m", author_id: from.id, text: "Dispo en 38 ?" },
      ]);
    const mention = await w.server.db.db.selectFrom("unknown_events").select(["field", "workspace_id"]).where("field", "=", "mentions").where("account_id", "=", w.ig.igUserId).execute();
    expect(mention).toEqual([{ field: "mentions", workspace_id: w.workspaceId }]);
  });

  it("unknown fields and kinds are kept and the rest applied; a malformed entry or item is set aside, not the batch", async () => {
    const igsid = customer();
    const before = await w.server.db.db.selectFrom("unknown_events").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
    await deliver({
      object: "instagram",
      entry: [
        42,
        { id: w.ig.igUserId, time: Date.now(), changes: [{ field: "story_insights", value: { media_id: "1", impressions: 3 } }] },
        {
          id: w.ig.igUserId,
          time: Date.now(),
          messaging: [
            fromCustomer(igsid, { optin: { type: "notification_messages", payload: "x" } }),
            "garbage",
            fromCustomer(igsid, { timestamp: 1e20, message: { mid: "ig-bad-time", text: "quand ?" } }),
            fromCustomer(igsid, { message: { mid: "ig-after-garbage", text: "toujours là" } }),
          ],
        },
        { id: w.ig.igUserId, time: Date.now(), messaging: { not: "an array" } },
      ],
    });
    await settle(w);
    expect((await rowsOf(igsid)).map((r) => r.platform_message_id).sort()).toEqual(["ig-after-garbage", "ig-bad-time"]);
    const after = await w.server.db.db.selectFrom("unknown_events").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
    expect(Number(after.n) - Number(before.n)).toBe(5);
    const failed = await w.server.db.db.selectFrom("webhook_deliveries").select(["error", "processed_at"]).where("processed_at", "is", null).execute();
    expect(failed).toEqual([]);
  });
});
