import { saveChannel } from "@sillage/channels";
import { raiseWorkspaceEvent } from "@sillage/db";
import { createSillageClient } from "@sillage/client";
import { expect } from "vitest";
import { ok, refusedInB, type CaseFile, type World } from "./context";

/** A conversation with one customer message, written straight to the database (no worker in this world). */
async function seedConversation(w: World, workspaceId: string, tag: string, existingChannelId?: string) {
  const { db } = w.server.db;
  let channelId = existingChannelId;
  if (!channelId) {
    // Other case files count the workspaces' live channels: this one is created disconnected.
    const wa = w.server.fake.control.createWhatsAppAccount({});
    channelId = await saveChannel(db, w.server.secretBox, {
      workspaceId,
      platform: "whatsapp",
      externalId: wa.phoneNumberId,
      wabaId: wa.wabaId,
      displayName: `Inbox ${tag}`,
      accessToken: wa.token,
      tokenIssuedAt: new Date(),
    });
    await db.updateTable("channels").set({ status: "disconnected" }).where("id", "=", channelId).execute();
  }
  const contact = await db
    .insertInto("contacts")
    .values({ workspace_id: workspaceId, channel_id: channelId, platform: "whatsapp", platform_user_id: `3360000${tag}`, display_name: `Customer ${tag}` })
    .returning("id")
    .executeTakeFirstOrThrow();
  const conv = await db
    .insertInto("conversations")
    .values({ workspace_id: workspaceId, channel_id: channelId, contact_id: contact.id, platform: "whatsapp", last_inbound_at: new Date(), unread_count: 1, last_message_preview: `secret of ${tag}` })
    .returning("id")
    .executeTakeFirstOrThrow();
  await db
    .insertInto("messages")
    .values({ workspace_id: workspaceId, conversation_id: conv.id, channel_id: channelId, direction: "in", author: "customer", type: "text", text: `secret of ${tag}`, platform_message_id: `wamid.${tag}` })
    .execute();
  return conv.id;
}

/** A parked webhook event (dead letter) of a workspace, or of none (an unrouted event: operators only). */
async function seedDeadLetter(w: World, workspaceId: string | null, tag: string) {
  const row = await w.server.db.db
    .insertInto("webhook_failures")
    .values({
      workspace_id: workspaceId,
      event_index: 0,
      platform: "whatsapp",
      kind: "message",
      event: JSON.stringify({ type: "message", messageId: `wamid.dead-${tag}` }),
      error: `secret error of ${tag}`,
      attempts: 12,
      status: "parked",
      parked_at: new Date(),
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return String(row.id);
}

const deadLetterStatus = async (w: World, id: string) =>
  (await w.server.db.db.selectFrom("webhook_failures").select("status").where("id", "=", Number(id)).executeTakeFirstOrThrow()).status;

function bConversation({ server, bIds }: World) {
  return server.db.db.selectFrom("conversations").select(["status", "assignee_id", "unread_count"]).where("id", "=", bIds.conversationId!).executeTakeFirstOrThrow();
}

async function bOutbound({ server, bIds }: World) {
  return server.db.db.selectFrom("outbound_messages").select("id").where("workspace_id", "=", bIds.workspaceId!).execute();
}

/** A mutation on B's conversation: refused from B's workspace header and from A's own, and B's row is unchanged. */
async function cannotTouch(w: World, path: string, extra: Record<string, unknown> = {}) {
  const before = await bConversation(w);
  const input = { conversationId: w.bIds.conversationId, ...extra };
  await refusedInB(w, "mutation", path, input);
  expect(await w.a.mutation(path, input)).toMatchObject({ ok: false, code: "NOT_FOUND" });
  expect(await bConversation(w)).toEqual(before);
}

const file: CaseFile = {
  async seed(w) {
    // B's live WhatsApp channel comes from channels.cases.ts when it ran first.
    w.bIds.conversationId = await seedConversation(w, w.bIds.workspaceId!, "b", w.bIds.channelId);
    w.bIds.messageId = (await w.server.db.db.selectFrom("messages").select("id").where("conversation_id", "=", w.bIds.conversationId).executeTakeFirstOrThrow()).id;
    w.bIds.aConversationId = await seedConversation(w, w.a.workspaceId!, "a");
    w.bIds.deadLetterId = await seedDeadLetter(w, w.bIds.workspaceId!, "b");
    w.bIds.aDeadLetterId = await seedDeadLetter(w, w.a.workspaceId!, "a");
    w.bIds.unroutedDeadLetterId = await seedDeadLetter(w, null, "unrouted");
  },
  cases: {
    "inbox.conversations": async (w) => {
      await refusedInB(w, "query", "inbox.conversations", {});
      const mine = ok<{ items: { id: string; lastMessagePreview: string }[] }>(await w.a.query("inbox.conversations", { search: "secret" }));
      expect(mine.items.map((c) => c.id)).toEqual([w.bIds.aConversationId]);
      const byB = ok<{ items: unknown[] }>(await w.a.query("inbox.conversations", { assignee: w.bIds.userId }));
      expect(byB.items).toEqual([]);
    },
    "inbox.messages": async (w) => {
      await refusedInB(w, "query", "inbox.messages", { conversationId: w.bIds.conversationId });
      expect(await w.a.query("inbox.messages", { conversationId: w.bIds.conversationId })).toMatchObject({ ok: false, code: "NOT_FOUND" });
    },
    "inbox.contact": async (w) => {
      await refusedInB(w, "query", "inbox.contact", { conversationId: w.bIds.conversationId });
      expect(await w.a.query("inbox.contact", { conversationId: w.bIds.conversationId })).toMatchObject({ ok: false, code: "NOT_FOUND" });
    },
    "inbox.reply": async (w) => {
      await cannotTouch(w, "inbox.reply", { text: "hijack" });
      // A stored file of B cannot be attached from A's workspace either.
      expect(await w.a.mutation("inbox.reply", { conversationId: w.bIds.aConversationId, image: { key: `${w.bIds.workspaceId}/x.jpg` } })).toMatchObject({ ok: false, code: "NOT_FOUND" });
      expect(await bOutbound(w)).toEqual([]);
    },
    "inbox.templates": async (w) => {
      await refusedInB(w, "query", "inbox.templates", { conversationId: w.bIds.conversationId });
      expect(await w.a.query("inbox.templates", { conversationId: w.bIds.conversationId })).toMatchObject({ ok: false, code: "NOT_FOUND" });
    },
    "inbox.assign": async (w) => {
      await cannotTouch(w, "inbox.assign", { userId: null });
      // Nor can A assign its own conversation to someone of B.
      expect(await w.a.mutation("inbox.assign", { conversationId: w.bIds.aConversationId, userId: w.bIds.userId })).toMatchObject({ ok: false, code: "BAD_REQUEST" });
    },
    "inbox.resolve": (w) => cannotTouch(w, "inbox.resolve"),
    "inbox.reopen": (w) => cannotTouch(w, "inbox.reopen"),
    "inbox.markRead": (w) => cannotTouch(w, "inbox.markRead"),
    "inbox.snooze": async (w) => {
      await cannotTouch(w, "inbox.snooze", { until: new Date(Date.now() + 3_600_000) });
      const row = await w.server.db.db.selectFrom("conversations").select("snoozed_until").where("id", "=", w.bIds.conversationId!).executeTakeFirstOrThrow();
      expect(row.snoozed_until).toBeNull();
    },
    "inbox.onEvent": async (w) => {
      const { token } = ok<{ token: string }>(await w.a.mutation("apiTokens.create", { name: "a-inbox-listener" }));
      const client = createSillageClient({ url: w.server.url, token });
      const seen: unknown[] = [];
      const sub = client.inbox.onEvent.subscribe(undefined, { onData: (e) => seen.push(e.data.payload) });
      await new Promise((r) => setTimeout(r, 300));
      await raiseWorkspaceEvent(w.server.db.db, w.bIds.workspaceId!, "inbox.message", { conversationId: w.bIds.conversationId });
      await raiseWorkspaceEvent(w.server.db.db, w.a.workspaceId!, "inbox.message", { conversationId: w.bIds.aConversationId });
      await expect.poll(() => seen, { timeout: 5000 }).toEqual([{ conversationId: w.bIds.aConversationId }]);
      await new Promise((r) => setTimeout(r, 300));
      expect(seen).toHaveLength(1);
      sub.unsubscribe();
      const res = await fetch(`${w.server.url}/trpc/inbox.onEvent?workspace=${w.bIds.workspaceId}`, { headers: { cookie: w.a.cookie, accept: "text/event-stream" } });
      expect(await res.text()).toContain("NOT_FOUND");
    },
    "inbox.deadLetters": async (w) => {
      await refusedInB(w, "query", "inbox.deadLetters", {});
      const mine = ok<{ items: { id: number; error: string }[] }>(await w.a.query("inbox.deadLetters", {}));
      expect(mine.items.map((d) => String(d.id))).toEqual([w.bIds.aDeadLetterId]);
    },
    "inbox.replayDeadLetter": async (w) => {
      for (const id of [w.bIds.deadLetterId!, w.bIds.unroutedDeadLetterId!]) {
        await refusedInB(w, "mutation", "inbox.replayDeadLetter", { id: Number(id) });
        expect(await w.a.mutation("inbox.replayDeadLetter", { id: Number(id) })).toMatchObject({ ok: false, code: "NOT_FOUND" });
        expect(await deadLetterStatus(w, id)).toBe("parked");
      }
    },
    "demo.status": async (w) => {
      await refusedInB(w, "query", "demo.status");
      expect(ok(await w.a.query("demo.status"))).toEqual({ enabled: false });
    },
    "demo.available": async (w) => {
      // Public, and the same answer whoever asks: whether this server runs in demo mode.
      expect(ok(await w.a.query("demo.available"))).toEqual({ enabled: false });
    },
    "demo.login": async (w) => {
      // Outside demo mode it does not exist: no session is given to anyone.
      const res = await w.a.mutation("demo.login");
      expect(res).toMatchObject({ ok: false, code: "NOT_FOUND", data: { appError: { code: "demo_off" } } });
      expect(ok<{ user: { email: string } }>(await w.a.query("auth.me")).user.email).toBe("a@example.com");
    },
    "demo.simulate": async (w) => {
      await refusedInB(w, "mutation", "demo.simulate", { kind: "whatsapp_message", text: "hi" });
      expect(await w.a.mutation("demo.simulate", { kind: "whatsapp_message", text: "hi" })).toMatchObject({ ok: false, code: "NOT_FOUND" });
    },
    "demo.simulateMessageChange": async (w) => {
      // B's customer message cannot be edited or unsent from A (and outside demo mode, by nobody).
      await refusedInB(w, "mutation", "demo.simulateMessageChange", { kind: "unsend", messageId: w.bIds.messageId });
      expect(await w.a.mutation("demo.simulateMessageChange", { kind: "edit", messageId: w.bIds.messageId, text: "hi" })).toMatchObject({ ok: false, code: "NOT_FOUND" });
      const row = await w.server.db.db.selectFrom("messages").select(["text", "deleted_at"]).where("id", "=", w.bIds.messageId!).executeTakeFirstOrThrow();
      expect(row).toEqual({ text: "secret of b", deleted_at: null });
    },
  },
};
export default file;
