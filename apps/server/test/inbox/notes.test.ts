/**
 * Internal notes (issue 13): a member writes a note on a conversation for the team. It never reaches the customer
 * (nothing in the outbox, nothing at the fake Graph API), it shows in the thread's notes with its author, and the
 * members it @mentions — members of the workspace only — are told live and see the conversation marked.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApiSession, tokenClient } from "../harness";
import { ok, settle, startInboxWorld, type InboxWorld } from "./world";

const PHONE = "33680000001";

let w: InboxWorld;
let conversationId: string;
let agent: ApiSession;
let agentId: string;
let ownerId: string;

beforeAll(async () => {
  w = await startInboxWorld({ burstWindowSeconds: 1 });
  w.server.fake.control.customerMessage({ channel: "whatsapp", phoneNumberId: w.wa.phoneNumberId, from: PHONE, text: "Ma commande n'est pas arrivée" });
  await w.server.fake.control.flushWebhooks();
  // expect.poll only runs inside a test: the conversation is awaited by hand.
  for (let tries = 0; !conversationId; tries++) {
    if (tries > 150) throw new Error("the customer's message never made a conversation");
    await new Promise((r) => setTimeout(r, 100));
    const row = await w.server.db.db
      .selectFrom("conversations")
      .innerJoin("contacts", "contacts.id", "conversations.contact_id")
      .select("conversations.id")
      .where("contacts.platform_user_id", "=", PHONE)
      .executeTakeFirst();
    conversationId = row?.id ?? "";
  }
  const inv = ok<{ token: string }>(await w.owner.mutation("workspace.invite", { role: "agent" }));
  agent = new ApiSession(w.server.url);
  ok(await agent.mutation("auth.signup", { email: "camille@example.com", name: "Camille", password: "camille's password", invitationToken: inv.token }));
  agent.workspaceId = w.workspaceId;
  agentId = ok<{ user: { id: string } }>(await agent.query("auth.me")).user.id;
  ownerId = ok<{ user: { id: string } }>(await w.owner.query("auth.me")).user.id;
}, 60_000);
afterAll(() => w.close());

interface Note {
  id: string;
  text: string;
  authorUserId: string | null;
  authorName: string | null;
  mentions: { userId: string; name: string | null }[];
}

const sentToCustomer = () => w.server.fake.control.sentMessages({ channel: "whatsapp" }).filter((m) => m.to === PHONE);
const outboxRows = () => w.server.db.db.selectFrom("outbound_messages").select("id").where("conversation_id", "=", conversationId).execute();
const threadMessages = async () => ok<{ messages: { text: string | null }[] }>(await w.owner.query("inbox.messages", { conversationId })).messages;

describe("internal notes", () => {
  it("a note with a mention is stored for the team, never sent, and tells the mentioned member live", async () => {
    const { client } = await tokenClient(w.server, w.owner, "notes-listener");
    const events: { type: string; payload: unknown }[] = [];
    const sub = client.inbox.onEvent.subscribe(undefined, { onData: (e) => events.push({ type: e.data.type, payload: e.data.payload }) });
    // The stream is live once an event raised after subscribing arrives: a fixed wait is too short on a loaded machine.
    await expect
      .poll(async () => (ok(await w.owner.mutation("inbox.markRead", { conversationId })), events.length), { timeout: 10_000, interval: 250 })
      .toBeGreaterThan(0);
    events.length = 0;
    const before = await threadMessages();

    const note = ok<{ id: string; mentionedUserIds: string[] }>(
      await w.owner.mutation("notes.add", { conversationId, text: "@Camille peux-tu vérifier le suivi ?", mentionedUserIds: [agentId, agentId] }),
    );
    expect(note.mentionedUserIds).toEqual([agentId]);

    const notes = ok<Note[]>(await agent.query("notes.list", { conversationId }));
    expect(notes).toEqual([
      expect.objectContaining({ id: note.id, text: "@Camille peux-tu vérifier le suivi ?", authorUserId: ownerId, mentions: [{ userId: agentId, name: "Camille" }] }),
    ]);
    await expect
      .poll(() => events, { timeout: 5000 })
      .toEqual(
        expect.arrayContaining([
          { type: "inbox.note", payload: { conversationId, noteId: note.id } },
          { type: "inbox.mention", payload: { conversationId, noteId: note.id, mentionedUserIds: [agentId] } },
        ]),
      );
    sub.unsubscribe();

    // Never sent: no outbox row, nothing at the fake Graph API, the thread's messages unchanged.
    await settle(w);
    await new Promise((r) => setTimeout(r, 500));
    expect(await outboxRows()).toEqual([]);
    expect(sentToCustomer()).toEqual([]);
    expect(await threadMessages()).toEqual(before);
  });

  it("the mentioned member's list marks the conversation; the author's does not", async () => {
    expect(ok<{ conversationId: string }[]>(await agent.query("notes.mentions"))).toEqual([{ conversationId, mentionedAt: expect.any(String) }]);
    expect(ok<unknown[]>(await w.owner.query("notes.mentions"))).toEqual([]);
  });

  it("mentions only members of the workspace", async () => {
    const outsider = await ApiSession.signup(w.server.url, { email: "outsider@example.com" });
    const outsiderId = ok<{ user: { id: string } }>(await outsider.query("auth.me")).user.id;
    for (const stranger of [outsiderId, "5f0c6a43-36a6-4f57-9d6a-0f4b6c2e9d11"]) {
      const res = await w.owner.mutation("notes.add", { conversationId, text: "@quelqu'un", mentionedUserIds: [agentId, stranger] });
      expect(res).toMatchObject({ ok: false, code: "BAD_REQUEST", data: { fieldErrors: { "mentionedUserIds.1": ["Not a member of this workspace"] } } });
    }
    expect(await w.owner.mutation("notes.add", { conversationId, text: "   " })).toMatchObject({ ok: false, code: "BAD_REQUEST" });
    expect(ok<Note[]>(await w.owner.query("notes.list", { conversationId }))).toHaveLength(1);
  });

  it("a note without mention is kept in order; an agent's reply still goes out (the fake sees sends)", async () => {
    ok(await agent.mutation("notes.add", { conversationId, text: "Colis relancé auprès du transporteur" }));
    const notes = ok<Note[]>(await w.owner.query("notes.list", { conversationId }));
    expect(notes.map((n) => [n.text, n.authorName])).toEqual([
      ["@Camille peux-tu vérifier le suivi ?", expect.any(String)],
      ["Colis relancé auprès du transporteur", "Camille"],
    ]);
    ok(await agent.mutation("inbox.reply", { conversationId, text: "Votre colis arrive demain." }));
    await expect.poll(() => sentToCustomer().map((m) => JSON.stringify(m)), { timeout: 10_000 }).toEqual([expect.stringContaining("Votre colis arrive demain.")]);
  });

  it("a resolved conversation no longer marks the mentioned member's list", async () => {
    ok(await w.owner.mutation("inbox.resolve", { conversationId }));
    expect(ok<unknown[]>(await agent.query("notes.mentions"))).toEqual([]);
  });
});
