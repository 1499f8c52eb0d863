// A person answering from the Instagram app itself (or another tool): Meta sends the business's message back as an
// echo (`is_echo: true`, sender and recipient swapped, contract §1.6) whose `mid` none of our sends claims. Posted
// signed over real HTTP with the AI on and no takeover window (0 hours), so nothing but the echo itself can stop an
// automatic reply: the thread shows it as the business's ("sent from Instagram"), the conversation is answered by a
// person, the automatic reply of that burst never goes out on top of it (queued, or decided after the echo), and
// the echo is never triaged nor leaves anyone "waiting for a person".
import { signBody } from "@sillage/connectors";
import { aggregateKpis } from "@sillage/kpis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FAQ } from "../ai/seed";
import { ok, settle, startInboxWorld, TEST_SECRETS, type InboxWorld } from "./world";

let w: InboxWorld;
beforeAll(async () => {
  // An echo that comes while our send is in flight waits for it (retried): soon, here.
  w = await startInboxWorld({ burstWindowSeconds: 1, triage: true, webhookRetry: { attempts: 100, delayMs: () => 200 } });
  ok(await w.owner.mutation("knowledge.add", { title: "FAQ", text: FAQ }));
  ok(await w.owner.mutation("ai.control.set", { enabled: true }));
  await w.server.db.db.updateTable("workspaces").set({ human_takeover_hours: 0 }).where("id", "=", w.workspaceId).execute();
});
afterAll(() => w.close());

const QUESTION = "Bonjour, quels sont vos horaires d'ouverture ?";
let seq = 0;
const customer = () => `17861${Date.now() % 1_000_000}${seq++}`;

async function deliver(body: unknown): Promise<void> {
  const raw = JSON.stringify(body);
  const res = await fetch(`${w.server.url}/webhooks/instagram`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-hub-signature-256": signBody(raw, TEST_SECRETS.instagramAppSecret) },
    body: raw,
  });
  expect(res.status).toBe(200);
}
/** The business's message sent from the Instagram app, as Meta echoes it (sender the account, recipient the customer). */
const appEcho = (igsid: string, mid: string, text: string, flags: Record<string, unknown> = {}) => ({
  object: "instagram",
  entry: [{ id: w.ig.igUserId, time: Date.now(), messaging: [{ sender: { id: w.ig.igUserId }, recipient: { id: igsid }, timestamp: Date.now(), message: { mid, text, is_echo: true, ...flags } }] }],
});

/** The customer writing (Meta's shape), at a time of the test's choosing. */
const customerWrites = (igsid: string, mid: string, text: string, at: number) => ({
  sender: { id: igsid },
  recipient: { id: w.ig.igUserId },
  timestamp: at,
  message: { mid, text },
});
const fromApp = (igsid: string, mid: string, text: string, at: number) => ({ sender: { id: w.ig.igUserId }, recipient: { id: igsid }, timestamp: at, message: { mid, text, is_echo: true } });
const envelope = (...messaging: unknown[]) => ({ object: "instagram", entry: [{ id: w.ig.igUserId, time: Date.now(), messaging }] });

const sentTo = (igsid: string) => w.server.fake.control.sentMessages({ channel: "instagram" }).filter((m) => m.to === igsid);
const conversationOf = async (igsid: string) =>
  (
    await w.server.db.db
      .selectFrom("conversations as c")
      .innerJoin("contacts as k", "k.id", "c.contact_id")
      .select("c.id")
      .where("k.platform_user_id", "=", igsid)
      .where("c.channel_id", "=", w.ig.channelId)
      .executeTakeFirstOrThrow()
  ).id;
const decisionsOf = (conversationId: string) =>
  w.server.db.db.selectFrom("ai_decisions").select(["id", "triage", "outcome", "outcome_error"]).where("conversation_id", "=", conversationId).execute();

interface Thread {
  conversation: { needsPerson: boolean; lastHumanReplyAt: string | null };
  messages: { platformMessageId: string | null; direction: string; author: string; text: string | null; sentFromApp: boolean; triage: string | null }[];
}
const threadOf = async (conversationId: string) => ok<Thread>(await w.owner.query("inbox.messages", { conversationId }));

/** The thread as the team reads it, and what the echo never became. */
async function expectAnsweredFromApp(conversationId: string, echoMid: string) {
  const thread = await threadOf(conversationId);
  const echo = thread.messages.find((m) => m.platformMessageId === echoMid)!;
  expect(echo).toMatchObject({ direction: "out", author: "agent", sentFromApp: true, triage: null });
  // Customers' messages and Sillage's own replies are not "sent from Instagram".
  expect(thread.messages.filter((m) => m.sentFromApp).map((m) => m.platformMessageId)).toEqual([echoMid]);
  expect(thread.conversation.lastHumanReplyAt).not.toBeNull();
  // Answered: nobody is left waiting for a person, so nothing to notify either.
  expect(thread.conversation.needsPerson).toBe(false);
  // Never triaged: no burst holds the echo.
  expect(w.batches.filter((b) => b.conversationId === conversationId).flatMap((b) => b.messages.map((m) => m.text))).not.toContain("Bonjour, c'est Léa de la boutique.");
}

describe("Instagram echoes of messages sent from the Instagram app", () => {
  it("an automatic reply still queued when the person's answer arrives is cancelled, never sent on top of it", async () => {
    const igsid = customer();
    // Instagram refuses our sends for now (transient): the automatic reply waits in the queue for its next attempt.
    w.server.fake.control.injectFault({ kind: "transient", match: { operation: "instagram.send" }, times: 10_000 });
    try {
      w.server.fake.control.customerMessage({ channel: "instagram", igUserId: w.ig.igUserId, from: igsid, text: QUESTION });
      await settle(w);
      const conversationId = await conversationOf(igsid);
      await expect.poll(async () => (await decisionsOf(conversationId)).map((d) => [d.triage, d.outcome]), { timeout: 20_000 }).toEqual([["AUTO_REPLY", "pending"]]);
      const outbox = () => w.server.db.db.selectFrom("outbound_messages").select(["status", "error_class"]).where("conversation_id", "=", conversationId).execute();
      await expect.poll(async () => (await outbox()).map((o) => o.status), { timeout: 20_000 }).toEqual(["queued"]);
      // Meanwhile the shop owner answers in the Instagram app.
      await deliver(appEcho(igsid, "ig-app-answer-1", "Bonjour, c'est Léa de la boutique."));
      await settle(w);
      await expect.poll(async () => (await outbox()).map((o) => [o.status, o.error_class]), { timeout: 20_000 }).toEqual([["cancelled", "answered"]]);
      expect((await decisionsOf(conversationId)).map((d) => [d.outcome, d.outcome_error])).toEqual([["suppressed_human", "answered"]]);
      await expectAnsweredFromApp(conversationId, "ig-app-answer-1");
      // The reply's pending message left the thread: the customer's question and the person's answer remain.
      expect((await threadOf(conversationId)).messages.map((m) => m.author).sort()).toEqual(["agent", "customer"]);
    } finally {
      w.server.fake.control.clearFaults();
    }
    // Instagram accepts sends again and the send job's next attempt comes: nothing goes out.
    await new Promise((r) => setTimeout(r, 4_000));
    expect(sentTo(igsid)).toEqual([]);
  }, 60_000);

  it("an answer from the app that arrives before the burst is decided: the decision sends nothing and nobody is left waiting", async () => {
    const igsid = customer();
    w.server.fake.control.customerMessage({ channel: "instagram", igUserId: w.ig.igUserId, from: igsid, text: QUESTION });
    await settle(w);
    // Within the 1 s burst window: the person answers before triage runs.
    await deliver(appEcho(igsid, "ig-app-answer-2", "Bonjour, c'est Léa de la boutique."));
    await settle(w);
    const conversationId = await conversationOf(igsid);
    await expect.poll(async () => (await decisionsOf(conversationId)).map((d) => [d.triage, d.outcome, d.outcome_error]), { timeout: 20_000 }).toEqual([["AUTO_REPLY", "suppressed_human", "answered"]]);
    await expectAnsweredFromApp(conversationId, "ig-app-answer-2");
    await new Promise((r) => setTimeout(r, 1_500));
    expect(sentTo(igsid)).toEqual([]);
    expect(await w.server.db.db.selectFrom("outbound_messages").select("id").where("conversation_id", "=", conversationId).execute()).toEqual([]);
  }, 60_000);
});

describe("an answer from the Instagram app is the team's answer, as one from Sillage", () => {
  it("marks what it answered read (what the customer wrote after it stays unread) and counts as a person's first response", async () => {
    const igsid = customer();
    const t0 = Date.now() - 10 * 60_000;
    // Two customer messages, then the shop owner answers them in the Instagram app five minutes after the first.
    await deliver(envelope(customerWrites(igsid, `${igsid}-q1`, "Bonjour", t0), customerWrites(igsid, `${igsid}-q2`, "Vous avez le sac en noir ?", t0 + 60_000)));
    await settle(w);
    const conversationId = await conversationOf(igsid);
    const unread = async () => (await w.server.db.db.selectFrom("conversations").select("unread_count").where("id", "=", conversationId).executeTakeFirstOrThrow()).unread_count;
    expect(await unread()).toBe(2);
    await deliver(envelope(fromApp(igsid, `${igsid}-a1`, "Oui, il nous en reste deux.", t0 + 5 * 60_000)));
    await settle(w);
    expect(await unread()).toBe(0);
    const unreadList = ok<{ items: { id: string }[] }>(await w.owner.query("inbox.conversations", { unread: true, limit: 100 }));
    expect(unreadList.items.map((c) => c.id)).not.toContain(conversationId);

    // The customer writes again; an older answer from the app, delivered late, leaves that newer message unread.
    await deliver(envelope(customerWrites(igsid, `${igsid}-q3`, "Je passe le chercher demain", t0 + 6 * 60_000)));
    await settle(w);
    expect(await unread()).toBe(1);
    await deliver(envelope(fromApp(igsid, `${igsid}-a0`, "Il est aussi en marron.", t0 + 5.5 * 60_000)));
    await settle(w);
    expect(await unread()).toBe(1);

    // KPIs: the answer from the app ends the turn as a person's answer (first and human response times, 300 s).
    await aggregateKpis(w.server.db.db, { kind: "range", from: new Date(t0 - 3 * 3_600_000), to: new Date(Date.now() + 3_600_000), workspaceId: w.workspaceId });
    const windows = await w.server.db.db
      .selectFrom("kpi_windows")
      .select(["frt_samples", "frt_human_samples"])
      .where("workspace_id", "=", w.workspaceId)
      .where("channel_id", "=", w.ig.channelId)
      .execute();
    expect(windows.flatMap((k) => k.frt_human_samples)).toContain(300);
    expect(windows.flatMap((k) => k.frt_samples)).toContain(300);
  }, 60_000);
});

describe("the business unsending its own message (an echo with is_deleted)", () => {
  it("the message it sent reads unsent; one Sillage never had is kept for operators, never written as a message", async () => {
    const igsid = customer();
    w.server.fake.control.customerMessage({ channel: "instagram", igUserId: w.ig.igUserId, from: igsid, text: "Vous avez la taille 40 ?" });
    await settle(w);
    await deliver(appEcho(igsid, "ig-app-oops", "Non, désolée"));
    await settle(w);
    await deliver(appEcho(igsid, "ig-app-oops", "", { is_deleted: true }));
    await deliver(appEcho(igsid, "ig-app-never-seen", "", { is_deleted: true }));
    await settle(w);
    const conversationId = await conversationOf(igsid);
    const rows = await w.server.db.db.selectFrom("messages").select(["platform_message_id", "direction", "author", "text", "unsent_text", "deleted_at"]).where("conversation_id", "=", conversationId).orderBy("created_at").execute();
    expect(rows.map((r) => [r.platform_message_id === "ig-app-oops" ? "echo" : r.platform_message_id === "ig-app-never-seen" ? "unknown" : "customer", r.direction, r.author, r.text, r.unsent_text, r.deleted_at !== null])).toEqual([
      ["customer", "in", "customer", "Vous avez la taille 40 ?", null, false],
      ["echo", "out", "agent", null, "Non, désolée", true],
    ]);
    const kept = await w.server.db.db.selectFrom("unknown_events").select(["kind", "reason", "workspace_id"]).where("account_id", "=", w.ig.igUserId).where("kind", "=", "message_deleted").execute();
    expect(kept).toEqual([{ kind: "message_deleted", reason: "the account unsent a message Sillage does not have", workspace_id: w.workspaceId }]);
  }, 60_000);
});
