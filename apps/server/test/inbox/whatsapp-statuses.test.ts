// WhatsApp status webhooks of our replies, signed by the fake Graph server and POSTed to the server over HTTP:
// the pricing and conversation they carry (both of Meta's shapes), and the failures they report after a 200 —
// throttling resent through the outbound job, anything else ending the message with its reason.
import { sql } from "@sillage/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ok, settle, startInboxWorld, whatsappBody, type InboxWorld } from "./world";

let w: InboxWorld;
beforeAll(async () => {
  // Resends wait 200 ms (131048's an hour: long enough to act on a queued resend), two at most.
  w = await startInboxWorld({ outboundResend: { maxResends: 2, delayMs: (code) => (code === 131048 ? 3_600_000 : 200) } });
});
afterAll(() => w.close());

const db = () => w.server.db.db;
const sentTexts = (text: string) => w.server.fake.control.sentMessages({ channel: "whatsapp" }).filter((m) => m.text === text);

/** A customer writes (the 24 h window opens), then an agent answers `text`: the reply's message and outbox ids. */
async function reply(from: string, text: string): Promise<{ messageId: string; outboundId: string }> {
  const { id } = w.server.fake.control.customerMessage({ channel: "whatsapp", phoneNumberId: w.wa.phoneNumberId, from, text: "Bonjour" });
  await settle(w);
  const { conversation_id: conversationId } = await db().selectFrom("messages").select("conversation_id").where("platform_message_id", "=", id).executeTakeFirstOrThrow();
  const res = await w.owner.mutation("inbox.reply", { conversationId, text });
  expect(res.ok).toBe(true);
  return (res as { data: { messageId: string; outboundId: string } }).data;
}

const outbox = (id: string) =>
  db()
    .selectFrom("outbound_messages")
    .select([
      "status",
      "error_class",
      "resends",
      "platform_id",
      "pricing_billable",
      "pricing_model",
      "pricing_category",
      "pricing_type",
      "wa_conversation_id",
      "wa_conversation_origin",
      "wa_conversation_expires_at",
    ])
    .where("id", "=", id)
    .executeTakeFirstOrThrow();
const message = (id: string) => db().selectFrom("messages").select(["status", "error_code", "error_message", "platform_message_id"]).where("id", "=", id).executeTakeFirstOrThrow();

describe("pricing and conversation of a sent message", () => {
  it("per-message pricing (PMP): category and type kept on the outbox row, no conversation", async () => {
    const { messageId, outboundId } = await reply("33711000001", "Oui, en stock.");
    await expect.poll(async () => (await message(messageId)).status, { timeout: 10_000 }).toBe("read");
    await settle(w);
    const { conversation_id: conversationId } = await db().selectFrom("messages").select("conversation_id").where("id", "=", messageId).executeTakeFirstOrThrow();
    const thread = ok<{ messages: { id: string; pricingCategory: string | null }[] }>(await w.owner.query("inbox.messages", { conversationId }));
    expect(thread.messages.map((m) => m.pricingCategory)).toEqual(["service", null]); // the reply's, the customer's none
    expect(await outbox(outboundId)).toMatchObject({
      status: "sent",
      pricing_billable: false,
      pricing_model: "PMP",
      pricing_category: "service",
      pricing_type: "free_customer_service",
      wa_conversation_id: null,
      wa_conversation_origin: null,
    });
  });

  it("conversation-based pricing (CBP): pricing and the conversation with its expiry, kept from the status that gave it", async () => {
    w.server.fake.control.setPricingModel({ phoneNumberId: w.wa.phoneNumberId, model: "CBP" });
    try {
      const { messageId, outboundId } = await reply("33711000002", "Livraison demain.");
      await expect.poll(async () => (await message(messageId)).status, { timeout: 10_000 }).toBe("read");
      await settle(w);
      const row = await outbox(outboundId);
      expect(row).toMatchObject({ pricing_billable: false, pricing_model: "CBP", pricing_category: "service", pricing_type: null, wa_conversation_origin: "service" });
      expect(row.wa_conversation_id).toMatch(/^[0-9a-f]{64}$/);
      // `delivered` repeats the conversation without its expiry: the one `sent` gave stays (24 h after the send).
      const sent = sentTexts("Livraison demain.")[0]!;
      expect(row.wa_conversation_expires_at?.getTime()).toBe(Math.floor((sent.at + 86_400_000) / 1000) * 1000);
    } finally {
      w.server.fake.control.setPricingModel({ phoneNumberId: w.wa.phoneNumberId, model: "PMP" });
    }
  });
});

describe("failures reported after the send call succeeded", () => {
  it("throughput limit (130429): resent once through the outbound job, then followed to read; redelivered webhooks resend nothing more", async () => {
    w.server.fake.control.configureWebhooks({ duplicate: 2 });
    try {
      w.server.fake.control.failSendsAsync({ phoneNumberId: w.wa.phoneNumberId, code: 130429, to: "33711000003" });
      const text = "Je vérifie le stock.";
      const { messageId, outboundId } = await reply("33711000003", text);
      await expect.poll(() => sentTexts(text).length, { timeout: 10_000 }).toBe(2);
      await expect.poll(async () => (await message(messageId)).status, { timeout: 10_000 }).toBe("read");
      await settle(w);
      await new Promise((r) => setTimeout(r, 600)); // longer than a resend's wait: a second one would have gone by now
      await settle(w);
      const [first, second] = sentTexts(text);
      expect(sentTexts(text)).toHaveLength(2);
      expect(first!.error).toMatchObject({ code: 130429 });
      expect(await outbox(outboundId)).toMatchObject({ status: "sent", resends: 1, platform_id: second!.id, error_class: null, pricing_category: "service" });
      // The thread's message is the attempt that went out (reactions and later statuses name it).
      expect(await message(messageId)).toMatchObject({ status: "read", platform_message_id: second!.id, error_code: null });
    } finally {
      w.server.fake.control.configureWebhooks({ duplicate: false });
    }
  });

  it("resends are bounded: still throttled after them, the message fails with the reason shown to the agent", async () => {
    w.server.fake.control.failSendsAsync({ phoneNumberId: w.wa.phoneNumberId, code: 131056, to: "33711000004", times: 10 });
    const text = "Un instant.";
    const { messageId, outboundId } = await reply("33711000004", text);
    await expect.poll(async () => (await message(messageId)).status, { timeout: 15_000 }).toBe("failed");
    await settle(w);
    expect(sentTexts(text)).toHaveLength(3); // the send and two resends
    expect(await outbox(outboundId)).toMatchObject({ status: "failed", error_class: "rate_limited", resends: 2 });
    const m = await message(messageId);
    expect(m.error_code).toBe("131056");
    expect(m.error_message).toMatch(/rate limit \(131056\).*2 resends/);
    const { conversation_id: conversationId } = await db().selectFrom("messages").select("conversation_id").where("id", "=", messageId).executeTakeFirstOrThrow();
    const thread = ok<{ messages: { id: string; status: string; errorMessage: string | null }[] }>(await w.owner.query("inbox.messages", { conversationId }));
    const shown = thread.messages.find((x) => x.id === messageId);
    expect(shown).toMatchObject({ status: "failed", errorMessage: m.error_message });
  });

  it("never resent once a `sent` status came for it: the failure that follows ends the message", async () => {
    w.server.fake.control.failSendsAsync({ phoneNumberId: w.wa.phoneNumberId, code: 130429, to: "33711000005", afterSent: true });
    const text = "C'est noté.";
    const { messageId, outboundId } = await reply("33711000005", text);
    await expect.poll(async () => (await message(messageId)).status, { timeout: 10_000 }).toBe("failed");
    await settle(w);
    await new Promise((r) => setTimeout(r, 600));
    expect(sentTexts(text)).toHaveLength(1);
    expect(await outbox(outboundId)).toMatchObject({ status: "failed", resends: 0 });
    expect((await message(messageId)).error_message).toMatch(/not resent/);
  });

  it.each([
    [131026, "undeliverable", /cannot be delivered/],
    [131049, "policy", /healthy ecosystem/],
  ])("%i is not resent: the message fails with its reason", async (code, kind, words) => {
    const to = `3371100001${code % 10}`;
    w.server.fake.control.failSendsAsync({ phoneNumberId: w.wa.phoneNumberId, code, to });
    const text = `Réponse ${code}`;
    const { messageId, outboundId } = await reply(to, text);
    await expect.poll(async () => (await message(messageId)).status, { timeout: 10_000 }).toBe("failed");
    await settle(w);
    await new Promise((r) => setTimeout(r, 600));
    expect(sentTexts(text)).toHaveLength(1);
    expect(await outbox(outboundId)).toMatchObject({ status: "failed", error_class: kind, resends: 0 });
    const m = await message(messageId);
    expect(m.error_code).toBe(String(code));
    expect(m.error_message).toMatch(words);
  });

  it("spam rate limit (131048) waits long before its resend; a late `sent` of the failed attempt calls the resend off", async () => {
    w.server.fake.control.failSendsAsync({ phoneNumberId: w.wa.phoneNumberId, code: 131048, to: "33711000006" });
    const text = "Merci pour votre patience.";
    const { messageId, outboundId } = await reply("33711000006", text);
    await expect.poll(async () => (await outbox(outboundId)).resends, { timeout: 10_000 }).toBe(1);
    expect(await outbox(outboundId)).toMatchObject({ status: "queued", error_class: "policy", platform_id: null });
    expect((await message(messageId)).status).toBe("pending");
    const failed = sentTexts(text)[0]!;
    // Meta's order is not guaranteed: a `sent` of the attempt that "failed" comes after its failure.
    w.server.fake.control.sendRawWebhook({
      product: "whatsapp",
      body: whatsappBody(w, {
        statuses: [
          {
            id: failed.id,
            status: "sent",
            timestamp: String(Math.floor(failed.at / 1000) + 5),
            recipient_id: "33711000006",
            biz_opaque_callback_data: outboundId,
            pricing: { billable: false, pricing_model: "PMP", type: "free_customer_service", category: "service" },
          },
        ],
      }),
    });
    await settle(w);
    expect(await outbox(outboundId)).toMatchObject({ status: "sent", platform_id: failed.id, error_class: null, pricing_type: "free_customer_service" });
    expect(await message(messageId)).toMatchObject({ status: "sent", platform_message_id: failed.id });
    const jobs = await sql`select id from graphile_worker._private_jobs where key = ${`outbound-resend:${outboundId}`}`.execute(db());
    expect(jobs.rows).toHaveLength(0);
    expect(sentTexts(text)).toHaveLength(1);
  });
});
