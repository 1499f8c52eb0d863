/**
 * Credits on the real path of automatic replies (issue 19): webhook → batch → triage → outbound → fake Graph.
 * 100 customers asking at once with 10 credits left: exactly 10 replies go out, 90 decisions escalate "no_credits";
 * a reply the platform refuses for good gives its credit back.
 */
import { changePlan, consumeCredit, creditBalance, grantPeriodCredits, topUpCredits } from "@sillage/billing";
import { withWorkspace } from "@sillage/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FAQ } from "../ai/seed";
import { ok, settle, startInboxWorld, type InboxWorld } from "../inbox/world";

let w: InboxWorld;
beforeAll(async () => {
  w = await startInboxWorld({ burstWindowSeconds: 1, triage: true });
  ok(await w.owner.mutation("knowledge.add", { title: "FAQ", text: FAQ }));
  ok(await w.owner.mutation("ai.control.set", { enabled: true }));
  // Free: 50 credits a month, few to spend before a test's own balance.
  await changePlan(w.server.db.db, { workspaceId: w.workspaceId, plan: "free", by: "test" }, w.server.clock);
});
afterAll(() => w.close());

const QUESTION = "Bonjour, quels sont vos horaires d'ouverture ?";
const clock = { now: () => new Date() };

async function leaveCredits(n: number) {
  const { db } = w.server.db;
  await withWorkspace(db, w.workspaceId, (trx) => grantPeriodCredits(trx, w.workspaceId, w.server.clock));
  const extra = (await creditBalance(db, w.workspaceId)) - n;
  if (extra < 0) await withWorkspace(db, w.workspaceId, (trx) => topUpCredits(trx, { workspaceId: w.workspaceId, amount: -extra, note: "test", key: crypto.randomUUID() }, clock));
  await withWorkspace(db, w.workspaceId, async (trx) => {
    for (let i = 0; i < extra; i++) await consumeCredit(trx, w.workspaceId, crypto.randomUUID(), clock);
  });
  expect(await creditBalance(db, w.workspaceId)).toBe(n);
}

const decisionsOf = () =>
  w.server.db.db.selectFrom("ai_decisions").select(["id", "triage", "outcome", "reason_code"]).where("workspace_id", "=", w.workspaceId).execute();

describe("credits and automatic replies", () => {
  it("a reply refused for good by the platform is refunded", async () => {
    await leaveCredits(5);
    w.server.fake.control.injectFault({ kind: "permanent", code: 131026, match: { operation: "whatsapp.send" }, times: 1 });
    w.server.fake.control.customerMessage({ channel: "whatsapp", phoneNumberId: w.wa.phoneNumberId, from: "33660000001", text: QUESTION });
    await settle(w);
    await expect.poll(async () => (await decisionsOf()).map((d) => d.outcome), { timeout: 20_000 }).toEqual(["failed"]);
    const [decision] = await decisionsOf();
    const moves = await w.server.db.db.selectFrom("credit_ledger").select(["kind", "delta"]).where("workspace_id", "=", w.workspaceId).where("decision_id", "=", decision!.id).execute();
    expect(moves.map((m) => m.kind).sort()).toEqual(["consume", "refund"]);
    expect(await creditBalance(w.server.db.db, w.workspaceId)).toBe(5);
  }, 60_000);

  it("100 customers at once on 10 credits: 10 replies sent, 90 escalated for no credits", async () => {
    await leaveCredits(10);
    const before = (await decisionsOf()).length;
    const phones = Array.from({ length: 100 }, (_, i) => `3367${String(i).padStart(7, "0")}`);
    for (const from of phones) w.server.fake.control.customerMessage({ channel: "whatsapp", phoneNumberId: w.wa.phoneNumberId, from, text: QUESTION });
    await expect.poll(async () => (await decisionsOf()).length - before, { timeout: 120_000, interval: 500 }).toBe(100);
    await settle(w, 60_000);
    const phoneSet = new Set(phones);
    await expect.poll(() => w.server.fake.control.sentMessages({ channel: "whatsapp" }).filter((m) => phoneSet.has(m.to)).length, { timeout: 60_000 }).toBe(10);
    const all = await decisionsOf();
    expect(all.filter((d) => d.reason_code === "no_credits")).toHaveLength(90);
    expect(all.filter((d) => d.reason_code === "no_credits").every((d) => d.triage === "ESCALATE" && d.outcome === "not_applicable")).toBe(true);
    expect(all.filter((d) => d.outcome === "sent")).toHaveLength(10);
    expect(await creditBalance(w.server.db.db, w.workspaceId)).toBe(0);
    // Nothing was sent twice.
    const sent = w.server.fake.control.sentMessages({ channel: "whatsapp" }).filter((m) => phoneSet.has(m.to)).map((m) => m.to);
    expect(new Set(sent).size).toBe(10);
  }, 240_000);
});
