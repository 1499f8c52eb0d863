import { decideAndReply } from "@sillage/autoreply";
import { decideBatch } from "@sillage/autoreply";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FAQ } from "../ai/seed";
import { ok, settle, startInboxWorld, type InboxWorld } from "./world";

let w: InboxWorld;
beforeAll(async () => {
  w = await startInboxWorld({ burstWindowSeconds: 1, triage: true });
  ok(await w.owner.mutation("knowledge.add", { title: "FAQ", text: FAQ }));
});
afterAll(() => w.close());

const QUESTION = "Bonjour, quels sont vos horaires d'ouverture ?";
const automaticSends = () => w.server.fake.control.sentMessages().filter((m) => m.channel === "whatsapp" || m.channel === "instagram");

async function decisionsDone(n: number) {
  await settle(w);
  await expect
    .poll(async () => (await w.server.db.db.selectFrom("ai_decisions").select("id").where("workspace_id", "=", w.workspaceId).execute()).length, { timeout: 20_000, interval: 100 })
    .toBe(n);
  // Let every automatic reply be queued and its send job finish.
  await expect
    .poll(async () => (await w.server.db.db.selectFrom("ai_decisions").select("id").where("workspace_id", "=", w.workspaceId).where("outcome", "=", "pending").execute()).length, { timeout: 10_000 })
    .toBe(0);
  await expect
    .poll(async () => (await w.server.db.db.selectFrom("outbound_messages").select("status").where("status", "in", ["queued", "sending"]).execute()).length, { timeout: 10_000 })
    .toBe(0);
}

describe("AI control, end to end (webhook → burst → triage → outbound → fake Graph)", () => {
  it("OFF: 100 inbound messages give decisions but zero automatic sends", async () => {
    ok(await w.owner.mutation("ai.control.set", { enabled: false }));
    const before = automaticSends().length;
    for (let i = 0; i < 100; i++) {
      w.server.fake.control.customerMessage({ channel: "whatsapp", phoneNumberId: w.wa.phoneNumberId, from: `3361000${String(i).padStart(4, "0")}`, text: QUESTION });
    }
    await decisionsDone(100);
    expect(automaticSends().length).toBe(before);
    const outcomes = await w.server.db.db.selectFrom("ai_decisions").select(["triage", "outcome"]).where("workspace_id", "=", w.workspaceId).execute();
    expect(outcomes.filter((o) => o.triage === "AUTO_REPLY").length).toBeGreaterThan(90);
    expect(new Set(outcomes.map((o) => o.outcome))).toEqual(new Set(["blocked_ai_off"]));
  });

  it("ON: AUTO_REPLY decisions are sent, escalations are not", async () => {
    ok(await w.owner.mutation("ai.control.set", { enabled: true }));
    const before = automaticSends().length;
    w.server.fake.control.customerMessage({ channel: "whatsapp", phoneNumberId: w.wa.phoneNumberId, from: "33620000001", text: QUESTION });
    w.server.fake.control.customerMessage({ channel: "whatsapp", phoneNumberId: w.wa.phoneNumberId, from: "33620000002", text: "Je veux être remboursé, c'est inadmissible !" });
    await decisionsDone(102);
    const sent = automaticSends().slice(before);
    expect(sent.map((m) => m.to)).toEqual(["33620000001"]);
    expect(JSON.stringify(sent[0])).toMatch(/10 h|mardi/);
    const escalated = await w.server.db.db
      .selectFrom("ai_decisions")
      .innerJoin("conversations", "conversations.id", "ai_decisions.conversation_id")
      .innerJoin("contacts", "contacts.id", "conversations.contact_id")
      .select(["ai_decisions.triage", "ai_decisions.outcome"])
      .where("contacts.platform_user_id", "=", "33620000002")
      .executeTakeFirstOrThrow();
    expect(escalated).toEqual({ triage: "ESCALATE", outcome: "not_applicable" });
  });

  it("a person's reply suppresses automatic replies in that conversation", async () => {
    w.server.fake.control.customerMessage({ channel: "whatsapp", phoneNumberId: w.wa.phoneNumberId, from: "33630000001", text: "Bonjour !" });
    await settle(w);
    const conv = await w.server.db.db
      .selectFrom("conversations")
      .innerJoin("contacts", "contacts.id", "conversations.contact_id")
      .select("conversations.id")
      .where("contacts.platform_user_id", "=", "33630000001")
      .executeTakeFirstOrThrow();
    ok(await w.owner.mutation("inbox.reply", { conversationId: conv.id, text: "Bonjour, je suis Élodie, je m'occupe de vous." }));
    await expect.poll(async () => (await w.server.db.db.selectFrom("conversations").select("last_human_reply_at").where("id", "=", conv.id).executeTakeFirstOrThrow()).last_human_reply_at, { timeout: 10_000 }).not.toBeNull();
    await expect.poll(() => JSON.stringify(automaticSends()).includes("je m'occupe de vous"), { timeout: 10_000 }).toBe(true);
    const before = automaticSends().length;
    w.server.fake.control.customerMessage({ channel: "whatsapp", phoneNumberId: w.wa.phoneNumberId, from: "33630000001", text: QUESTION });
    await settle(w);
    // The question is triaged (it would be an AUTO_REPLY otherwise) but the takeover holds: no automatic answer.
    await expect
      .poll(async () => (await w.server.db.db.selectFrom("messages").select("triage").where("conversation_id", "=", conv.id).where("text", "=", QUESTION).executeTakeFirst())?.triage, { timeout: 20_000 })
      .toBe("ESCALATE");
    const decisions = await w.server.db.db.selectFrom("ai_decisions").select(["triage", "reason"]).where("conversation_id", "=", conv.id).execute();
    expect(decisions.at(-1)!.reason).toMatch(/personne a répondu|person answered/i);
    await new Promise((r) => setTimeout(r, 1500));
    expect(automaticSends().length - before).toBe(0);
  });

  it("a reply decided just before the worker died is sent when the batch is retried, and only once", async () => {
    ok(await w.owner.mutation("ai.control.set", { enabled: true }));
    const before = automaticSends().length;
    let died = false;
    w.onBatch.fn = async (b) => {
      if (died) return;
      died = true;
      // The decision commits, then the process "dies" before the reply is queued: the batch job fails and is retried.
      await decideBatch(w.server.db.db, { ai: w.server.ai, clock: w.server.clock }, { workspaceId: b.workspaceId, conversationId: b.conversationId, messageIds: b.messages.map((m) => m.id), batchKey: b.batchKey });
      throw new Error("worker died after deciding");
    };
    try {
      w.server.fake.control.customerMessage({ channel: "whatsapp", phoneNumberId: w.wa.phoneNumberId, from: "33640000001", text: QUESTION });
      await settle(w);
      await expect.poll(() => automaticSends().slice(before).map((m) => m.to), { timeout: 20_000, interval: 100 }).toEqual(["33640000001"]);
      const batch = w.batches.findLast((b) => b.messages.some((m) => m.text === QUESTION))!;
      const decision = await w.server.db.db.selectFrom("ai_decisions").select(["id", "outcome"]).where("batch_key", "=", batch.batchKey).executeTakeFirstOrThrow();
      await expect.poll(async () => (await w.server.db.db.selectFrom("ai_decisions").select("outcome").where("id", "=", decision.id).executeTakeFirstOrThrow()).outcome).toBe("sent");
      // The same batch handed off once more (another retry) answers nothing twice.
      const deps = { db: w.server.db.db, clock: w.server.clock, connectors: w.server.connectors, secretBox: w.server.secretBox, media: w.server.media };
      await decideAndReply(w.server.ai)(batch, deps);
      await new Promise((r) => setTimeout(r, 1000));
      expect(automaticSends().slice(before)).toHaveLength(1);
      expect(await w.server.db.db.selectFrom("outbound_messages").select("id").where("ai_decision_id", "=", decision.id).execute()).toHaveLength(1);
    } finally {
      w.onBatch.fn = null;
    }
  }, 60_000);
});
