/**
 * Issue 12 end to end (webhook → burst → decideBatch → stored decision): a deny rule applies per message inside a
 * burst, so spam beside a real question ignores the spam only; a lone reaction is ignored by an emoji keyword; the
 * reason is stored as a code with parameters and returned by `ai.decisions`.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FAQ } from "../ai/seed";
import { ok, settle, startInboxWorld, type InboxWorld } from "./world";

let w: InboxWorld;
beforeAll(async () => {
  w = await startInboxWorld({ burstWindowSeconds: 1, triage: true });
  ok(await w.owner.mutation("knowledge.add", { title: "FAQ", text: FAQ }));
  ok(await w.owner.mutation("ai.rules.create", { type: "deny", name: "Liens raccourcis", patterns: ["https?://bit\\.ly/\\S+"] }));
  ok(await w.owner.mutation("ai.rules.create", { type: "deny", name: "Réactions", keywords: ["👍", "❤️"] }));
});
afterAll(() => w.close());

interface DecisionItem {
  batchKey: string;
  triage: string;
  reason: string;
  reasonCode: string | null;
  reasonParams: Record<string, string | number>;
  ignored: DecisionItem["snapshot"]["ignored"];
  snapshot: { ignored: { messageId: string; rule: { name: string }; reasonCode: string; reasonParams: Record<string, string | number> }[] };
}

async function decisionsOf(from: string) {
  await settle(w);
  const conv = await w.server.db.db
    .selectFrom("conversations")
    .innerJoin("contacts", "contacts.id", "conversations.contact_id")
    .select("conversations.id")
    .where("contacts.platform_user_id", "=", from)
    .executeTakeFirstOrThrow();
  await expect.poll(async () => (await w.server.db.db.selectFrom("ai_decisions").select("id").where("conversation_id", "=", conv.id).execute()).length, { timeout: 20_000, interval: 100 }).toBe(1);
  const row = await w.server.db.db.selectFrom("ai_decisions").select(["id", "reason_code", "reason_params"]).where("conversation_id", "=", conv.id).executeTakeFirstOrThrow();
  const listed = ok<{ items: (DecisionItem & { id: string })[] }>(await w.owner.query("ai.decisions", { limit: 100 })).items.find((d) => d.id === row.id)!;
  const messages = await w.server.db.db.selectFrom("messages").select(["text", "triage"]).where("conversation_id", "=", conv.id).where("direction", "=", "in").orderBy("platform_timestamp").orderBy("id").execute();
  return { row, listed, messages };
}

describe("bursts and reasons (issue 12)", () => {
  it("a spam link beside a real question: the link is ignored with its reason, the question is answered", async () => {
    const from = "33640000001";
    w.server.fake.control.customerMessage({ channel: "whatsapp", phoneNumberId: w.wa.phoneNumberId, from, text: "Gagnez 1000 € ici https://bit.ly/xyz" });
    w.server.fake.control.customerMessage({ channel: "whatsapp", phoneNumberId: w.wa.phoneNumberId, from, text: "Bonjour, quels sont vos horaires d'ouverture ?" });
    const { row, listed, messages } = await decisionsOf(from);
    expect(listed.triage).toBe("AUTO_REPLY");
    expect(row.reason_code).toBe("auto_reply");
    expect(listed.snapshot.ignored).toHaveLength(1);
    expect(listed.ignored).toEqual(listed.snapshot.ignored);
    // The reason quotes the rule's name and the words matched, never the pattern.
    expect(listed.snapshot.ignored[0]).toMatchObject({ rule: { name: "Liens raccourcis" }, reasonCode: "rule_deny", reasonParams: { rule: "Liens raccourcis", via: "pattern", matched: "https://bit.ly/xyz" } });
    expect(Object.fromEntries(messages.map((m) => [m.text, m.triage]))).toEqual({
      "Gagnez 1000 € ici https://bit.ly/xyz": "IGNORE",
      "Bonjour, quels sont vos horaires d'ouverture ?": "AUTO_REPLY",
    });
  });

  it("a lone 👍 is ignored by an emoji keyword, with a code and parameters stored and listed", async () => {
    const from = "33640000002";
    w.server.fake.control.customerMessage({ channel: "whatsapp", phoneNumberId: w.wa.phoneNumberId, from, text: "👍" });
    const { row, listed } = await decisionsOf(from);
    expect(listed).toMatchObject({ triage: "IGNORE", reasonCode: "rule_deny", reasonParams: { rule: "Réactions", via: "keyword", matched: "👍" } });
    expect(row.reason_params).toEqual({ rule: "Réactions", via: "keyword", matched: "👍" });
    expect(listed.reason).toMatch(/Ignoré par la règle « Réactions »/);
  });
});
