/**
 * What became of an automatic reply, as the decision records it (issue 12): a reply the WhatsApp 24-hour window
 * refuses — by our own gate, at the platform's call, or later in a `failed` status — ends as `window_closed` with its
 * reason, never `failed` with nothing or `sent`; the thread carries it, and a template can still be sent.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FAQ } from "../ai/seed";
import { ok, settle, startInboxWorld, type InboxWorld } from "./world";

let w: InboxWorld;
beforeAll(async () => {
  w = await startInboxWorld({ burstWindowSeconds: 1, triage: true });
  ok(await w.owner.mutation("knowledge.add", { title: "FAQ", text: FAQ }));
  ok(await w.owner.mutation("ai.control.set", { enabled: true }));
});
afterAll(() => w.close());

const QUESTION = "Bonjour, quels sont vos horaires d'ouverture ?";
const DAY_AND_AN_HOUR = 25 * 3_600_000;

interface Decision {
  id: string;
  triage: string;
  outcome: string;
  outcomeError: string | null;
  outcomeMessage: string | null;
  conversationId: string;
}

/** The decision of this customer's conversation once its reply has come to rest at `outcome`. */
async function settledDecision(phone: string, outcome: string): Promise<Decision> {
  await settle(w);
  let found: Decision | undefined;
  await expect
    .poll(
      async () => {
        const conv = await w.server.db.db
          .selectFrom("conversations")
          .innerJoin("contacts", "contacts.id", "conversations.contact_id")
          .select("conversations.id")
          .where("contacts.platform_user_id", "=", phone)
          .executeTakeFirst();
        const { items } = ok<{ items: Decision[] }>(await w.owner.query("ai.decisions", { limit: 100 }));
        found = items.find((d) => d.conversationId === conv?.id);
        return found?.outcome;
      },
      { timeout: 20_000, interval: 100 },
    )
    .toBe(outcome);
  return found!;
}

const sendsTo = (phone: string) => w.server.fake.control.sentMessages({ channel: "whatsapp" }).filter((m) => m.to === phone);

describe("automatic replies refused by the WhatsApp 24-hour window", () => {
  it("refused by the gate before queueing: window_closed with its reason, the thread says so, a template still goes out", async () => {
    // The customer's message is 25 hours old when it reaches triage (a worker backlog, a replayed dead letter).
    w.server.fake.control.advance({ ms: -DAY_AND_AN_HOUR });
    w.server.fake.control.customerMessage({ channel: "whatsapp", phoneNumberId: w.wa.phoneNumberId, from: "33650000001", text: QUESTION });
    w.server.fake.control.advance({ ms: DAY_AND_AN_HOUR });

    const decision = await settledDecision("33650000001", "window_closed");
    expect(decision).toMatchObject({ triage: "AUTO_REPLY", outcomeError: "window_closed", outcomeMessage: expect.stringMatching(/24 hours.*template/) });
    expect(sendsTo("33650000001")).toEqual([]);
    // No message moved, so the open thread and decisions table learn of it by their own live event.
    const events = await w.server.db.db.selectFrom("workspace_events").select("payload").where("workspace_id", "=", w.workspaceId).where("type", "=", "inbox.decision").execute();
    expect(events.map((e) => e.payload)).toContainEqual({ conversationId: decision.conversationId, decisionId: decision.id, outcome: "window_closed" });
    // Nothing was queued: no outbound message, and the customer's message carries the outcome and its reason.
    const thread = ok<{ conversation: { window: { templatesOnly: boolean } }; messages: { direction: string; triageOutcome: string | null; triageOutcomeError: string | null }[] }>(
      await w.owner.query("inbox.messages", { conversationId: decision.conversationId }),
    );
    expect(thread.messages.map((m) => [m.direction, m.triageOutcome, m.triageOutcomeError])).toEqual([["in", "window_closed", "window_closed"]]);
    expect(thread.conversation.window.templatesOnly).toBe(true);

    // The offer the thread makes: an approved template, which the window allows.
    const templates = ok<{ name: string; language: string }[]>(await w.owner.query("inbox.templates", { conversationId: decision.conversationId }));
    expect(templates.map((t) => t.name)).toContain("follow_up");
    const follow = templates.find((t) => t.name === "follow_up")!;
    ok(await w.owner.mutation("inbox.reply", { conversationId: decision.conversationId, template: { name: follow.name, language: follow.language } }));
    await expect.poll(() => sendsTo("33650000001").map((m) => m.template?.name), { timeout: 10_000 }).toEqual(["follow_up"]);
  });

  it("refused by the platform at the call (sync 131047): window_closed, not left pending", async () => {
    w.server.fake.control.setWindowMode({ phoneNumberId: w.wa.phoneNumberId, mode: "sync" });
    try {
      w.server.fake.control.customerMessage({ channel: "whatsapp", phoneNumberId: w.wa.phoneNumberId, from: "33650000002", text: QUESTION });
      // Our clock still sees the window open; Meta's does not (its clock is a day on): only the platform refuses.
      w.server.fake.control.advance({ ms: DAY_AND_AN_HOUR });
      const decision = await settledDecision("33650000002", "window_closed");
      expect(decision).toMatchObject({ triage: "AUTO_REPLY", outcomeError: "window_closed", outcomeMessage: expect.stringMatching(/24 hours/) });
      const outbox = await w.server.db.db.selectFrom("outbound_messages").select(["status", "error_class"]).where("ai_decision_id", "=", decision.id).execute();
      expect(outbox).toEqual([{ status: "failed", error_class: "window_closed" }]);
    } finally {
      w.server.fake.control.advance({ ms: -DAY_AND_AN_HOUR });
      w.server.fake.control.setWindowMode({ phoneNumberId: w.wa.phoneNumberId, mode: "async" });
    }
  });

  it("accepted, then failed by a 131047 status webhook: the decision moves from sent to window_closed", async () => {
    w.server.fake.control.customerMessage({ channel: "whatsapp", phoneNumberId: w.wa.phoneNumberId, from: "33650000003", text: QUESTION });
    w.server.fake.control.advance({ ms: DAY_AND_AN_HOUR });
    try {
      const decision = await settledDecision("33650000003", "window_closed");
      expect(sendsTo("33650000003")).toHaveLength(1);
      expect(decision).toMatchObject({ triage: "AUTO_REPLY", outcomeError: "window_closed", outcomeMessage: expect.stringMatching(/template/) });
    } finally {
      w.server.fake.control.advance({ ms: -DAY_AND_AN_HOUR });
    }
  });

  it("a reply the platform refuses for another reason ends `failed` with that reason (class and sentence)", async () => {
    // 131026: the number cannot receive WhatsApp messages.
    w.server.fake.control.injectFault({ kind: "permanent", code: 131026, match: { operation: "whatsapp.send" }, times: 1 });
    w.server.fake.control.customerMessage({ channel: "whatsapp", phoneNumberId: w.wa.phoneNumberId, from: "33650000005", text: QUESTION });
    const decision = await settledDecision("33650000005", "failed");
    expect(decision).toMatchObject({ triage: "AUTO_REPLY", outcomeError: "undeliverable", outcomeMessage: expect.stringMatching(/cannot be delivered/) });
  });

  it("a reply that goes out ends `sent` with no reason left on it", async () => {
    w.server.fake.control.customerMessage({ channel: "whatsapp", phoneNumberId: w.wa.phoneNumberId, from: "33650000004", text: QUESTION });
    const decision = await settledDecision("33650000004", "sent");
    expect(decision).toMatchObject({ outcomeError: null, outcomeMessage: null });
  });
});
