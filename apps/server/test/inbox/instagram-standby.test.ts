// Instagram's handover protocol (Messenger platform, Facebook Login): while another app (Meta's inbox, a chatbot)
// controls a customer's thread, Meta delivers their messages in `standby[]` (contract §1.6), and tells this app when
// the thread is taken or passed back (`messaging_handovers`). Signed webhooks over real HTTP from the fake Graph
// server, with the AI on, knowledge that answers the question and no takeover window, so nothing but thread control
// can stop an automatic reply: a standby message reaches the inbox, its conversation says who handles it, triage
// escalates it (`thread_other_app`) and nothing is sent; once the thread comes back, the same question is answered.
import { signBody } from "@sillage/connectors";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FAQ } from "../ai/seed";
import { TEST_META_APP_ID } from "../harness";
import { ok, settle, startInboxWorld, TEST_SECRETS, webhooksSubscribed, type InboxWorld } from "./world";

let w: InboxWorld;
let fb: { igUserId: string; channelId: string };
beforeAll(async () => {
  w = await startInboxWorld({ burstWindowSeconds: 1, triage: true });
  ok(await w.owner.mutation("knowledge.add", { title: "FAQ", text: FAQ }));
  ok(await w.owner.mutation("ai.control.set", { enabled: true }));
  await w.server.db.db.updateTable("workspaces").set({ human_takeover_hours: 0 }).where("id", "=", w.workspaceId).execute();
  // The fake names this app in handovers by the id the server runs as.
  w.server.fake.control.configureApps({ metaAppId: TEST_META_APP_ID });
  const acc = w.server.fake.control.createInstagramAccount({ variant: "facebook", humanAgent: true });
  const channel = ok<{ id: string }>(await w.owner.mutation("channels.connectInstagram", { accessToken: acc.token, variant: "facebook", humanAgent: true }));
  await webhooksSubscribed(w.server, [channel.id]);
  fb = { igUserId: acc.igUserId, channelId: channel.id };
}, 60_000);
afterAll(() => w.close());

const QUESTION = "Bonjour, quels sont vos horaires d'ouverture ?";
let seq = 0;
const customer = () => `17862${Date.now() % 1_000_000}${seq++}`;

const sentTo = (igsid: string) => w.server.fake.control.sentMessages({ channel: "instagram" }).filter((m) => m.to === igsid);
const conversationOf = async (igsid: string) =>
  (
    await w.server.db.db
      .selectFrom("conversations as c")
      .innerJoin("contacts as k", "k.id", "c.contact_id")
      .select("c.id")
      .where("k.platform_user_id", "=", igsid)
      .where("c.channel_id", "=", fb.channelId)
      .executeTakeFirstOrThrow()
  ).id;
const decisionsOf = async (conversationId: string) =>
  (await w.server.db.db.selectFrom("ai_decisions").select(["triage", "reason_code", "outcome"]).where("conversation_id", "=", conversationId).orderBy("created_at").execute()).map((d) => [d.triage, d.reason_code, d.outcome]);

interface Thread {
  conversation: { otherAppThread: boolean; needsPerson: boolean };
  messages: { platformMessageId: string | null; author: string; text: string | null; triage: string | null; context: { threadControl: string | null } }[];
}
const threadOf = async (conversationId: string) => ok<Thread>(await w.owner.query("inbox.messages", { conversationId }));

/** A body as Meta signs it for the Messenger platform (the app secret), posted over HTTP. */
async function deliver(body: unknown): Promise<void> {
  const raw = JSON.stringify(body);
  const res = await fetch(`${w.server.url}/webhooks/instagram`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-hub-signature-256": signBody(raw, TEST_SECRETS.metaAppSecret) },
    body: raw,
  });
  expect(res.status).toBe(200);
}

describe("Instagram messages delivered in standby (another app controls the thread)", () => {
  it("reach the inbox with a note and a handover notice, are escalated and never answered automatically; back with Sillage, the same question is answered", async () => {
    const igsid = customer();
    // Meta's inbox takes the thread: this app receives take_thread_control, then the customer's message in standby.
    w.server.fake.control.instagramThreadControl({ igUserId: fb.igUserId, from: igsid, to: "other_app" });
    w.server.fake.control.customerMessage({ channel: "instagram", igUserId: fb.igUserId, from: igsid, text: QUESTION });
    await settle(w);
    const conversationId = await conversationOf(igsid);
    await expect.poll(() => decisionsOf(conversationId), { timeout: 20_000 }).toEqual([["ESCALATE", "thread_other_app", "not_applicable"]]);

    const thread = await threadOf(conversationId);
    expect(thread.conversation.otherAppThread).toBe(true);
    expect(thread.messages.filter((m) => m.author === "customer").map((m) => [m.text, m.triage])).toEqual([[QUESTION, "ESCALATE"]]);
    expect(thread.messages.filter((m) => m.author === "system").map((m) => m.context.threadControl)).toEqual(["other_app"]);
    // Nothing went to Instagram, and the customer's message is not an unknown event any more.
    await new Promise((r) => setTimeout(r, 1_500));
    expect(sentTo(igsid)).toEqual([]);
    const unknown = await w.server.db.db.selectFrom("unknown_events").select("id").where("field", "=", "standby").where("workspace_id", "=", w.workspaceId).execute();
    expect(unknown).toEqual([]);

    // The other app passes the thread back: the note goes, and the customer's next question is answered.
    w.server.fake.control.instagramThreadControl({ igUserId: fb.igUserId, from: igsid, to: "this_app" });
    await settle(w);
    expect((await threadOf(conversationId)).conversation.otherAppThread).toBe(false);
    w.server.fake.control.customerMessage({ channel: "instagram", igUserId: fb.igUserId, from: igsid, text: QUESTION });
    await settle(w);
    await expect.poll(() => decisionsOf(conversationId), { timeout: 20_000 }).toEqual([
      ["ESCALATE", "thread_other_app", "not_applicable"],
      ["AUTO_REPLY", "auto_reply", "sent"],
    ]);
    expect(sentTo(igsid)).toHaveLength(1);
  }, 60_000);

  it("a message from a thread the customer opened in standby: stored once however often Meta delivers it, never answered", async () => {
    const igsid = customer();
    const at = Date.now();
    const body = {
      object: "instagram",
      entry: [{ id: fb.igUserId, time: at, standby: [{ sender: { id: igsid }, recipient: { id: fb.igUserId }, timestamp: at, message: { mid: `${igsid}-standby`, text: QUESTION } }] }],
    };
    await deliver(body);
    await deliver(body);
    await settle(w);
    const conversationId = await conversationOf(igsid);
    await expect.poll(() => decisionsOf(conversationId), { timeout: 20_000 }).toEqual([["ESCALATE", "thread_other_app", "not_applicable"]]);
    await deliver(body);
    await settle(w);
    const rows = await w.server.db.db.selectFrom("messages").select("id").where("conversation_id", "=", conversationId).execute();
    expect(rows).toHaveLength(1);
    expect((await threadOf(conversationId)).conversation).toMatchObject({ otherAppThread: true, needsPerson: true });
    await new Promise((r) => setTimeout(r, 1_500));
    expect(await decisionsOf(conversationId)).toHaveLength(1);
    expect(sentTo(igsid)).toEqual([]);
  }, 60_000);

  it("an automatic reply still queued when another app takes the thread never goes out", async () => {
    const igsid = customer();
    // Instagram refuses our sends for now (transient): the automatic reply waits in the queue for its next attempt.
    w.server.fake.control.injectFault({ kind: "transient", match: { operation: "instagram.send" }, times: 10_000 });
    let conversationId: string;
    const outbox = () => w.server.db.db.selectFrom("outbound_messages").select(["status"]).where("conversation_id", "=", conversationId).execute();
    try {
      w.server.fake.control.customerMessage({ channel: "instagram", igUserId: fb.igUserId, from: igsid, text: QUESTION });
      await settle(w);
      conversationId = await conversationOf(igsid);
      await expect.poll(() => decisionsOf(conversationId), { timeout: 20_000 }).toEqual([["AUTO_REPLY", "auto_reply", "pending"]]);
      await expect.poll(async () => (await outbox()).map((o) => o.status), { timeout: 20_000 }).toEqual(["queued"]);
      // Meanwhile Meta's inbox takes the thread.
      w.server.fake.control.instagramThreadControl({ igUserId: fb.igUserId, from: igsid, to: "other_app" });
      await settle(w);
    } finally {
      w.server.fake.control.clearFaults();
    }
    // The send job's next attempt finds the thread another app's: blocked, not sent.
    await expect.poll(async () => (await outbox()).map((o) => o.status), { timeout: 20_000 }).toEqual(["blocked"]);
    expect(await decisionsOf(conversationId)).toEqual([["AUTO_REPLY", "auto_reply", "suppressed_human"]]);
    expect(sentTo(igsid)).toEqual([]);
  }, 60_000);

  it("a message outside standby on the same account is answered automatically", async () => {
    const igsid = customer();
    w.server.fake.control.customerMessage({ channel: "instagram", igUserId: fb.igUserId, from: igsid, text: QUESTION });
    await settle(w);
    const conversationId = await conversationOf(igsid);
    await expect.poll(() => decisionsOf(conversationId), { timeout: 20_000 }).toEqual([["AUTO_REPLY", "auto_reply", "sent"]]);
    expect((await threadOf(conversationId)).conversation.otherAppThread).toBe(false);
    expect(sentTo(igsid)).toHaveLength(1);
  }, 60_000);
});
