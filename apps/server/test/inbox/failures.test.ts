import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApiSession } from "../harness";
import { ok, settle, startInboxWorld, type InboxWorld } from "./world";

let w: InboxWorld;
beforeAll(async () => {
  w = await startInboxWorld();
}, 60_000);
afterAll(() => w.close());

type Failures = {
  publications: { id: string; postId: string }[];
  replies: { id: string; errorClass: string | null; errorMessage: string | null; channelName: string | null }[];
};

describe("the failures page (failed publications and replies, with retry)", () => {
  it("lists a reply the platform refused, sends it again on retry, and refuses agents and replies that are not failed", async () => {
    const inbound = w.server.fake.control.customerMessage({ channel: "whatsapp", phoneNumberId: w.wa.phoneNumberId, from: "33700000901", text: "Bonjour" });
    await settle(w);
    const m = await w.server.db.db.selectFrom("messages").select("conversation_id").where("platform_message_id", "=", inbound.id).executeTakeFirstOrThrow();
    // Meta refuses the send for good (a permanent error): the reply fails, visibly.
    w.server.fake.control.injectFault({ kind: "permanent", match: { operation: "whatsapp.send" } });
    const sent = ok<{ outboundId: string; messageId: string }>(await w.owner.mutation("inbox.reply", { conversationId: m.conversation_id, text: "Oui, ouvert." }));
    await settle(w);
    await expect
      .poll(async () => (await w.server.db.db.selectFrom("outbound_messages").select("status").where("id", "=", sent.outboundId).executeTakeFirstOrThrow()).status, { timeout: 15_000 })
      .toBe("failed");

    const listed = ok<Failures>(await w.owner.query("failures.list"));
    const reply = listed.replies.find((r) => r.id === sent.outboundId)!;
    expect(reply).toMatchObject({ channelName: expect.any(String), errorMessage: expect.any(String) });
    expect(JSON.stringify(listed)).not.toContain("Oui, ouvert.");

    // An agent of the workspace does not see the page's data.
    const invite = ok<{ token: string }>(await w.owner.mutation("workspace.invite", { email: "agent-failures@example.com", role: "agent" }));
    const agent = await ApiSession.signup(w.server.url, { email: "agent-failures@example.com" });
    ok(await agent.mutation("workspace.acceptInvitation", { token: invite.token }));
    agent.workspaceId = w.workspaceId;
    expect(await agent.query("failures.list")).toMatchObject({ ok: false, code: "FORBIDDEN" });
    expect(await agent.mutation("failures.retryReply", { id: sent.outboundId })).toMatchObject({ ok: false, code: "FORBIDDEN" });

    const before = w.server.fake.control.sentMessages({ channel: "whatsapp" }).length;
    expect(ok(await w.owner.mutation("failures.retryReply", { id: sent.outboundId }))).toEqual({ result: "queued" });
    await settle(w);
    await expect
      .poll(async () => (await w.server.db.db.selectFrom("outbound_messages").select("status").where("id", "=", sent.outboundId).executeTakeFirstOrThrow()).status, { timeout: 15_000 })
      .toBe("sent");
    expect(w.server.fake.control.sentMessages({ channel: "whatsapp" })).toHaveLength(before + 1);
    expect(ok<Failures>(await w.owner.query("failures.list")).replies.map((r) => r.id)).not.toContain(sent.outboundId);
    expect(await w.owner.mutation("failures.retryReply", { id: sent.outboundId })).toMatchObject({ ok: false, code: "PRECONDITION_FAILED" });
  }, 60_000);

  it("does not send again a reply whose first try may have gone out (uncertain)", async () => {
    const inbound = w.server.fake.control.customerMessage({ channel: "whatsapp", phoneNumberId: w.wa.phoneNumberId, from: "33700000902", text: "Re" });
    await settle(w);
    const conv = await w.server.db.db.selectFrom("messages").select(["conversation_id", "channel_id"]).where("platform_message_id", "=", inbound.id).executeTakeFirstOrThrow();
    const row = await w.server.db.db
      .insertInto("outbound_messages")
      .values({ workspace_id: w.workspaceId, conversation_id: conv.conversation_id, channel_id: conv.channel_id, body: JSON.stringify({ type: "text", text: "x" }), status: "failed", error_class: "uncertain", error_message: "stopped mid-send", automatic: false })
      .returning("id")
      .executeTakeFirstOrThrow();
    expect(ok(await w.owner.mutation("failures.retryReply", { id: row.id }))).toEqual({ result: "uncertain" });
    expect((await w.server.db.db.selectFrom("outbound_messages").select("status").where("id", "=", row.id).executeTakeFirstOrThrow()).status).toBe("failed");
  });
});
