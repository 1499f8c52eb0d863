/**
 * With the AI off, a customer is waiting for a person (issue 13): an AUTO_REPLY blocked by the switch, like an
 * escalation, puts the conversation in the "needs a person" view with the AI's reply as a draft; the agent's edited
 * draft goes out on the normal outbound path, signed by the agent, and the conversation leaves the view.
 */
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
const REFUND = "Je veux être remboursé, c'est inadmissible !";

interface ListItem {
  id: string;
  needsPerson: boolean;
  decisionOutcome: string | null;
  triage: string | null;
}
interface Thread {
  conversation: { needsPerson: boolean; draft: { decisionId: string; triage: string; outcome: string; text: string } | null };
  messages: { direction: string; author: string; authorName: string | null; text: string | null }[];
}

async function conversationOf(phone: string): Promise<string> {
  const row = await w.server.db.db
    .selectFrom("conversations")
    .innerJoin("contacts", "contacts.id", "conversations.contact_id")
    .select("conversations.id")
    .where("contacts.platform_user_id", "=", phone)
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Sends a customer message and waits until its decision has come to rest at `outcome`. */
async function customerDecided(phone: string, text: string, outcome: string): Promise<string> {
  w.server.fake.control.customerMessage({ channel: "whatsapp", phoneNumberId: w.wa.phoneNumberId, from: phone, text });
  await settle(w);
  await expect
    .poll(
      async () =>
        (
          await w.server.db.db
            .selectFrom("ai_decisions")
            .innerJoin("conversations", "conversations.id", "ai_decisions.conversation_id")
            .innerJoin("contacts", "contacts.id", "conversations.contact_id")
            .select("ai_decisions.outcome")
            .where("contacts.platform_user_id", "=", phone)
            .executeTakeFirst()
        )?.outcome,
      { timeout: 20_000, interval: 100 },
    )
    .toBe(outcome);
  return conversationOf(phone);
}

const needsPersonIds = async () => ok<{ items: ListItem[] }>(await w.owner.query("inbox.conversations", { needsPerson: true })).items.map((i) => i.id);
const sendsTo = (phone: string) => w.server.fake.control.sentMessages({ channel: "whatsapp" }).filter((m) => m.to === phone);

describe("needs a person: the view, the AI's draft, who answered", () => {
  let answered: string;
  let blocked: string;
  let escalated: string;

  it("lists the blocked reply and the escalation, not the customer the AI answered", async () => {
    // An automatic reply that went out: that customer was answered.
    ok(await w.owner.mutation("ai.control.set", { enabled: true }));
    answered = await customerDecided("33670000001", QUESTION, "sent");
    ok(await w.owner.mutation("ai.control.set", { enabled: false }));
    blocked = await customerDecided("33670000002", QUESTION, "blocked_ai_off");
    escalated = await customerDecided("33670000003", REFUND, "not_applicable");

    const ids = await needsPersonIds();
    expect(ids).toContain(blocked);
    expect(ids).toContain(escalated);
    expect(ids).not.toContain(answered);
    const all = ok<{ items: ListItem[] }>(await w.owner.query("inbox.conversations", {})).items;
    expect(all.find((i) => i.id === blocked)).toMatchObject({ needsPerson: true, decisionOutcome: "blocked_ai_off", triage: "AUTO_REPLY" });
    expect(all.find((i) => i.id === answered)).toMatchObject({ needsPerson: false, decisionOutcome: "sent" });
  }, 90_000);

  it("offers the blocked AI reply as a draft; an escalation without a suggested answer has none", async () => {
    const thread = ok<Thread>(await w.owner.query("inbox.messages", { conversationId: blocked }));
    expect(thread.conversation.needsPerson).toBe(true);
    expect(thread.conversation.draft).toMatchObject({ triage: "AUTO_REPLY", outcome: "blocked_ai_off", text: expect.stringMatching(/10 h|mardi/) });
    const refund = ok<Thread>(await w.owner.query("inbox.messages", { conversationId: escalated }));
    expect(refund.conversation).toMatchObject({ needsPerson: true, draft: null });
    const sentOne = ok<Thread>(await w.owner.query("inbox.messages", { conversationId: answered }));
    expect(sentOne.conversation).toMatchObject({ needsPerson: false, draft: null });
    // The automatic reply is the AI's, with no person's name on it.
    expect(sentOne.messages.find((m) => m.direction === "out")).toMatchObject({ author: "ai", authorName: null });
  });

  it("the edited draft goes out as the agent's reply, signed by the agent, and the conversation leaves the view", async () => {
    const { conversation } = ok<Thread>(await w.owner.query("inbox.messages", { conversationId: blocked }));
    const edited = `${conversation.draft!.text} Bonne journée !`;
    ok(await w.owner.mutation("inbox.reply", { conversationId: blocked, text: edited }));
    await expect.poll(() => sendsTo("33670000002").map((m) => JSON.stringify(m)), { timeout: 10_000 }).toEqual([expect.stringContaining("Bonne journée !")]);

    const me = ok<{ user: { name: string } }>(await w.owner.query("auth.me"));
    const after = ok<Thread>(await w.owner.query("inbox.messages", { conversationId: blocked }));
    expect(after.messages.find((m) => m.direction === "out")).toMatchObject({ author: "agent", authorName: me.user.name, text: edited });
    expect(after.conversation).toMatchObject({ needsPerson: false, draft: null });
    // An agent reply, not an automatic one: the outbox says so and the blocked decision stays as it was.
    const outbound = await w.server.db.db.selectFrom("outbound_messages").select(["automatic", "ai_decision_id"]).where("conversation_id", "=", blocked).execute();
    expect(outbound).toEqual([{ automatic: false, ai_decision_id: null }]);
    expect(await needsPersonIds()).not.toContain(blocked);
    expect(await needsPersonIds()).toContain(escalated);
  });

  it("a new customer message after the agent's reply, blocked again, brings the conversation back", async () => {
    w.server.fake.control.customerMessage({ channel: "whatsapp", phoneNumberId: w.wa.phoneNumberId, from: "33670000002", text: "Et le dimanche ?" });
    await settle(w);
    await expect.poll(needsPersonIds, { timeout: 20_000, interval: 100 }).toContain(blocked);
  });

  it("an escalation that comes with a suggested answer (confidence short of the rule's bar) offers it as a draft", async () => {
    ok(await w.owner.mutation("ai.rules.create", { name: "Horaires, prudent", type: "auto", keywords: ["horaires"], confidenceMin: 0.99 }));
    const strict = await customerDecided("33670000004", QUESTION, "not_applicable");
    const thread = ok<Thread>(await w.owner.query("inbox.messages", { conversationId: strict }));
    expect(thread.conversation).toMatchObject({ needsPerson: true, draft: { triage: "ESCALATE", outcome: "not_applicable", text: expect.stringMatching(/10 h|mardi/) } });
  });

  it("a resolved conversation is not waiting", async () => {
    ok(await w.owner.mutation("inbox.resolve", { conversationId: escalated }));
    expect(await needsPersonIds()).not.toContain(escalated);
  });
});
