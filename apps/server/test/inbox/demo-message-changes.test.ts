/**
 * The demo simulator's customer edits and unsends (`demo.simulateMessageChange`): the fake sends Meta's webhook
 * (WhatsApp `edit` / `revoke`, Instagram `message_edit` / `is_deleted`), which comes back signed over HTTP into the
 * thread; only a customer message of the caller's workspace, and only in demo mode.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApiSession, startTestServer } from "../harness";
import { ok, settle, startInboxWorld, type InboxWorld } from "./world";

let w: InboxWorld;
beforeAll(async () => {
  w = await startInboxWorld({ demo: true });
});
afterAll(() => w.close());

interface ThreadMessage {
  id: string;
  text: string | null;
  deletedAt: string | null;
  editCount: number;
  previousTexts: { text: string | null }[];
}

async function stored(platformMessageId: string) {
  return w.server.db.db.selectFrom("messages").select(["id", "conversation_id"]).where("platform_message_id", "=", platformMessageId).executeTakeFirstOrThrow();
}

async function threadMessage(platformMessageId: string): Promise<ThreadMessage> {
  const row = await stored(platformMessageId);
  const thread = ok<{ messages: ThreadMessage[] }>(await w.owner.query("inbox.messages", { conversationId: row.conversation_id }));
  return thread.messages.find((m) => m.id === row.id)!;
}

type CustomerMessage = Parameters<InboxWorld["server"]["fake"]["control"]["customerMessage"]>[0];

/** A customer writes through the fake; once stored: the message's id in Sillage and on the platform. */
async function customerWrites(message: CustomerMessage) {
  const { id: platformId } = w.server.fake.control.customerMessage(message);
  await settle(w);
  return { id: (await stored(platformId)).id, platformId };
}

/** The shop owner plays the customer changing a message: the thread's message once the webhook came back. */
async function simulateChange(platformId: string, input: { kind: "edit"; messageId: string; text: string } | { kind: "unsend"; messageId: string }) {
  ok(await w.owner.mutation("demo.simulateMessageChange", input));
  await settle(w);
  return threadMessage(platformId);
}

describe("demo.simulateMessageChange", () => {
  it("a WhatsApp customer's message is edited, then unsent, through the webhook path", async () => {
    const { id, platformId } = await customerWrites({ channel: "whatsapp", phoneNumberId: w.wa.phoneNumberId, from: "33650001001", text: "Livraison samedi ?" });
    const edited = await simulateChange(platformId, { kind: "edit", messageId: id, text: "Livraison dimanche ?" });
    expect(edited).toMatchObject({ text: "Livraison dimanche ?", editCount: 1, deletedAt: null, previousTexts: [{ text: "Livraison samedi ?" }] });
    const unsent = await simulateChange(platformId, { kind: "unsend", messageId: id });
    expect(unsent.text).toBeNull();
    expect(unsent.deletedAt).not.toBeNull();
    // As Meta sends them (WhatsApp Coexistence): an `edit`, then a `revoke`, accepted by the signed webhook route.
    const waDeliveries = w.server.fake.control.deliveries().filter((d) => d.product === "whatsapp");
    expect(waDeliveries.at(-1)!.body).toContain('"revoke"');
    expect(waDeliveries.at(-2)!.body).toContain('"edit"');
  });

  it("an Instagram customer's message is edited, then unsent; an unsent message can no longer be changed", async () => {
    const { id, platformId } = await customerWrites({ channel: "instagram", igUserId: w.ig.igUserId, from: "1789000001001", text: "Vous avez la taille M ?" });
    expect(await simulateChange(platformId, { kind: "edit", messageId: id, text: "Vous avez la taille L ?" })).toMatchObject({ text: "Vous avez la taille L ?", editCount: 1, deletedAt: null });
    expect(await simulateChange(platformId, { kind: "unsend", messageId: id })).toMatchObject({ text: null, previousTexts: [] });
    expect(await w.owner.mutation("demo.simulateMessageChange", { kind: "edit", messageId: id, text: "encore" })).toMatchObject({
      ok: false,
      code: "NOT_FOUND",
      data: { appError: { code: "message_not_found" } },
    });
  });

  it("a message of another workspace, or the shop's own reply, is NOT_FOUND and nothing is sent", async () => {
    const { id, platformId: wamid } = await customerWrites({ channel: "whatsapp", phoneNumberId: w.wa.phoneNumberId, from: "33650001002", text: "Bonjour" });
    const { conversation_id } = await stored(wamid);
    // The shop's own reply is not the customer's to change.
    ok(await w.owner.mutation("inbox.reply", { conversationId: conversation_id, text: "Bonjour !" }));
    const shopReply = () => w.server.db.db.selectFrom("messages").select("id").where("conversation_id", "=", conversation_id).where("direction", "=", "out").executeTakeFirst();
    await expect.poll(shopReply, { timeout: 10_000 }).toBeDefined();
    const reply = (await shopReply())!;
    const changesSent = async () => {
      await w.server.fake.control.flushWebhooks();
      return w.server.fake.control.deliveries().filter((d) => /"(edit|revoke)"/.test(d.body) && d.body.includes(wamid)).length;
    };

    const other = await ApiSession.signup(w.server.url, { email: `other-${Math.random().toString(36).slice(2)}@example.com` });
    for (const kind of ["edit", "unsend"] as const) {
      const res = await other.mutation("demo.simulateMessageChange", { kind, messageId: id, ...(kind === "edit" ? { text: "piraté" } : {}) });
      expect(res).toMatchObject({ ok: false, code: "NOT_FOUND", data: { appError: { code: "message_not_found" } } });
    }
    expect(await w.owner.mutation("demo.simulateMessageChange", { kind: "unsend", messageId: reply.id })).toMatchObject({ ok: false, code: "NOT_FOUND" });
    expect(await changesSent()).toBe(0);
    expect(await threadMessage(wamid)).toMatchObject({ text: "Bonjour", editCount: 0, deletedAt: null });
    // The same call by the shop itself does reach the fake: the refusals above were about whose message it is.
    ok(await w.owner.mutation("demo.simulateMessageChange", { kind: "unsend", messageId: id }));
    expect(await changesSent()).toBe(1);
  });

  it("a voice note has no text to edit, and can be unsent", async () => {
    const { id, platformId } = await customerWrites({ channel: "whatsapp", phoneNumberId: w.wa.phoneNumberId, from: "33650001003", media: { kind: "audio", mimeType: "audio/ogg", voice: true } });
    expect(await w.owner.mutation("demo.simulateMessageChange", { kind: "edit", messageId: id, text: "Bonjour" })).toMatchObject({
      ok: false,
      code: "PRECONDITION_FAILED",
      data: { appError: { code: "demo_edit_text_only" } },
    });
    expect((await simulateChange(platformId, { kind: "unsend", messageId: id })).deletedAt).not.toBeNull();
  });

  it("does not exist outside demo mode", async () => {
    const off = await startTestServer();
    try {
      const owner = await ApiSession.signup(off.url, { email: "owner@example.com" });
      const res = await owner.mutation("demo.simulateMessageChange", { kind: "unsend", messageId: "00000000-0000-4000-8000-000000000000" });
      expect(res).toMatchObject({ ok: false, code: "NOT_FOUND", data: { appError: { code: "demo_off" } } });
    } finally {
      await off.close();
    }
  });
});
