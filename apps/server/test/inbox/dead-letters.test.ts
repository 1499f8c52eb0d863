import { execFile } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { signBody } from "@sillage/connectors";
import { sql } from "@sillage/db";
import { replayDeadLetter, sweepInbox } from "@sillage/inbox";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ok, settle, startInboxWorld, TEST_SECRETS, type InboxWorld } from "./world";

// Webhook text PostgreSQL refuses, and events that keep failing: posted signed over HTTP, processed by the real
// job runner (3 attempts, 100 ms apart, instead of 12 over hours).
let w: InboxWorld;
beforeAll(async () => {
  w = await startInboxWorld({ webhookRetry: { attempts: 3, delayMs: () => 100 } });
});
afterAll(() => w.close());

const root = fileURLToPath(new URL("../../../..", import.meta.url));
const run = promisify(execFile);

/** `pnpm cli …` against the test database: exit code and output. */
async function cli(...args: string[]) {
  try {
    const { stdout } = await run(process.execPath, ["--import", "tsx", path.join(root, "apps/server/src/cli.ts"), ...args], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: w.server.db.url, APP_SECRET: "cli-test-app-secret-0123456789abcdef0123", LOG_LEVEL: "warn" },
    });
    return { code: 0, stdout };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout + e.stderr };
  }
}

function post(product: "whatsapp" | "instagram", body: string) {
  const secret = product === "whatsapp" ? TEST_SECRETS.metaAppSecret : TEST_SECRETS.instagramAppSecret;
  return fetch(`${w.server.url}/webhooks/${product}`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-hub-signature-256": signBody(body, secret) },
    body,
  });
}

interface WaMessage {
  id: string;
  from: string;
  name: string;
  text: string;
}

/** One WhatsApp delivery, one change per message (as Meta batches them), plus any extra changes. */
function waDelivery(messages: WaMessage[], extraChanges: unknown[] = []) {
  const now = String(Math.floor(Date.now() / 1000));
  return JSON.stringify({
    object: "whatsapp_business_account",
    entry: [
      {
        id: w.wa.wabaId,
        changes: [
          ...messages.map((m) => ({
            field: "messages",
            value: {
              messaging_product: "whatsapp",
              metadata: { display_phone_number: "1", phone_number_id: w.wa.phoneNumberId },
              contacts: [{ profile: { name: m.name }, wa_id: m.from }],
              messages: [{ from: m.from, id: m.id, timestamp: now, type: "text", text: { body: m.text } }],
            },
          })),
          ...extraChanges,
        ],
      },
    ],
  });
}

const textOf = async (platformMessageId: string) =>
  (await w.server.db.db.selectFrom("messages").select("text").where("platform_message_id", "=", platformMessageId).execute()).map((m) => m.text);

const failureOf = (reference: string) =>
  w.server.db.db
    .selectFrom("webhook_failures")
    .selectAll()
    .where(sql<string>`event->>'messageId'`, "=", reference)
    .executeTakeFirst();

describe("webhook text PostgreSQL refuses", () => {
  it("a delivery mixing a NUL, a lone surrogate and a normal message stores all three, cleaned, and keeps the body byte for byte", async () => {
    // JSON.stringify writes these as the escapes \u0000 and \ud83d, exactly what Meta's JSON can carry.
    const body = waDelivery(
      [
        { id: "wamid.nul", from: "33650000001", name: "Zo\u0000é", text: "Bonjour\u0000, la robe en 38 ?" },
        { id: "wamid.surrogate", from: "33650000002", name: "Lé\ud83d", text: "Un cœur cassé \ud83d et un entier 😀" },
        { id: "wamid.normal", from: "33650000003", name: "Amélie", text: "Livrez-vous à Lyon ?" },
      ],
      [{ field: "mystery\u0000field", value: { note: "raw\u0000kept", odd: "\udc00" } }],
    );
    expect(body).toContain("\\u0000");
    expect(body).toContain("\\ud83d");
    const res = await post("whatsapp", body);
    expect(res.status).toBe(200);
    const { id } = (await res.json()) as { id: number };
    await settle(w);

    expect(await textOf("wamid.nul")).toEqual(["Bonjour, la robe en 38 ?"]);
    expect(await textOf("wamid.surrogate")).toEqual(["Un cœur cassé \ufffd et un entier 😀"]);
    expect(await textOf("wamid.normal")).toEqual(["Livrez-vous à Lyon ?"]);
    const names = await w.server.db.db.selectFrom("contacts").select("display_name").where("platform_user_id", "in", ["33650000001", "33650000002"]).orderBy("platform_user_id").execute();
    expect(names.map((n) => n.display_name)).toEqual(["Zoé", "Lé\ufffd"]);
    // Unknown events keep their raw item (jsonb), cleaned the same way.
    const unknown = await w.server.db.db.selectFrom("unknown_events").select(["field", "raw"]).where("delivery_id", "=", id).executeTakeFirstOrThrow();
    expect(unknown.field).toBe("mysteryfield");
    expect(unknown.raw).toMatchObject({ field: "mysteryfield", value: { note: "rawkept", odd: "\ufffd" } });
    expect(await w.server.db.db.selectFrom("webhook_failures").select("id").where("delivery_id", "=", id).execute()).toEqual([]);
    // The delivery itself is kept exactly as signed (bytea), NULs and all.
    const stored = await w.server.db.db.selectFrom("webhook_deliveries").select(["raw_body", "events_count"]).where("id", "=", id).executeTakeFirstOrThrow();
    expect(stored.raw_body.toString("utf8")).toBe(body);
    expect(stored.events_count).toBe(4);
  });

  it("cleans Instagram comment text and Instagram DM text the same way", async () => {
    const now = Date.now();
    const body = JSON.stringify({
      object: "instagram",
      entry: [
        {
          id: w.ig.igUserId,
          time: Math.floor(now / 1000),
          changes: [{ field: "comments", value: { id: "ig-comment-nul", text: "Prix\u0000 ? \udfff", from: { id: "1784440000001", username: "cli\u0000ente" }, media: { id: "m1", media_product_type: "FEED" } } }],
          messaging: [{ sender: { id: "1784440000002" }, recipient: { id: w.ig.igUserId }, timestamp: now, message: { mid: "m_nul", text: "dispo\u0000 ?" } }],
        },
      ],
    });
    expect((await post("instagram", body)).status).toBe(200);
    await settle(w);
    // Comments are stored by @sillage/comments, in the job the delivery's processing hands them to.
    await expect
      .poll(() => w.server.db.db.selectFrom("comments").select(["text", "author_name"]).where("platform_comment_id", "=", "ig-comment-nul").executeTakeFirst(), { timeout: 10_000 })
      .toEqual({ text: "Prix ? \ufffd", author_name: "cliente" });
    expect(await textOf("m_nul")).toEqual(["dispo ?"]);
  });
});

describe("an event that keeps failing", () => {
  // A deterministic failure of one message: the database refuses this text while the constraint holds.
  const refuse = (marker: string) =>
    sql`alter table messages add constraint ${sql.id(`test_refuses_${marker}`)} check (text is null or position(${sql.lit(`[${marker}]`)} in text) = 0)`.execute(w.server.db.db);
  const allow = (marker: string) => sql`alter table messages drop constraint if exists ${sql.id(`test_refuses_${marker}`)}`.execute(w.server.db.db);

  it("does not hold back its siblings, is parked after 3 attempts, stays parked through the sweep, and a replay applies it once", async () => {
    await refuse("boom");
    try {
      const body = waDelivery([
        { id: "wamid.boom", from: "33650000010", name: "Boom", text: "[boom] une commande" },
        { id: "wamid.sibling", from: "33650000011", name: "Sœur", text: "Et moi, je passe ?" },
      ]);
      expect((await post("whatsapp", body)).status).toBe(200);
      await settle(w);
      expect(await textOf("wamid.sibling")).toEqual(["Et moi, je passe ?"]);
      expect(await textOf("wamid.boom")).toEqual([]);
      await expect.poll(async () => (await failureOf("wamid.boom"))?.status, { timeout: 15_000, interval: 100 }).toBe("parked");
      const parked = (await failureOf("wamid.boom"))!;
      expect(parked).toMatchObject({ kind: "message", event_index: 0, attempts: 3, workspace_id: w.workspaceId, error: expect.stringContaining("test_refuses_boom") });
      // Nothing retries it any more: no job for it, and the sweep leaves it parked.
      const jobs = await sql`select id from graphile_worker._private_jobs where key = ${`failure:${parked.id}`}`.execute(w.server.db.db);
      expect(jobs.rows).toEqual([]);
      expect(await sweepInbox({ ...w.server, db: w.server.db.db })).toMatchObject({ events: 0, parked: 0 });
      expect((await failureOf("wamid.boom"))!.status).toBe("parked");

      // Visible to operators, with its error.
      const listed = await cli("dead-letters");
      expect(listed.code).toBe(0);
      expect(listed.stdout).toMatch(new RegExp(`#${parked.id} .*whatsapp {2}message {2}wamid\\.boom {2}event 0 of delivery ${parked.delivery_id}`));
      expect(listed.stdout).toContain("test_refuses_boom");

      // Replayed while the cause still holds: tried again (3 attempts), parked again, still no message.
      expect(await replayDeadLetter(w.server.db.db, Number(parked.id))).toBe("replayed");
      await expect.poll(async () => (await failureOf("wamid.boom"))?.attempts, { timeout: 15_000, interval: 100 }).toBe(3);
      expect((await failureOf("wamid.boom"))!.status).toBe("parked");
      expect(await textOf("wamid.boom")).toEqual([]);

      await allow("boom");
      expect((await cli("dead-letters", "replay", String(parked.id))).code).toBe(0);
      await expect.poll(async () => (await failureOf("wamid.boom"))?.status, { timeout: 15_000, interval: 100 }).toBe("resolved");
      expect(await textOf("wamid.boom")).toEqual(["[boom] une commande"]);
      // A second replay has nothing to do.
      expect(await replayDeadLetter(w.server.db.db, Number(parked.id))).toBe("not_parked");
      expect(await textOf("wamid.boom")).toHaveLength(1);
      // The message reached the inbox like any other: conversation, unread, a burst handed downstream.
      const conv = await w.server.db.db
        .selectFrom("messages")
        .innerJoin("conversations", "conversations.id", "messages.conversation_id")
        .select(["conversations.unread_count", "conversations.id"])
        .where("messages.platform_message_id", "=", "wamid.boom")
        .executeTakeFirstOrThrow();
      expect(conv.unread_count).toBe(1);
      await expect.poll(() => w.batches.some((b) => b.conversationId === conv.id), { timeout: 10_000 }).toBe(true);
    } finally {
      await allow("boom");
    }
  }, 90_000); // two CLI processes (tsx) on a shared box

  it("a workspace admin lists and replays its dead letters through tRPC; an agent cannot", async () => {
    await refuse("bang");
    try {
      const body = waDelivery([{ id: "wamid.bang", from: "33650000020", name: "Bang", text: "[bang] où est mon colis ?" }]);
      expect((await post("whatsapp", body)).status).toBe(200);
      await settle(w);
      await expect.poll(async () => (await failureOf("wamid.bang"))?.status, { timeout: 15_000, interval: 100 }).toBe("parked");
      const id = Number((await failureOf("wamid.bang"))!.id);

      const list = ok<{ items: { id: number; kind: string; reference: string; error: string; attempts: number }[] }>(await w.owner.query("inbox.deadLetters", {}));
      expect(list.items.find((d) => d.id === id)).toMatchObject({ kind: "message", reference: "wamid.bang", attempts: 3, error: expect.stringContaining("test_refuses_bang") });

      const { token } = ok<{ token: string }>(await w.owner.mutation("apiTokens.create", { name: "agent-tool", role: "agent" }));
      const asAgent = await fetch(`${w.server.url}/trpc/inbox.deadLetters`, { headers: { authorization: `Bearer ${token}` } });
      expect(asAgent.status).toBe(403);

      await allow("bang");
      expect(ok(await w.owner.mutation("inbox.replayDeadLetter", { id }))).toEqual({ id, replayed: true });
      expect(await w.owner.mutation("inbox.replayDeadLetter", { id })).toMatchObject({ ok: false, code: "NOT_FOUND" });
      await expect.poll(async () => (await failureOf("wamid.bang"))?.status, { timeout: 15_000, interval: 100 }).toBe("resolved");
      expect(await textOf("wamid.bang")).toEqual(["[bang] où est mon colis ?"]);
      const after = ok<{ items: { id: number }[] }>(await w.owner.query("inbox.deadLetters", {}));
      expect(after.items.map((d) => d.id)).not.toContain(id);
    } finally {
      await allow("bang");
    }
  });
});
