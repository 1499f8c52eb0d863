/**
 * Labels and snooze (issue 13): admins manage the workspace's labels, agents put them on conversations and filter the
 * list by them; a snoozed conversation leaves the list until its time passes (the request's clock, no job) or the
 * customer writes again.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApiSession } from "../harness";
import { ok, settle, startInboxWorld, type InboxWorld } from "./world";

let w: InboxWorld;
/** An API token with the agent role. */
let agent: { mutation: (p: string, i?: unknown) => ReturnType<ApiSession["mutation"]> };
beforeAll(async () => {
  w = await startInboxWorld();
  const { token } = ok<{ token: string }>(await w.owner.mutation("apiTokens.create", { name: "agent", role: "agent" }));
  const session = new ApiSession(w.server.url);
  const auth = { authorization: `Bearer ${token}` };
  agent = { mutation: (p, i) => session.mutation(p, i, auth) };
});
afterAll(() => w.close());

interface Label {
  id: string;
  name: string;
  colour: string;
}
interface ListItem {
  id: string;
  labels: Label[];
  snoozedUntil: string | Date | null;
}
const list = async (filters: Record<string, unknown> = {}) => ok<{ items: ListItem[] }>(await w.owner.query("inbox.conversations", filters)).items;
const ids = async (filters: Record<string, unknown> = {}) => (await list(filters)).map((c) => c.id);

async function customerWrites(phone: string, text: string): Promise<string> {
  w.server.fake.control.customerMessage({ channel: "whatsapp", phoneNumberId: w.wa.phoneNumberId, from: phone, text });
  await settle(w);
  const row = await w.server.db.db
    .selectFrom("conversations")
    .innerJoin("contacts", "contacts.id", "conversations.contact_id")
    .select("conversations.id")
    .where("contacts.platform_user_id", "=", phone)
    .executeTakeFirstOrThrow();
  return row.id;
}

describe("labels", () => {
  let vip: Label;
  let refund: Label;
  let anna: string;
  let bruno: string;

  it("admins create, rename and recolour labels; names are unique whatever their case", async () => {
    vip = ok<Label>(await w.owner.mutation("labels.create", { name: "VIP", colour: "#1F9D55" }));
    expect(vip).toMatchObject({ name: "VIP", colour: "#1f9d55" });
    refund = ok<Label>(await w.owner.mutation("labels.create", { name: "Refund", colour: "#aa0000" }));
    expect(await w.owner.mutation("labels.create", { name: "vip", colour: "#000000" })).toMatchObject({ ok: false, code: "CONFLICT" });
    expect(await w.owner.mutation("labels.create", { name: "Bad", colour: "red" })).toMatchObject({ ok: false, code: "BAD_REQUEST" });
    expect(ok(await w.owner.mutation("labels.update", { id: refund.id, name: "Refunds", colour: "#CC0000" }))).toEqual({ id: refund.id, name: "Refunds", colour: "#cc0000" });
    expect(await w.owner.mutation("labels.update", { id: refund.id, name: "VIP" })).toMatchObject({ ok: false, code: "CONFLICT" });
    expect(ok<Label[]>(await w.owner.query("labels.list")).map((l) => l.name)).toEqual(["Refunds", "VIP"]);
  });

  it("agents put labels on conversations, but cannot manage them", async () => {
    expect(await agent.mutation("labels.create", { name: "Mine", colour: "#123456" })).toMatchObject({ ok: false, code: "FORBIDDEN" });
    expect(await agent.mutation("labels.update", { id: vip.id, name: "Not VIP" })).toMatchObject({ ok: false, code: "FORBIDDEN" });
    expect(await agent.mutation("labels.delete", { id: vip.id })).toMatchObject({ ok: false, code: "FORBIDDEN" });

    anna = await customerWrites("33680000001", "Bonjour, c'est Anna");
    bruno = await customerWrites("33680000002", "Bonjour, c'est Bruno");
    const put = ok<{ labels: Label[] }>(await agent.mutation("labels.setOnConversation", { conversationId: anna, labelId: vip.id, on: true }));
    expect(put.labels.map((l) => l.name)).toEqual(["VIP"]);
    // Idempotent: putting it on twice keeps one.
    ok(await agent.mutation("labels.setOnConversation", { conversationId: anna, labelId: vip.id, on: true }));
    ok(await agent.mutation("labels.setOnConversation", { conversationId: anna, labelId: refund.id, on: true }));
    ok(await agent.mutation("labels.setOnConversation", { conversationId: bruno, labelId: refund.id, on: true }));
  });

  it("list rows and the thread header show the labels; the list filters by one", async () => {
    const rows = await list();
    expect(rows.find((c) => c.id === anna)!.labels.map((l) => l.name)).toEqual(["Refunds", "VIP"]);
    expect(rows.find((c) => c.id === bruno)!.labels.map((l) => l.name)).toEqual(["Refunds"]);
    const thread = ok<{ conversation: { labels: Label[] } }>(await w.owner.query("inbox.messages", { conversationId: anna }));
    expect(thread.conversation.labels).toEqual([
      { id: refund.id, name: "Refunds", colour: "#cc0000" },
      { id: vip.id, name: "VIP", colour: "#1f9d55" },
    ]);
    expect(await ids({ labelId: vip.id })).toEqual([anna]);
    expect((await ids({ labelId: refund.id })).sort()).toEqual([anna, bruno].sort());
  });

  it("taking a label off, and deleting a label, take it off the conversations", async () => {
    ok(await w.owner.mutation("labels.setOnConversation", { conversationId: anna, labelId: refund.id, on: false }));
    expect(await ids({ labelId: refund.id })).toEqual([bruno]);
    expect(ok(await w.owner.mutation("labels.delete", { id: vip.id }))).toEqual({ id: vip.id, deleted: true });
    expect((await list()).find((c) => c.id === anna)!.labels).toEqual([]);
    expect(await ids({ labelId: vip.id })).toEqual([]);
    expect(await w.owner.mutation("labels.setOnConversation", { conversationId: anna, labelId: vip.id, on: true })).toMatchObject({ ok: false, code: "NOT_FOUND" });
  });
});

describe("snooze", () => {
  let chloe: string;
  let david: string;
  let until: Date;

  it("a snoozed conversation leaves the list and shows under the Snoozed filter", async () => {
    chloe = await customerWrites("33680000003", "Bonjour, c'est Chloé");
    david = await customerWrites("33680000004", "Bonjour, c'est David");
    until = new Date(w.server.clock.now().getTime() + 2 * 3_600_000);
    expect(await w.owner.mutation("inbox.snooze", { conversationId: chloe, until: new Date(w.server.clock.now().getTime() - 1000) })).toMatchObject({ ok: false, code: "BAD_REQUEST" });
    ok(await w.owner.mutation("inbox.snooze", { conversationId: chloe, until }));
    ok(await w.owner.mutation("inbox.snooze", { conversationId: david, until }));
    const open = await ids({ status: "open" });
    expect(open).not.toContain(chloe);
    expect(open).not.toContain(david);
    const snoozed = await list({ snoozed: true });
    expect(snoozed.map((c) => c.id).sort()).toEqual([chloe, david].sort());
    expect(new Date(snoozed[0]!.snoozedUntil!).getTime()).toBe(until.getTime());
  });

  it("a new customer message wakes the conversation at once", async () => {
    await customerWrites("33680000003", "Vous êtes là ?");
    expect(await ids({ status: "open" })).toContain(chloe);
    expect(await ids({ snoozed: true })).toEqual([david]);
    const thread = ok<{ conversation: { snoozedUntil: unknown } }>(await w.owner.query("inbox.messages", { conversationId: chloe }));
    expect(thread.conversation.snoozedUntil).toBeNull();
  });

  it("the conversation comes back when its time passes", async () => {
    // The test clock runs on from what it is set to: a minute before, then a second after.
    w.server.clock.set(new Date(until.getTime() - 60_000));
    expect(await ids({ status: "open" })).not.toContain(david);
    w.server.clock.set(new Date(until.getTime() + 1000));
    expect(await ids({ status: "open" })).toContain(david);
    expect(await ids({ snoozed: true })).toEqual([]);
    expect((await list()).find((c) => c.id === david)!.snoozedUntil).toBeNull();
  });

  it("an agent can wake a conversation by hand", async () => {
    ok(await agent.mutation("inbox.snooze", { conversationId: chloe, until: new Date(w.server.clock.now().getTime() + 60_000) }));
    expect(await ids({ snoozed: true })).toEqual([chloe]);
    ok(await agent.mutation("inbox.snooze", { conversationId: chloe, until: null }));
    expect(await ids({ snoozed: true })).toEqual([]);
  });
});
