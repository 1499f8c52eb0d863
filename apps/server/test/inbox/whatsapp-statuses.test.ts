// WhatsApp status webhooks of our replies, signed by the fake Graph server and POSTed to the server over HTTP:
// the pricing and conversation they carry (both of Meta's shapes), and the failures they report after a 200 —
// throttling resent through the outbound job, anything else ending the message with its reason.
import { consumeCredit, creditBalance } from "@sillage/billing";
import { sql } from "@sillage/db";
import { sendOutbound } from "@sillage/inbox";
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
const messageOf = async (outboundId: string) => (await db().selectFrom("outbound_messages").select("message_id").where("id", "=", outboundId).executeTakeFirstOrThrow()).message_id!;
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

  it("a throttled failure applied while the send call is in flight: the call's answer leaves the queued resend alone", async () => {
    w.server.fake.control.failSendsAsync({ phoneNumberId: w.wa.phoneNumberId, code: 130429, to: "33711000007" });
    const { id } = w.server.fake.control.customerMessage({ channel: "whatsapp", phoneNumberId: w.wa.phoneNumberId, from: "33711000007", text: "Vous êtes ouverts ?" });
    await settle(w);
    const { conversation_id: conversationId } = await db().selectFrom("messages").select("conversation_id").where("platform_message_id", "=", id).executeTakeFirstOrThrow();
    const connector = w.server.connectors.whatsapp;
    const send = connector.sendMessage;
    let calls = 0;
    // The first call's answer reaches the job only after its `failed` status was applied (matched by callback data).
    connector.sendMessage = async function (this: typeof connector, ...args: Parameters<typeof send>) {
      const res = await send.apply(this, args);
      if (++calls === 1) await expect.poll(async () => (await outbox(args[1].callbackData!)).resends, { timeout: 10_000 }).toBe(1);
      return res;
    };
    const text = "Oui, jusqu'à 19 h.";
    try {
      // An automatic reply: its decision must not read failed (nor its credit go back) for a refusal being resent.
      await db().updateTable("workspaces").set({ ai_enabled: true }).where("id", "=", w.workspaceId).execute();
      const decision = await db()
        .insertInto("ai_decisions")
        .values({ workspace_id: w.workspaceId, conversation_id: conversationId, batch_key: `test:${conversationId}`, triage: "AUTO_REPLY", confidence: 0.9, reason: "test", reply: text, snapshot: "{}" })
        .returning("id")
        .executeTakeFirstOrThrow();
      const { outboundId, messageId } = await db()
        .transaction()
        .execute((trx) => sendOutbound(trx, w.server, { workspaceId: w.workspaceId, conversationId, body: { type: "text", text }, automatic: true, aiDecisionId: decision.id }));
      await expect.poll(async () => (await message(messageId)).status, { timeout: 10_000 }).toBe("read");
      await settle(w);
      const [, second] = sentTexts(text);
      expect(sentTexts(text)).toHaveLength(2);
      expect(await outbox(outboundId)).toMatchObject({ status: "sent", resends: 1, platform_id: second!.id });
      expect((await message(messageId)).platform_message_id).toBe(second!.id);
      expect((await db().selectFrom("ai_decisions").select("outcome").where("id", "=", decision.id).executeTakeFirstOrThrow()).outcome).toBe("sent");
    } finally {
      connector.sendMessage = send;
      await db().updateTable("workspaces").set({ ai_enabled: false }).where("id", "=", w.workspaceId).execute();
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

  it("a person's retry of a message that failed after its 200 is a new attempt: a late copy of the old failure leaves it alone", async () => {
    w.server.fake.control.failSendsAsync({ phoneNumberId: w.wa.phoneNumberId, code: 131026, to: "33711000008" });
    const text = "Je vous renvoie le lien.";
    const { messageId, outboundId } = await reply("33711000008", text);
    await expect.poll(async () => (await message(messageId)).status, { timeout: 10_000 }).toBe("failed");
    await settle(w);
    const [failed] = sentTexts(text);
    expect(ok(await w.owner.mutation("failures.retryReply", { id: outboundId }))).toEqual({ result: "queued" });
    await expect.poll(async () => (await message(messageId)).status, { timeout: 10_000 }).toBe("read");
    await settle(w);
    const [, second] = sentTexts(text);
    // Meta delivers the first attempt's failure again (at-least-once).
    w.server.fake.control.sendRawWebhook({
      product: "whatsapp",
      body: whatsappBody(w, {
        statuses: [
          {
            id: failed!.id,
            status: "failed",
            timestamp: String(Math.floor(failed!.at / 1000) + 1),
            recipient_id: "33711000008",
            biz_opaque_callback_data: outboundId,
            errors: [{ code: 131026, title: "Message undeliverable", message: "Message undeliverable", error_data: { details: "Unable to deliver message." } }],
          },
        ],
      }),
    });
    await settle(w);
    expect(await message(messageId)).toMatchObject({ status: "read", platform_message_id: second!.id, error_code: null });
    expect(await outbox(outboundId)).toMatchObject({ status: "sent", platform_id: second!.id });
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

describe("a send whose answer was lost (uncertain) and its statuses, in either order", () => {
  /** An automatic reply (its decision took a credit) to a customer who just wrote; its send's answer is lost. */
  async function lostAutomaticReply(from: string, text: string) {
    const { id } = w.server.fake.control.customerMessage({ channel: "whatsapp", phoneNumberId: w.wa.phoneNumberId, from, text: "Ouvert dimanche ?" });
    await settle(w);
    const { conversation_id: conversationId } = await db().selectFrom("messages").select("conversation_id").where("platform_message_id", "=", id).executeTakeFirstOrThrow();
    w.server.fake.control.injectFault({ kind: "lost_response", match: { operation: "whatsapp.send" } });
    const decision = await db()
      .insertInto("ai_decisions")
      .values({ workspace_id: w.workspaceId, conversation_id: conversationId, batch_key: `test:${conversationId}`, triage: "AUTO_REPLY", confidence: 0.9, reason: "test", reply: text, snapshot: "{}" })
      .returning("id")
      .executeTakeFirstOrThrow();
    const sent = await db()
      .transaction()
      .execute(async (trx) => {
        expect(await consumeCredit(trx, w.workspaceId, decision.id, w.server.clock)).toBe(true);
        return sendOutbound(trx, w.server, { workspaceId: w.workspaceId, conversationId, body: { type: "text", text }, automatic: true, aiDecisionId: decision.id });
      });
    return { ...sent, decisionId: decision.id };
  }
  const decisionOf = (id: string) => db().selectFrom("ai_decisions").select(["outcome", "outcome_error"]).where("id", "=", id).executeTakeFirstOrThrow();
  const ledgerOf = async (decisionId: string) => (await db().selectFrom("credit_ledger").select("kind").where("decision_id", "=", decisionId).orderBy("id").execute()).map((l) => l.kind);
  const movementsOf = async (decisionId: string) =>
    (await db().selectFrom("credit_ledger").select(["kind", "delta", "reason_code"]).where("decision_id", "=", decisionId).orderBy("id").execute()).map((l) => [l.kind, l.delta, l.reason_code]);
  /** Refunded for the uncertainty, then taken again once proved sent. */
  const chargedAgain = [
    ["consume", -1, "ai_reply"],
    ["refund", 1, "refund_uncertain_send"],
    ["consume", -1, "ai_reply_proved_sent"],
  ];
  const settled = (outboundId: string) => expect.poll(async () => (await outbox(outboundId)).status, { timeout: 15_000 }).not.toMatch(/^(queued|sending)$/);

  beforeAll(() => db().updateTable("workspaces").set({ ai_enabled: true }).where("id", "=", w.workspaceId).execute());
  afterAll(() => db().updateTable("workspaces").set({ ai_enabled: false }).where("id", "=", w.workspaceId).execute());

  it("every status applied before the job records the lost answer: the reply stays sent, its decision too, its credit kept", async () => {
    const connector = w.server.connectors.whatsapp;
    const send = connector.sendMessage;
    // The call goes out but its answer is lost; the job learns it only once sent, delivered and read were applied.
    connector.sendMessage = async function (this: typeof connector, ...args: Parameters<typeof send>) {
      try {
        return await send.apply(this, args);
      } catch (err) {
        await expect.poll(async () => (await message(await messageOf(args[1].callbackData!))).status, { timeout: 10_000 }).toBe("read");
        throw err;
      }
    };
    const text = "Non, fermé le dimanche.";
    try {
      const { outboundId, messageId, decisionId } = await lostAutomaticReply("33711000020", text);
      await settled(outboundId);
      await settle(w);
      const [sent] = sentTexts(text);
      expect(sentTexts(text)).toHaveLength(1);
      expect(await outbox(outboundId)).toMatchObject({ status: "sent", error_class: null, platform_id: sent!.id });
      expect(await message(messageId)).toMatchObject({ status: "read", error_code: null, platform_message_id: sent!.id });
      expect(await decisionOf(decisionId)).toEqual({ outcome: "sent", outcome_error: null });
      expect(await ledgerOf(decisionId)).toEqual(["consume"]);
    } finally {
      connector.sendMessage = send;
    }
  });

  it("the statuses after the job recorded it uncertain: the reply and its decision turn sent", async () => {
    // The fake sends no statuses of its own: they come by hand once the job has recorded the lost answer.
    w.server.fake.control.configureWebhooks({ statuses: [] });
    const text = "Si, de 10 h à 13 h.";
    try {
      const { outboundId, messageId, decisionId } = await lostAutomaticReply("33711000021", text);
      await settled(outboundId);
      expect(await outbox(outboundId)).toMatchObject({ status: "failed", error_class: "uncertain" });
      expect(await decisionOf(decisionId)).toEqual({ outcome: "failed", outcome_error: "uncertain" });
      const [sent] = sentTexts(text);
      const at = Math.floor(sent!.at / 1000);
      expect(await movementsOf(decisionId)).toEqual([
        ["consume", -1, "ai_reply"],
        ["refund", 1, "refund_uncertain_send"],
      ]);
      const balanceBefore = await creditBalance(db(), w.workspaceId);
      const statuses = whatsappBody(w, {
        statuses: (["sent", "delivered", "read"] as const).map((status, i) => ({
          id: sent!.id,
          status,
          timestamp: String(at + i),
          recipient_id: "33711000021",
          biz_opaque_callback_data: outboundId,
        })),
      });
      w.server.fake.control.sendRawWebhook({ product: "whatsapp", body: statuses });
      await settle(w);
      expect(await outbox(outboundId)).toMatchObject({ status: "sent", error_class: null });
      expect(await message(messageId)).toMatchObject({ status: "read", error_code: null, platform_message_id: sent!.id });
      expect(await decisionOf(decisionId)).toEqual({ outcome: "sent", outcome_error: null });
      // The customer got the reply: the refunded credit is taken again, once, whatever Meta redelivers.
      expect(await movementsOf(decisionId)).toEqual(chargedAgain);
      w.server.fake.control.sendRawWebhook({ product: "whatsapp", body: statuses });
      await settle(w);
      expect(await movementsOf(decisionId)).toEqual(chargedAgain);
      expect(await creditBalance(db(), w.workspaceId)).toBe(balanceBefore - 1);
    } finally {
      w.server.fake.control.configureWebhooks({ statuses: ["sent", "delivered", "read"] });
    }
  });

  it("Instagram: the echo of an automatic reply whose answer was lost proves it went out, and takes its refunded credit again", async () => {
    const igsid = "1786670000021";
    const { id } = w.server.fake.control.customerMessage({ channel: "instagram", igUserId: w.ig.igUserId, from: igsid, text: "Ouvert dimanche ?" });
    await settle(w);
    const { conversation_id: conversationId } = await db().selectFrom("messages").select("conversation_id").where("platform_message_id", "=", id).executeTakeFirstOrThrow();
    // The send reaches Instagram but its answer is lost; the echo Meta sends of it waits until the job recorded that.
    w.server.fake.control.injectFault({ kind: "lost_response", match: { operation: "instagram.send" } });
    const text = "Oui, de 10 h à 13 h.";
    const decision = await db()
      .insertInto("ai_decisions")
      .values({ workspace_id: w.workspaceId, conversation_id: conversationId, batch_key: `test:${conversationId}`, triage: "AUTO_REPLY", confidence: 0.9, reason: "test", reply: text, snapshot: "{}" })
      .returning("id")
      .executeTakeFirstOrThrow();
    const { outboundId } = await db()
      .transaction()
      .execute(async (trx) => {
        expect(await consumeCredit(trx, w.workspaceId, decision.id, w.server.clock)).toBe(true);
        return sendOutbound(trx, w.server, { workspaceId: w.workspaceId, conversationId, body: { type: "text", text }, automatic: true, aiDecisionId: decision.id });
      });
    await expect.poll(async () => (await outbox(outboundId)).status, { timeout: 30_000, interval: 100 }).toBe("sent");
    await settle(w);
    expect(await decisionOf(decision.id)).toEqual({ outcome: "sent", outcome_error: null });
    expect(await movementsOf(decision.id)).toEqual(chargedAgain);
  }, 60_000);
});
