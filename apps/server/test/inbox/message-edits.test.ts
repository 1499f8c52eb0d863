/**
 * Customers edit and unsend their messages (Instagram `message_edit` {mid, text, num_edit} and `message.is_deleted`;
 * WhatsApp Coexistence `edit` / `revoke`): signed webhooks over HTTP into real PostgreSQL, the thread as
 * `inbox.messages` returns it, and how edits and unsends meet burst batching and triage.
 */
import { signBody } from "@sillage/connectors";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FAQ } from "../ai/seed";
import { ok, settle, startInboxWorld, TEST_SECRETS, type InboxWorld } from "./world";

let w: InboxWorld;
beforeAll(async () => {
  w = await startInboxWorld({ burstWindowSeconds: 1, triage: true });
  ok(await w.owner.mutation("knowledge.add", { title: "FAQ", text: FAQ }));
  ok(await w.owner.mutation("ai.rules.create", { type: "deny", name: "Réactions", keywords: ["👍"] }));
  ok(await w.owner.mutation("ai.control.set", { enabled: true }));
});
afterAll(() => w.close());

async function igPost(messaging: Record<string, unknown>) {
  const body = JSON.stringify({ object: "instagram", entry: [{ id: w.ig.igUserId, time: Date.now(), messaging: [messaging] }] });
  const res = await fetch(`${w.server.url}/webhooks/instagram`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-hub-signature-256": signBody(body, TEST_SECRETS.instagramAppSecret) },
    body,
  });
  expect(res.status).toBe(200);
  await settle(w);
}

const party = (from: string, at = Date.now()) => ({ sender: { id: from }, recipient: { id: w.ig.igUserId }, timestamp: at });
const igMessage = (from: string, mid: string, text: string, at?: number) => igPost({ ...party(from, at), message: { mid, text } });
const igEdit = (from: string, mid: string, text: string, numEdit: number | string, at?: number) => igPost({ ...party(from, at), message_edit: { mid, text, num_edit: numEdit } });

interface ThreadMessage {
  id: string;
  text: string | null;
  deletedAt: string | null;
  editedAt: string | null;
  editCount: number;
  previousTexts: { text: string | null; at: string }[];
  platformMessageId: string | null;
}

async function threadMessage(mid: string): Promise<ThreadMessage> {
  const row = await w.server.db.db.selectFrom("messages").select("conversation_id").where("platform_message_id", "=", mid).executeTakeFirstOrThrow();
  const thread = ok<{ messages: ThreadMessage[] }>(await w.owner.query("inbox.messages", { conversationId: row.conversation_id }));
  return thread.messages.find((m) => m.platformMessageId === mid)!;
}

const stored = (mid: string) =>
  w.server.db.db
    .selectFrom("messages")
    .select(["id", "text", "original_text", "unsent_text", "edit_count", "edited_at", "deleted_at", "conversation_id"])
    .where("platform_message_id", "=", mid)
    .executeTakeFirstOrThrow();

describe("an edited message (Instagram message_edit)", () => {
  it("shows the new text, marked edited, with what it said before", async () => {
    const t0 = Date.now();
    await igMessage("1789000000001", "m_edit_1", "Je voudrais la taille M", t0);
    await igEdit("1789000000001", "m_edit_1", "Je voudrais la taille L", 1, t0 + 5_000);
    const row = await stored("m_edit_1");
    expect(row).toMatchObject({ text: "Je voudrais la taille L", original_text: "Je voudrais la taille M", edit_count: 1, deleted_at: null });
    expect(row.edited_at?.getTime()).toBe(t0 + 5_000);
    const m = await threadMessage("m_edit_1");
    expect(m).toMatchObject({ text: "Je voudrais la taille L", editCount: 1, deletedAt: null });
    expect(m.editedAt).not.toBeNull();
    expect(m.previousTexts.map((p) => p.text)).toEqual(["Je voudrais la taille M"]);
    // The list shows the edited text too.
    const conv = await w.server.db.db.selectFrom("conversations").select("last_message_preview").where("id", "=", row.conversation_id).executeTakeFirstOrThrow();
    expect(conv.last_message_preview).toBe("Je voudrais la taille L");
  });

  it("a replayed edit changes nothing more, and an older edit arriving late does not win", async () => {
    const t0 = Date.now();
    await igMessage("1789000000002", "m_edit_2", "v0", t0);
    await igEdit("1789000000002", "m_edit_2", "v2", 2, t0 + 2_000);
    await igEdit("1789000000002", "m_edit_2", "v2", 2, t0 + 2_000);
    await igEdit("1789000000002", "m_edit_2", "v1", "1", t0 + 1_000);
    await igEdit("1789000000002", "m_edit_2", "v2", 2, t0 + 2_000);
    expect(await stored("m_edit_2")).toMatchObject({ text: "v2", original_text: "v0", edit_count: 2 });
    const edits = await w.server.db.db.selectFrom("message_edits").select(["edit_number", "text"]).where("platform_message_id", "=", "m_edit_2").orderBy("edit_number").execute();
    expect(edits).toEqual([
      { edit_number: 1, text: "v1" },
      { edit_number: 2, text: "v2" },
    ]);
    expect((await threadMessage("m_edit_2")).previousTexts.map((p) => p.text)).toEqual(["v0", "v1"]);
  });

  it("an edit delivered before its message is kept, and the message shows it once it arrives", async () => {
    const t0 = Date.now();
    await igEdit("1789000000003", "m_edit_early", "Finalement en bleu", 1, t0 + 3_000);
    // A placeholder holds the edit: no message received yet (nothing unread, nothing to triage, nothing said before).
    const early = await stored("m_edit_early");
    expect(early).toMatchObject({ text: "Finalement en bleu", original_text: null, edit_count: 1 });
    const conversation = () => w.server.db.db.selectFrom("conversations").select(["unread_count", "last_message_preview"]).where("id", "=", early.conversation_id).executeTakeFirstOrThrow();
    expect(await conversation()).toEqual({ unread_count: 0, last_message_preview: null });
    expect((await threadMessage("m_edit_early")).previousTexts).toEqual([]);
    await igMessage("1789000000003", "m_edit_early", "En rouge svp", t0);
    expect(await stored("m_edit_early")).toMatchObject({ id: early.id, text: "Finalement en bleu", original_text: "En rouge svp", edit_count: 1 });
    // Received now: unread, in the list with its edited text, at the time it was sent, and handed to triage once.
    expect(await conversation()).toEqual({ unread_count: 1, last_message_preview: "Finalement en bleu" });
    const at = await w.server.db.db.selectFrom("messages").select("platform_timestamp").where("id", "=", early.id).executeTakeFirstOrThrow();
    expect(at.platform_timestamp.getTime()).toBe(t0);
    await expect.poll(async () => (await w.server.db.db.selectFrom("message_batches").select("message_ids").where("conversation_id", "=", early.conversation_id).execute()).map((b) => b.message_ids), { timeout: 10_000, interval: 100 }).toEqual([[early.id]]);
    // Delivered again, the message changes nothing.
    await igMessage("1789000000003", "m_edit_early", "En rouge svp", t0);
    expect(await conversation()).toEqual({ unread_count: 1, last_message_preview: "Finalement en bleu" });
    const edit = await w.server.db.db.selectFrom("message_edits").select("message_id").where("platform_message_id", "=", "m_edit_early").executeTakeFirstOrThrow();
    expect(edit.message_id).toBe((await stored("m_edit_early")).id);
    expect((await threadMessage("m_edit_early")).previousTexts.map((p) => p.text)).toEqual(["En rouge svp"]);
  });

  it("keeps a message_edit not shaped as documented as an unknown event", async () => {
    await igPost({ ...party("1789000000004"), message_edit: { mid: "m_edit_bad", text: "x", num_edit: "deux" } });
    const unknown = await w.server.db.db.selectFrom("unknown_events").select(["reason", "field"]).where("reason", "=", "message_edit not as documented").execute();
    expect(unknown).toEqual([{ reason: "message_edit not as documented", field: "message_edit" }]);
  });
});

describe("an unsent message (Instagram is_deleted)", () => {
  it("hides the text and what it said before from the inbox, and keeps it for audit", async () => {
    await igMessage("1789000000005", "m_unsend_1", "mon numéro de carte est 4970…");
    await igEdit("1789000000005", "m_unsend_1", "mon numéro de carte est 4970 1234", 1);
    await igPost({ ...party("1789000000005"), message: { mid: "m_unsend_1", is_deleted: true } });
    expect(await stored("m_unsend_1")).toMatchObject({ text: null, unsent_text: "mon numéro de carte est 4970 1234", original_text: "mon numéro de carte est 4970…" });
    const m = await threadMessage("m_unsend_1");
    expect(m.deletedAt).not.toBeNull();
    expect(m.text).toBeNull();
    expect(m.previousTexts).toEqual([]);
  });

  it("edited, then unsent, before it arrives: the edit and what it said first are kept for audit only", async () => {
    const t0 = Date.now();
    await igPost({ ...party("1789000000007", t0 + 2_000), message: { mid: "m_unsend_edited_early", is_deleted: true } });
    await igEdit("1789000000007", "m_unsend_edited_early", "mon adresse : 3 rue …", 1, t0 + 1_000);
    await igMessage("1789000000007", "m_unsend_edited_early", "mon adresse", t0);
    expect(await stored("m_unsend_edited_early")).toMatchObject({ text: null, unsent_text: "mon adresse : 3 rue …", original_text: "mon adresse", edit_count: 1 });
    const m = await threadMessage("m_unsend_edited_early");
    expect(m).toMatchObject({ text: null, previousTexts: [] });
    expect(m.deletedAt).not.toBeNull();
    const conv = await w.server.db.db.selectFrom("conversations").select("unread_count").where("id", "=", (await stored("m_unsend_edited_early")).conversation_id).executeTakeFirstOrThrow();
    expect(conv.unread_count).toBe(0);
  });

  it("a message unsent before it arrives keeps its text for audit only", async () => {
    await igPost({ ...party("1789000000006"), message: { mid: "m_unsend_early", is_deleted: true } });
    await igMessage("1789000000006", "m_unsend_early", "oups");
    expect(await stored("m_unsend_early")).toMatchObject({ text: null, unsent_text: "oups" });
    expect((await threadMessage("m_unsend_early")).text).toBeNull();
  });
});

describe("WhatsApp edit and revoke (Coexistence numbers), from the fake as Meta sends them", () => {
  it("applies an edit, then a revoke", async () => {
    const from = "33650000001";
    const { id } = w.server.fake.control.customerMessage({ channel: "whatsapp", phoneNumberId: w.wa.phoneNumberId, from, text: "Livraison samedi ?" });
    await settle(w);
    w.server.fake.control.customerEditMessage({ channel: "whatsapp", phoneNumberId: w.wa.phoneNumberId, from, messageId: id, text: "Livraison dimanche ?" });
    await settle(w);
    expect(await stored(id)).toMatchObject({ text: "Livraison dimanche ?", original_text: "Livraison samedi ?", edit_count: 1 });
    w.server.fake.control.customerUnsendMessage({ channel: "whatsapp", phoneNumberId: w.wa.phoneNumberId, from, messageId: id });
    await settle(w);
    expect(await stored(id)).toMatchObject({ text: null, unsent_text: "Livraison dimanche ?" });
  });
});

describe("edits, unsends and triage", () => {
  const decisionsOf = (conversationId: string) => w.server.db.db.selectFrom("ai_decisions").select(["id", "triage"]).where("conversation_id", "=", conversationId).execute();
  const outboundOf = (conversationId: string) => w.server.db.db.selectFrom("outbound_messages").select(["id", "status"]).where("conversation_id", "=", conversationId).execute();

  it("a message edited before its burst is decided is triaged on its new text; edited after, it is not answered twice", async () => {
    const from = "1789000000010";
    // Both delivered at once: the edit may even be applied before its message.
    const { id: mid } = w.server.fake.control.customerMessage({ channel: "instagram", igUserId: w.ig.igUserId, from, text: "👍" });
    w.server.fake.control.customerEditMessage({ channel: "instagram", igUserId: w.ig.igUserId, from, mid, text: "Bonjour, quels sont vos horaires d'ouverture ?" });
    await settle(w);
    const { conversation_id: conv } = await stored(mid);
    await expect.poll(async () => (await decisionsOf(conv)).length, { timeout: 20_000, interval: 100 }).toBe(1);
    // Decided on the edited question (the 👍 alone is ignored by a deny rule), and answered.
    expect((await decisionsOf(conv))[0]!.triage).toBe("AUTO_REPLY");
    // Sent: from now on an edit is shown to the agent and decides nothing again (edit-retriage.test.ts: while queued).
    await expect.poll(async () => (await outboundOf(conv)).map((o) => o.status), { timeout: 10_000, interval: 100 }).toEqual(["sent"]);

    w.server.fake.control.customerEditMessage({ channel: "instagram", igUserId: w.ig.igUserId, from, mid, text: "Et le dimanche, vous êtes ouverts ?" });
    await settle(w);
    expect(await stored(mid)).toMatchObject({ text: "Et le dimanche, vous êtes ouverts ?", edit_count: 2 });
    // Longer than a burst window: no new batch, no new decision, no second reply.
    await new Promise((r) => setTimeout(r, 2_000));
    expect(await decisionsOf(conv)).toHaveLength(1);
    expect(await outboundOf(conv)).toHaveLength(1);
    expect(await w.server.db.db.selectFrom("message_batches").select("id").where("conversation_id", "=", conv).execute()).toHaveLength(1);
  });

  it("a message unsent after its burst was claimed, before it was decided, gets no decision and no reply", async () => {
    const from = "1789000000011";
    let unsent = false;
    w.onBatch.fn = async (b) => {
      if (unsent || !b.messages[0]?.platformMessageId) return;
      unsent = true;
      w.server.fake.control.customerUnsendMessage({ channel: "instagram", igUserId: w.ig.igUserId, from, mid: b.messages[0].platformMessageId });
      await settle(w);
    };
    try {
      const { id: mid } = w.server.fake.control.customerMessage({ channel: "instagram", igUserId: w.ig.igUserId, from, text: "Bonjour, quels sont vos horaires d'ouverture ?" });
      await settle(w);
      const { conversation_id: conv } = await stored(mid);
      await expect
        .poll(async () => (await w.server.db.db.selectFrom("message_batches").select("handed_off_at").where("conversation_id", "=", conv).executeTakeFirst())?.handed_off_at ?? null, {
          timeout: 20_000,
          interval: 100,
        })
        .not.toBeNull();
      expect(unsent).toBe(true);
      expect(await stored(mid)).toMatchObject({ text: null, unsent_text: "Bonjour, quels sont vos horaires d'ouverture ?" });
      expect(await decisionsOf(conv)).toEqual([]);
      expect(await outboundOf(conv)).toEqual([]);
    } finally {
      w.onBatch.fn = null;
    }
  });
});
