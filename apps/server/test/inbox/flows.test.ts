import { sql } from "@sillage/db";
import { sendOutbound } from "@sillage/inbox";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ok, settle, startInboxWorld, type InboxWorld } from "./world";

let w: InboxWorld;
beforeAll(async () => {
  w = await startInboxWorld({ burstWindowSeconds: 1 });
});
afterAll(() => w.close());

async function conversationOf(platformMessageId: string) {
  const m = await w.server.db.db.selectFrom("messages").select("conversation_id").where("platform_message_id", "=", platformMessageId).executeTakeFirstOrThrow();
  return m.conversation_id;
}

const wa = (from: string, text: string) => w.server.fake.control.customerMessage({ channel: "whatsapp", phoneNumberId: w.wa.phoneNumberId, from, text });

describe("burst batching", () => {
  it("hands a burst of fragments downstream as one batch, and the next burst as another", async () => {
    // A quiet window wide enough that a loaded test machine still delivers the three fragments inside it.
    await w.server.db.db.updateTable("workspaces").set({ burst_window_seconds: 3 }).where("id", "=", w.workspaceId).execute();
    const first = wa("33700000001", "Bonjour");
    wa("33700000001", "je voudrais");
    wa("33700000001", "la robe bleue en 38");
    await settle(w);
    const conversationId = await conversationOf(first.id);
    await expect.poll(() => w.batches.filter((b) => b.conversationId === conversationId).length, { timeout: 12_000 }).toBe(1);
    await new Promise((r) => setTimeout(r, 1500)); // no second batch for the same burst
    const mine = () => w.batches.filter((b) => b.conversationId === conversationId);
    expect(mine()).toHaveLength(1);
    // WhatsApp timestamps are whole seconds and deliveries are processed concurrently: same-second fragments have no
    // order to keep beyond that, so the batch is compared as a set.
    expect(mine()[0]!.messages.map((m) => m.text).sort()).toEqual(["Bonjour", "je voudrais", "la robe bleue en 38"].sort());
    expect(mine()[0]!.batchKey).toBe(`${conversationId}:${mine()[0]!.messages[2]!.id}`);

    wa("33700000001", "Merci !");
    await settle(w);
    await expect.poll(() => mine().length, { timeout: 12_000 }).toBe(2);
    expect(mine()[1]!.messages.map((m) => m.text)).toEqual(["Merci !"]);
    // The batch is seen downstream before the job marks it handed off, in the same run: wait for that mark.
    const rows = () => w.server.db.db.selectFrom("message_batches").select(["message_count", "handed_off_at"]).where("conversation_id", "=", conversationId).execute();
    await expect.poll(async () => (await rows()).every((r) => r.handed_off_at !== null), { timeout: 10_000 }).toBe(true);
    expect((await rows()).map((r) => r.message_count).sort()).toEqual([1, 3]);
    await w.server.db.db.updateTable("workspaces").set({ burst_window_seconds: 1 }).where("id", "=", w.workspaceId).execute();
  }, 40_000); // two 3 s quiet windows and a 1.5 s watch: the default 8 s is too tight on a loaded machine

  it("never loses a message that arrives while a batch is being handed off", async () => {
    const first = wa("33700000002", "first burst");
    await settle(w);
    const conversationId = await conversationOf(first.id);
    let lateId = "";
    w.onBatch.fn = async (b) => {
      if (b.conversationId !== conversationId || lateId) return;
      lateId = wa("33700000002", "arrived during the hand-off").id;
      await settle(w);
    };
    await expect.poll(() => w.batches.filter((b) => b.conversationId === conversationId).length, { timeout: 10_000 }).toBe(2);
    w.onBatch.fn = null;
    const mine = w.batches.filter((b) => b.conversationId === conversationId);
    expect(mine[0]!.messages.map((m) => m.text)).toEqual(["first burst"]);
    expect(mine[1]!.messages.map((m) => m.platformMessageId)).toEqual([lateId]);
  });
});

describe("inbound media", () => {
  it("stores WhatsApp media fetched through the connector and serves it to members as a short-lived link", async () => {
    const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0, 0xff, 0xd9]);
    const { id } = w.server.fake.control.customerMessage({
      channel: "whatsapp",
      phoneNumberId: w.wa.phoneNumberId,
      from: "33700000003",
      media: { kind: "image", mimeType: "image/jpeg", bytesBase64: jpeg.toString("base64"), caption: "this one" },
    });
    await settle(w);
    const conversationId = await conversationOf(id);
    await expect
      .poll(async () => (await w.server.db.db.selectFrom("message_media").select("status").executeTakeFirst())?.status, { timeout: 10_000 })
      .toBe("stored");
    const thread = (await w.owner.query("inbox.messages", { conversationId })) as { ok: true; data: { messages: { type: string; text: string; media: { url: string; mimeType: string }[] }[] } };
    const msg = thread.data.messages[0]!;
    expect(msg).toMatchObject({ type: "image", text: "this one" });
    expect(msg.media[0]!.mimeType).toBe("image/jpeg");
    const res = await fetch(msg.media[0]!.url);
    expect(res.status).toBe(200);
    expect(Buffer.from(await res.arrayBuffer())).toEqual(jpeg);
  });

  it("keeps the message when the fetch fails, shows the failure, and stores the media once a retry succeeds", async () => {
    // 3 failures: more than the connector's own quick retries (2), so the job's first attempt fails as a whole.
    w.server.fake.control.injectFault({ match: { operation: "whatsapp.media_download" }, kind: "transient", times: 3 });
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(24)]);
    const { id } = w.server.fake.control.customerMessage({
      channel: "whatsapp",
      phoneNumberId: w.wa.phoneNumberId,
      from: "33700000004",
      media: { kind: "image", mimeType: "image/png", bytesBase64: png.toString("base64") },
    });
    await settle(w);
    const msg = await w.server.db.db.selectFrom("messages").select(["id", "type"]).where("platform_message_id", "=", id).executeTakeFirstOrThrow();
    expect(msg.type).toBe("image");
    const media = () => w.server.db.db.selectFrom("message_media").select(["status", "attempts", "last_error"]).where("message_id", "=", msg.id).executeTakeFirstOrThrow();
    await expect.poll(async () => (await media()).attempts, { timeout: 10_000 }).toBe(1);
    // Visible while it waits for the retry (graphile-worker backs off ~e^attempts seconds).
    expect(await media()).toMatchObject({ status: "pending", attempts: 1, last_error: expect.stringContaining("temporary") });
    await expect.poll(async () => (await media()).status, { timeout: 20_000, interval: 200 }).toBe("stored");
    expect((await media()).attempts).toBe(2);
  });

  it("rejects media of an unrecognised type instead of serving it", async () => {
    const { id } = w.server.fake.control.customerMessage({
      channel: "whatsapp",
      phoneNumberId: w.wa.phoneNumberId,
      from: "33700000005",
      media: { kind: "document", mimeType: "text/html", bytesBase64: Buffer.from("<script>alert(1)</script>").toString("base64"), filename: "x.html" },
    });
    await settle(w);
    const msg = await w.server.db.db.selectFrom("messages").select("id").where("platform_message_id", "=", id).executeTakeFirstOrThrow();
    await expect
      .poll(async () => (await w.server.db.db.selectFrom("message_media").select("status").where("message_id", "=", msg.id).executeTakeFirstOrThrow()).status, { timeout: 10_000 })
      .toBe("rejected");
  });
});

describe("replies and windows", () => {
  it("sends a reply through the connector, records it and follows its status webhooks", async () => {
    const { id } = wa("33700000010", "Vous livrez à Lyon ?");
    await settle(w);
    const conversationId = await conversationOf(id);
    const res = await w.owner.mutation("inbox.reply", { conversationId, text: "Oui, en 48 h." });
    expect(res.ok).toBe(true);
    const { messageId, outboundId } = (res as { data: { messageId: string; outboundId: string } }).data;
    await expect.poll(() => w.server.fake.control.sentMessages({ channel: "whatsapp" }).filter((m) => m.text === "Oui, en 48 h.").length, { timeout: 10_000 }).toBe(1);
    await settle(w);
    await expect
      .poll(async () => (await w.server.db.db.selectFrom("messages").select("status").where("id", "=", messageId).executeTakeFirstOrThrow()).status, { timeout: 10_000 })
      .toBe("read");
    const out = await w.server.db.db.selectFrom("outbound_messages").select(["status", "automatic"]).where("id", "=", outboundId).executeTakeFirstOrThrow();
    expect(out).toEqual({ status: "sent", automatic: false });
    const sent = await w.server.db.db.selectFrom("messages").select(["platform_message_id", "author", "direction"]).where("id", "=", messageId).executeTakeFirstOrThrow();
    expect(sent.platform_message_id).toMatch(/^wamid\./);
    expect(sent).toMatchObject({ author: "agent", direction: "out" });
  });

  it("on WhatsApp, answering marks the customer's latest message read (blue ticks), and only once there is a reply", async () => {
    const first = wa("33700000019", "Bonjour");
    const second = wa("33700000019", "Vous êtes là ?");
    await settle(w);
    const readOf = () => Object.fromEntries(w.server.fake.control.whatsappInbound().filter((m) => m.id === first.id || m.id === second.id).map((m) => [m.id, m.read]));
    expect(readOf()).toEqual({ [first.id]: false, [second.id]: false });
    const conversationId = await conversationOf(second.id);
    expect((await w.owner.mutation("inbox.reply", { conversationId, text: "Oui, je regarde." })).ok).toBe(true);
    // Meta marks every earlier message read with the latest one: that one is what the product names.
    await expect.poll(readOf, { timeout: 10_000 }).toEqual({ [first.id]: false, [second.id]: true });
  });

  it("on WhatsApp, marks a customer's message read once: another reply calls Graph again only after the customer wrote again", async () => {
    const markReads = () => w.server.fake.control.calls().filter((c) => c.operation === "whatsapp.mark_read").length;
    const first = wa("33700000031", "Bonjour");
    await settle(w);
    const conversationId = await conversationOf(first.id);
    const reply = async (text: string) => {
      ok(await w.owner.mutation("inbox.reply", { conversationId, text }));
      await expect.poll(() => w.server.fake.control.sentMessages({ channel: "whatsapp" }).map((m) => m.text), { timeout: 10_000 }).toContain(text);
    };
    const before = markReads();
    await reply("Bonjour, je regarde.");
    await expect.poll(markReads, { timeout: 10_000 }).toBe(before + 1);
    await reply("Votre colis part demain.");
    await reply("Bonne journée !");
    // Longer than a send job takes: no call for a message already marked read.
    await new Promise((r) => setTimeout(r, 1_500));
    expect(markReads()).toBe(before + 1);
    const second = wa("33700000031", "Merci !");
    await settle(w);
    await reply("Avec plaisir.");
    await expect.poll(markReads, { timeout: 10_000 }).toBe(before + 2);
    expect(w.server.fake.control.whatsappInbound().find((m) => m.id === second.id)?.read).toBe(true);
  });

  it("sends an image from a stored file: a signed link the platform can fetch, its caption, and a fresh preview in the thread", async () => {
    const { id } = wa("33700000013", "Une photo de la robe ?");
    await settle(w);
    const conversationId = await conversationOf(id);
    // A real 1×1 PNG, uploaded as the reply box does (data: URL through media.upload).
    const png = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==", "base64");
    const stored = ok<{ key: string; mimeType: string }>(await w.owner.mutation("media.upload", { data: `data:image/png;base64,${png.toString("base64")}`, filename: "robe.png" }));
    expect(stored).toMatchObject({ key: expect.stringMatching(new RegExp(`^${w.workspaceId}/`)), mimeType: "image/png" });

    const res = await w.owner.mutation("inbox.reply", { conversationId, image: { key: stored.key, caption: "La voici en bleu" } });
    const { messageId } = ok<{ messageId: string }>(res);
    await expect.poll(() => w.server.fake.control.sentMessages({ channel: "whatsapp" }).filter((m) => m.kind === "image" && m.text === "La voici en bleu").length, { timeout: 10_000 }).toBe(1);
    const sent = w.server.fake.control.sentMessages({ channel: "whatsapp" }).find((m) => m.kind === "image" && m.text === "La voici en bleu")!;
    expect(sent.to).toBe("33700000013");
    const link = (sent.body as { image: { link: string; caption: string } }).image.link;
    expect(link).toContain(`/media/${stored.key}?expires=`);
    // What Meta downloads: the stored bytes, without a session.
    const fetched = await fetch(link);
    expect(fetched.status).toBe(200);
    expect(Buffer.from(await fetched.arrayBuffer())).toEqual(png);
    expect(await w.server.db.db.selectFrom("messages").select(["type", "text", "direction"]).where("id", "=", messageId).executeTakeFirstOrThrow()).toEqual({
      type: "image",
      text: "La voici en bleu",
      direction: "out",
    });

    // The thread shows the sent image through its own short-lived link, not the one handed to the platform.
    w.server.clock.advance(25 * 3_600_000);
    try {
      const thread = ok<{ messages: { id: string; media: { status: string; mimeType: string; url: string }[] }[] }>(await w.owner.query("inbox.messages", { conversationId }));
      const media = thread.messages.find((m) => m.id === messageId)!.media;
      expect(media).toHaveLength(1);
      expect(media[0]).toMatchObject({ status: "stored", mimeType: "image/png" });
      expect(media[0]!.url).not.toBe(link);
      expect((await fetch(media[0]!.url)).status).toBe(200);
    } finally {
      w.server.clock.advance(-25 * 3_600_000);
    }
  });

  it("refuses an image reply from a missing file, a file that is not a JPEG or PNG, or one above the platform's limit", async () => {
    const { id } = wa("33700000014", "et en PDF ?");
    await settle(w);
    const conversationId = await conversationOf(id);
    const before = w.server.fake.control.sentMessages({ channel: "whatsapp" }).length;
    expect(await w.owner.mutation("inbox.reply", { conversationId, image: { key: `${w.workspaceId}/missing.png` } })).toMatchObject({ ok: false, code: "NOT_FOUND" });
    const pdf = ok<{ key: string }>(await w.owner.mutation("media.upload", { data: Buffer.from("%PDF-1.4\n%%EOF\n").toString("base64"), filename: "tarifs.pdf" }));
    expect(await w.owner.mutation("inbox.reply", { conversationId, image: { key: pdf.key } })).toMatchObject({ ok: false, code: "BAD_REQUEST" });
    const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0, 0xff, 0xd9]);
    const big = ok<{ key: string }>(await w.owner.mutation("media.upload", { data: jpeg.toString("base64"), filename: "big.jpg" }));
    // Recorded as 6 MB: above WhatsApp's 5 MB for images (the check reads the recorded size).
    await w.server.db.db.updateTable("media_assets").set({ size_bytes: 6 * 1_048_576 }).where("storage_key", "=", big.key).execute();
    expect(await w.owner.mutation("inbox.reply", { conversationId, image: { key: big.key } })).toMatchObject({ ok: false, code: "PAYLOAD_TOO_LARGE" });
    const rows = await w.server.db.db.selectFrom("messages").select("id").where("conversation_id", "=", conversationId).where("direction", "=", "out").execute();
    expect(rows).toEqual([]);
    expect(w.server.fake.control.sentMessages({ channel: "whatsapp" })).toHaveLength(before);
  });

  it("a send whose answer was lost but which went out: the platform's proof turns 'uncertain' into sent, on both platforms", async () => {
    const statusOf = async (messageId: string) => (await w.server.db.db.selectFrom("messages").select(["status", "platform_message_id"]).where("id", "=", messageId).executeTakeFirstOrThrow());
    // WhatsApp: the statuses find the message by our outbox id, even though the send never learned its wamid.
    const { id } = wa("33700000031", "Vous êtes ouverts ?");
    await settle(w);
    w.server.fake.control.injectFault({ kind: "lost_response", match: { operation: "whatsapp.send" } });
    const viaWa = ok<{ messageId: string; outboundId: string }>(await w.owner.mutation("inbox.reply", { conversationId: await conversationOf(id), text: "Oui, jusqu'à 19 h." }));
    await settle(w);
    await expect.poll(async () => (await statusOf(viaWa.messageId)).status, { timeout: 15_000, interval: 100 }).toBe("read");
    expect((await statusOf(viaWa.messageId)).platform_message_id).toMatch(/^wamid\./);
    expect((await w.server.db.db.selectFrom("outbound_messages").select("status").where("id", "=", viaWa.outboundId).executeTakeFirstOrThrow()).status).toBe("sent");

    // Instagram: the echo is matched to the timed-out send, not recorded as a person writing from the app.
    const ig = w.server.fake.control.customerMessage({ channel: "instagram", igUserId: w.ig.igUserId, from: "1786660000031", text: "encore dispo ?" });
    await settle(w);
    const igConversation = await conversationOf(ig.id);
    w.server.fake.control.injectFault({ kind: "lost_response", match: { operation: "instagram.send" } });
    const viaIg = ok<{ messageId: string }>(await w.owner.mutation("inbox.reply", { conversationId: igConversation, text: "Oui, en taille M." }));
    await settle(w);
    await expect.poll(async () => (await statusOf(viaIg.messageId)).status, { timeout: 20_000, interval: 100 }).toBe("sent");
    const outgoing = await w.server.db.db.selectFrom("messages").select(["id", "author"]).where("conversation_id", "=", igConversation).where("direction", "=", "out").execute();
    expect(outgoing).toEqual([{ id: viaIg.messageId, author: "agent" }]);
  }, 60_000);

  it("outside WhatsApp's 24 h window refuses free text, says why, and sends an approved template", async () => {
    const { id } = wa("33700000011", "old question");
    await settle(w);
    const conversationId = await conversationOf(id);
    w.server.clock.advance(25 * 3_600_000);
    try {
      const refused = await w.owner.mutation("inbox.reply", { conversationId, text: "too late?" });
      expect(refused).toMatchObject({ ok: false, code: "PRECONDITION_FAILED" });
      expect((refused as { message: string }).message).toContain("template");
      const thread = (await w.owner.query("inbox.messages", { conversationId })) as { data: { conversation: { window: { open: boolean; templatesOnly: boolean } } } };
      expect(thread.data.conversation.window).toMatchObject({ open: false, templatesOnly: true });
      const templates = (await w.owner.query("inbox.templates", { conversationId })) as { ok: true; data: { name: string; language: string }[] };
      expect(templates.data.map((t) => t.name)).toContain("follow_up");
      const t = templates.data.find((x) => x.name === "follow_up")!;
      const sent = await w.owner.mutation("inbox.reply", { conversationId, template: { name: t.name, language: t.language } });
      expect(sent.ok).toBe(true);
      await expect.poll(() => w.server.fake.control.sentMessages({ channel: "whatsapp" }).filter((m) => m.template?.name === "follow_up").length, { timeout: 10_000 }).toBe(1);
    } finally {
      w.server.clock.advance(-25 * 3_600_000);
    }
  });

  it("on Instagram, an image with a caption goes out as the image, then the caption as its own message, in that order", async () => {
    const { id } = w.server.fake.control.customerMessage({ channel: "instagram", igUserId: w.ig.igUserId, from: "1786660000002", text: "une photo ?" });
    await settle(w);
    const conversationId = await conversationOf(id);
    const png = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==", "base64");
    const stored = ok<{ key: string }>(await w.owner.mutation("media.upload", { data: `data:image/png;base64,${png.toString("base64")}`, filename: "sac.png" }));
    // The image send is slow: the caption must still arrive after it, not overtake it.
    w.server.fake.control.injectFault({ kind: "slow", delayMs: 600, match: { operation: "instagram.send" } });
    ok(await w.owner.mutation("inbox.reply", { conversationId, image: { key: stored.key, caption: "Le sac en cognac" } }));
    const toCustomer = () => w.server.fake.control.sentMessages({ channel: "instagram" }).filter((m) => m.to === "1786660000002");
    await expect.poll(() => toCustomer().length, { timeout: 10_000 }).toBe(2);
    const [image, caption] = toCustomer();
    expect(image).toMatchObject({ kind: "attachment", body: { message: { attachment: { type: "image" } } } });
    expect(JSON.stringify(image!.body)).toContain(`/media/${stored.key}`);
    expect(caption).toMatchObject({ kind: "text", text: "Le sac en cognac" });
    const thread = await w.server.db.db.selectFrom("messages").select(["type", "text", "status"]).where("conversation_id", "=", conversationId).where("direction", "=", "out").execute();
    // The thread as the inbox pages it (newest first): the caption after its image.
    const shown = ok<{ messages: { id: string; type: string; text: string | null; direction: string }[] }>(await w.owner.query("inbox.messages", { conversationId }));
    expect(thread).toHaveLength(2);
    expect(shown.messages.filter((m) => m.direction === "out").map((m) => [m.type, m.text])).toEqual([
      ["text", "Le sac en cognac"],
      ["image", null],
    ]);
  });

  it("a reply refused once by a transient error still reaches the customer before the next one", async () => {
    const { id } = w.server.fake.control.customerMessage({ channel: "instagram", igUserId: w.ig.igUserId, from: "1786660000041", text: "vous faites la livraison ?" });
    await settle(w);
    const conversationId = await conversationOf(id);
    w.server.fake.control.injectFault({ kind: "transient", times: 1, match: { operation: "instagram.send" } });
    ok(await w.owner.mutation("inbox.reply", { conversationId, text: "Oui, partout en France." }));
    ok(await w.owner.mutation("inbox.reply", { conversationId, text: "Et gratuite dès 50 €." }));
    const toCustomer = () => w.server.fake.control.sentMessages({ channel: "instagram" }).filter((m) => m.to === "1786660000041").map((m) => m.text);
    await expect.poll(() => toCustomer().length, { timeout: 15_000 }).toBe(2);
    expect(toCustomer()).toEqual(["Oui, partout en France.", "Et gratuite dès 50 €."]);
  });

  it("on Instagram, a person may reply up to 7 days with HUMAN_AGENT; not after", async () => {
    const { id } = w.server.fake.control.customerMessage({ channel: "instagram", igUserId: w.ig.igUserId, from: "1786660000001", text: "still there?" });
    await settle(w);
    const conversationId = await conversationOf(id);
    w.server.clock.advance(30 * 3_600_000);
    try {
      const res = await w.owner.mutation("inbox.reply", { conversationId, text: "Yes, sorry for the wait" });
      expect(res.ok).toBe(true);
      await expect
        .poll(() => w.server.fake.control.sentMessages({ channel: "instagram" }).find((m) => m.text === "Yes, sorry for the wait")?.tag, { timeout: 10_000 })
        .toBe("HUMAN_AGENT");
      w.server.clock.advance(7 * 24 * 3_600_000);
      const late = await w.owner.mutation("inbox.reply", { conversationId, text: "a week later" });
      expect(late).toMatchObject({ ok: false, code: "PRECONDITION_FAILED" });
    } finally {
      w.server.clock.advance(-(30 + 7 * 24) * 3_600_000);
    }
  });

  it("assign, resolve and reopen a conversation; a new customer message reopens a resolved one", async () => {
    const { id } = wa("33700000012", "help");
    await settle(w);
    const conversationId = await conversationOf(id);
    const me = (await w.owner.query("auth.me")) as { data: { user: { id: string } } };
    expect((await w.owner.mutation("inbox.assign", { conversationId, userId: me.data.user.id })).ok).toBe(true);
    const mine = (await w.owner.query("inbox.conversations", { assignee: "me" })) as { data: { items: { id: string }[] } };
    expect(mine.data.items.map((c) => c.id)).toEqual([conversationId]);
    expect((await w.owner.mutation("inbox.resolve", { conversationId })).ok).toBe(true);
    const resolved = (await w.owner.query("inbox.conversations", { status: "resolved" })) as { data: { items: { id: string }[] } };
    expect(resolved.data.items.map((c) => c.id)).toContain(conversationId);
    wa("33700000012", "one more thing");
    await settle(w);
    const open = (await w.owner.query("inbox.conversations", { status: "open", unread: true, search: "one more" })) as { data: { items: { id: string }[] } };
    expect(open.data.items.map((c) => c.id)).toEqual([conversationId]);
    expect((await w.owner.mutation("inbox.resolve", { conversationId })).ok).toBe(true);
    expect((await w.owner.mutation("inbox.reopen", { conversationId })).ok).toBe(true);
  });

  it("pages the conversation list with a cursor", async () => {
    const all: string[] = [];
    let cursor: string | null = null;
    for (let i = 0; i < 20; i++) {
      const page = (await w.owner.query("inbox.conversations", { limit: 3, cursor })) as { data: { items: { id: string }[]; nextCursor: string | null } };
      all.push(...page.data.items.map((c) => c.id));
      cursor = page.data.nextCursor;
      if (!cursor) break;
    }
    const count = await w.server.db.db.selectFrom("conversations").select((eb) => eb.fn.countAll<number>().as("n")).where("workspace_id", "=", w.workspaceId).executeTakeFirstOrThrow();
    expect(all).toHaveLength(Number(count.n));
    expect(new Set(all).size).toBe(all.length);
  });
});

describe("automatic replies: the send job's own failures and races", () => {
  /** An AUTO_REPLY decision with its reply queued on the outbound path, as triage does (AI control on). */
  async function queueAiReply(conversationId: string, text: string) {
    const db = w.server.db.db;
    await db.updateTable("workspaces").set({ ai_enabled: true }).where("id", "=", w.workspaceId).execute();
    const decision = await db
      .insertInto("ai_decisions")
      .values({ workspace_id: w.workspaceId, conversation_id: conversationId, batch_key: `test:${conversationId}`, triage: "AUTO_REPLY", confidence: 0.9, reason: "test", reply: text, snapshot: "{}" })
      .returning("id")
      .executeTakeFirstOrThrow();
    const { outboundId } = await db.transaction().execute((trx) =>
      sendOutbound(trx, w.server, { workspaceId: w.workspaceId, conversationId, body: { type: "text", text }, automatic: true, aiDecisionId: decision.id }),
    );
    return { decisionId: decision.id, outboundId };
  }
  const outbox = (id: string) => w.server.db.db.selectFrom("outbound_messages").select(["status", "error_class"]).where("id", "=", id).executeTakeFirstOrThrow();
  const outcome = async (id: string) => (await w.server.db.db.selectFrom("ai_decisions").select("outcome").where("id", "=", id).executeTakeFirstOrThrow()).outcome;
  const sentTexts = (text: string) => w.server.fake.control.sentMessages({ channel: "whatsapp" }).filter((m) => m.text === text);

  it("a reply whose send job fails before the platform call is sent by the job's retry, exactly once", async () => {
    const { id } = wa("33700000020", "Vous ouvrez dimanche ?");
    await settle(w);
    const conversationId = await conversationOf(id);
    const channel = await w.server.db.db.selectFrom("channels").select("token_key_id").where("id", "=", w.wa.channelId).executeTakeFirstOrThrow();
    // The channel's token cannot be opened for a moment (a key this process does not hold yet): loading it throws.
    await w.server.db.db.updateTable("channels").set({ token_key_id: "k1-not-here-yet" }).where("id", "=", w.wa.channelId).execute();
    const text = "Oui, de 10 h à 13 h.";
    let queued: { decisionId: string; outboundId: string };
    try {
      queued = await queueAiReply(conversationId, text);
      const job = sql<{ attempts: number }>`select attempts from graphile_worker._private_jobs where payload->>'outboundId' = ${queued.outboundId} and last_error is not null`;
      await expect.poll(async () => (await job.execute(w.server.db.db)).rows[0]?.attempts, { timeout: 10_000 }).toBe(1);
    } finally {
      await w.server.db.db.updateTable("channels").set({ token_key_id: channel.token_key_id }).where("id", "=", w.wa.channelId).execute();
    }
    await expect.poll(() => sentTexts(text).length, { timeout: 15_000 }).toBe(1);
    await expect.poll(() => outcome(queued.decisionId), { timeout: 5_000 }).toBe("sent");
    expect((await outbox(queued.outboundId)).status).toBe("sent");
    await new Promise((r) => setTimeout(r, 500));
    expect(sentTexts(text)).toHaveLength(1);
  });

  it("a failed status applied while the send call is in flight is not overwritten by the job's bookkeeping", async () => {
    const { id } = wa("33700000021", "Et en 40 ?");
    await settle(w);
    const conversationId = await conversationOf(id);
    // A day later on both sides, but our record says the customer just wrote: the fake takes the send and reports
    // 131047 by a `failed` status webhook carrying the outbox id as callback data (Meta's usual way).
    w.server.clock.advance(25 * 3_600_000);
    await w.server.db.db.updateTable("conversations").set({ last_inbound_at: w.server.clock.now() }).where("id", "=", conversationId).execute();
    const connector = w.server.connectors.whatsapp;
    const send = connector.sendMessage;
    // The platform's answer reaches the job only after that webhook was applied to the outbox row.
    connector.sendMessage = async function (this: typeof connector, ...args: Parameters<typeof send>) {
      const res = await send.apply(this, args);
      await expect.poll(async () => (await outbox(args[1].callbackData!)).status, { timeout: 10_000 }).toBe("failed");
      return res;
    };
    let queued: { decisionId: string; outboundId: string };
    try {
      queued = await queueAiReply(conversationId, "Oui, en 40 aussi.");
      await expect.poll(() => outcome(queued.decisionId), { timeout: 15_000 }).not.toBe("pending");
    } finally {
      connector.sendMessage = send;
      w.server.clock.advance(-25 * 3_600_000);
    }
    expect(await outbox(queued.outboundId)).toEqual({ status: "failed", error_class: "window_closed" });
    // The status said why (131047, the 24-hour window): the decision says so too, not a bare `failed`.
    expect(await outcome(queued.decisionId)).toBe("window_closed");
    expect(sentTexts("Oui, en 40 aussi.")).toHaveLength(1);
  });
});
