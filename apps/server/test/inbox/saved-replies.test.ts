/**
 * Saved replies (issue 13): admins write a workspace's canned answers, every member inserts them from the reply box,
 * their variables filled from the conversation's customer, the agent and the shop; an unknown value leaves the
 * variable out cleanly.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApiSession } from "../harness";
import { ok, settle, startInboxWorld, type InboxWorld } from "./world";

let w: InboxWorld;
let agent: ApiSession;
beforeAll(async () => {
  w = await startInboxWorld();
  await w.server.db.db.updateTable("users").set({ name: "Léa Dubois" }).where("email", "like", "owner-%").execute();
  const inv = ok<{ token: string }>(await w.owner.mutation("workspace.invite", { role: "agent" }));
  agent = new ApiSession(w.server.url);
  ok(await agent.mutation("auth.signup", { email: "agent@example.com", name: "Hugo", password: "agent password 1", invitationToken: inv.token }));
  agent.workspaceId = w.workspaceId;
});
afterAll(() => w.close());

interface SavedReply {
  id: string;
  title: string;
  shortcut: string;
  body: string;
  text?: string;
}

const LIVRAISON = { title: "Délai de livraison", shortcut: "/Livraison", body: "Bonjour {{prenom}}, votre colis part sous 48 h. {{agent}}, {{boutique}}" };

async function conversationOf(phone: string, name: string): Promise<string> {
  w.server.fake.control.customerMessage({ channel: "whatsapp", phoneNumberId: w.wa.phoneNumberId, from: phone, name, text: "Où est ma commande ?" });
  await settle(w);
  const row = await w.server.db.db
    .selectFrom("conversations")
    .innerJoin("contacts", "contacts.id", "conversations.contact_id")
    .select("conversations.id")
    .where("contacts.platform_user_id", "=", phone)
    .executeTakeFirstOrThrow();
  return row.id;
}

describe("saved replies", () => {
  it("admins create, edit and remove them; shortcuts are unique per workspace and variables checked", async () => {
    const created = ok<SavedReply>(await w.owner.mutation("savedReplies.create", LIVRAISON));
    expect(created).toMatchObject({ title: "Délai de livraison", shortcut: "livraison", body: LIVRAISON.body });

    const taken = await w.owner.mutation("savedReplies.create", { ...LIVRAISON, title: "Autre", shortcut: "LIVRAISON" });
    expect(taken).toMatchObject({ ok: false, code: "BAD_REQUEST" });
    if (!taken.ok) expect(taken.data.fieldErrors).toMatchObject({ shortcut: [expect.stringContaining("already uses")] });

    const typo = await w.owner.mutation("savedReplies.create", { title: "Typo", shortcut: "typo", body: "Bonjour {{prenon}}" });
    expect(typo).toMatchObject({ ok: false, code: "BAD_REQUEST" });
    if (!typo.ok) expect(typo.data.fieldErrors).toMatchObject({ body: [expect.stringContaining("{{prenon}}")] });
    expect(await w.owner.mutation("savedReplies.create", { title: "Espace", shortcut: "mot clé", body: "x" })).toMatchObject({ ok: false, code: "BAD_REQUEST" });

    const retour = ok<SavedReply>(await w.owner.mutation("savedReplies.create", { title: "Retours", shortcut: "retour", body: "Hi {{first_name}}, returns are free." }));
    const edited = ok<SavedReply>(await w.owner.mutation("savedReplies.update", { id: retour.id, title: "Retours gratuits", shortcut: "retours", body: "Hi {{first_name}}! Returns are free for 30 days." }));
    expect(edited).toMatchObject({ id: retour.id, title: "Retours gratuits", shortcut: "retours" });
    expect(await w.owner.mutation("savedReplies.update", { id: retour.id, ...LIVRAISON, shortcut: "livraison" })).toMatchObject({ ok: false, code: "BAD_REQUEST" });

    expect(ok<SavedReply[]>(await w.owner.query("savedReplies.list")).map((r) => r.shortcut)).toEqual(["livraison", "retours"]);
    expect(ok(await w.owner.mutation("savedReplies.remove", { id: retour.id }))).toEqual({ id: retour.id, removed: true });
    expect(await w.owner.mutation("savedReplies.remove", { id: retour.id })).toMatchObject({ ok: false, code: "NOT_FOUND" });
    expect(ok<SavedReply[]>(await w.owner.query("savedReplies.list")).map((r) => r.shortcut)).toEqual(["livraison"]);
  });

  it("agents use them but cannot change them", async () => {
    const [reply] = ok<SavedReply[]>(await agent.query("savedReplies.list"));
    expect(reply).toMatchObject({ shortcut: "livraison" });
    expect(await agent.mutation("savedReplies.create", { title: "Mine", shortcut: "mine", body: "x" })).toMatchObject({ ok: false, code: "FORBIDDEN" });
    expect(await agent.mutation("savedReplies.update", { id: reply!.id, title: "Mine", shortcut: "mine", body: "x" })).toMatchObject({ ok: false, code: "FORBIDDEN" });
    expect(await agent.mutation("savedReplies.remove", { id: reply!.id })).toMatchObject({ ok: false, code: "FORBIDDEN" });
    expect(ok<SavedReply[]>(await w.owner.query("savedReplies.list"))).toEqual([reply]);
  });

  it("fills the variables from the conversation's customer, the agent and the shop, leaving unknown ones out", async () => {
    const camille = await conversationOf("33611110001", "Camille Martin");
    const [forOwner] = ok<SavedReply[]>(await w.owner.query("savedReplies.forConversation", { conversationId: camille }));
    expect(forOwner!.text).toBe("Bonjour Camille, votre colis part sous 48 h. Léa Dubois, Inbox shop");
    const [forAgent] = ok<SavedReply[]>(await agent.query("savedReplies.forConversation", { conversationId: camille }));
    expect(forAgent!.text).toBe("Bonjour Camille, votre colis part sous 48 h. Hugo, Inbox shop");

    // A customer whose name the platform did not give: no "Bonjour {{prenom}}", no "Bonjour ,".
    const nameless = await conversationOf("33611110002", "Someone");
    await w.server.db.db
      .updateTable("contacts")
      .set({ display_name: null })
      .where("id", "=", (eb) => eb.selectFrom("conversations").select("contact_id").where("id", "=", nameless))
      .execute();
    const [filled] = ok<SavedReply[]>(await agent.query("savedReplies.forConversation", { conversationId: nameless }));
    expect(filled!.text).toBe("Bonjour, votre colis part sous 48 h. Hugo, Inbox shop");

    expect(await agent.query("savedReplies.forConversation", { conversationId: "00000000-0000-4000-8000-000000000000" })).toMatchObject({ ok: false, code: "NOT_FOUND" });
  });
});
