import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { createHmac, timingSafeEqual } from "node:crypto";
import { SecretBox } from "@sillage/crypto";
import { sql, withWorkspace } from "@sillage/db";
import { createTestDatabase, type TestDatabase } from "@sillage/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  attemptWebhookDelivery,
  createWebhook,
  listWebhookDeliveries,
  listWebhooks,
  queueTestDelivery,
  redeliverWebhookDelivery,
  rotateWebhookSecret,
  scanWorkspace,
  updateWebhookUrl,
  WebhookUrlError,
  type WebhookUrlPolicy,
} from "../src";

/** A receiver that checks the signature the way a customer's would, answering with the next planned status. */
async function startReceiver(secret: () => string) {
  const got: { body: unknown; valid: boolean }[] = [];
  const statuses: number[] = [];
  const server = createServer((req: IncomingMessage, res) => {
    let raw = "";
    req.on("data", (c: Buffer) => (raw += c.toString("utf8")));
    req.on("end", () => {
      const ts = String(req.headers["x-sillage-timestamp"]);
      const expected = Buffer.from(`sha256=${createHmac("sha256", secret()).update(`${ts}.${raw}`).digest("hex")}`);
      const sent = Buffer.from(String(req.headers["x-sillage-signature"]));
      got.push({ body: JSON.parse(raw), valid: sent.length === expected.length && timingSafeEqual(sent, expected) });
      res.statusCode = statuses.shift() ?? 204;
      res.end();
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return { got, statuses, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, close: () => new Promise<void>((r) => server.close(() => r())) };
}

let t: TestDatabase;
let ws: string;
let secret = "";
let receiver: Awaited<ReturnType<typeof startReceiver>>;
const box = new SecretBox("a-test-app-secret-of-at-least-32-characters");
const clock = { now: () => new Date("2026-12-02T10:00:00Z") };
/** The DNS webhooks see in this file; a test changes an answer to play a rebind. */
const dns = new Map<string, string[]>();
// As WEBHOOK_ALLOWED_HOSTS=127.0.0.1,local.shop.example would: the local receiver, by address or by that name.
const urls: WebhookUrlPolicy = {
  requireHttps: false,
  allowedHosts: ["127.0.0.1", "local.shop.example"],
  async resolve(host) {
    const answer = dns.get(host);
    if (!answer) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: "ENOTFOUND" });
    return answer.map((address) => ({ address, family: 4 as const }));
  },
};

beforeAll(async () => {
  t = await createTestDatabase();
  receiver = await startReceiver(() => secret);
  ws = (await t.db.insertInto("workspaces").values({ name: "Shop", slug: "shop-hook" }).returning("id").executeTakeFirstOrThrow()).id;
  await t.db
    .insertInto("channels")
    .values({ workspace_id: ws, platform: "instagram", display_name: "Shop IG", external_id: "ig-h", token_ciphertext: Buffer.from("x"), token_key_id: "k", status: "needs_reconnect" })
    .execute();
  secret = (await withWorkspace(t.db, ws, (db) => createWebhook(db, box, ws, receiver.url, urls))).secret;
});
afterAll(async () => {
  await receiver?.close();
  await t?.drop();
});

describe("notification webhook", () => {
  it("one signed delivery per occurrence, retried until the receiver accepts it, logged", async () => {
    await scanWorkspace(t.db, clock, ws, { appUrl: "https://app.sillage.test" });
    await scanWorkspace(t.db, clock, ws, { appUrl: "https://app.sillage.test" });
    const log = await withWorkspace(t.db, ws, (db) => listWebhookDeliveries(db, { limit: 10 }));
    expect(log).toHaveLength(1);
    const id = log[0]!.id;
    const svc = { db: t.db, clock, secretBox: box, urls };

    receiver.statuses.push(500);
    await expect(attemptWebhookDelivery(svc, id, false)).rejects.toThrow(/http_status 500/);
    expect(await attemptWebhookDelivery(svc, id, false)).toBe("delivered");
    // The job ran again after the delivery (a restart): nothing is sent twice.
    expect(await attemptWebhookDelivery(svc, id, false)).toBe("already");

    expect(receiver.got).toHaveLength(2);
    expect(receiver.got.every((g) => g.valid)).toBe(true);
    expect(receiver.got[1]!.body).toMatchObject({ type: "notification", kind: "channel_reconnect", params: { channelName: "Shop IG" }, text: expect.stringContaining("channel reconnect") });
    const after = await withWorkspace(t.db, ws, (db) => listWebhookDeliveries(db, { limit: 10 }));
    expect(after[0]).toMatchObject({ event: "notification", status: "delivered", attempts: 2, lastStatusCode: 204, lastError: null });
    expect(JSON.parse(after[0]!.body)).toMatchObject({ type: "notification", kind: "channel_reconnect" });
  });

  it("a signature under another secret does not verify (the receiver's check can fail)", async () => {
    const real = secret;
    secret = "whsec_wrong";
    try {
      await t.db.updateTable("notification_webhook_deliveries").set({ status: "pending" }).execute();
      const id = (await t.db.selectFrom("notification_webhook_deliveries").select("id").executeTakeFirstOrThrow()).id;
      await attemptWebhookDelivery({ db: t.db, clock, secretBox: box, urls }, id, true);
      expect(receiver.got.at(-1)!.valid).toBe(false);
    } finally {
      secret = real;
    }
  });

  it("the last failed attempt marks the delivery failed", async () => {
    await t.db.updateTable("notification_webhook_deliveries").set({ status: "pending" }).execute();
    const id = (await t.db.selectFrom("notification_webhook_deliveries").select("id").executeTakeFirstOrThrow()).id;
    receiver.statuses.push(503);
    await expect(attemptWebhookDelivery({ db: t.db, clock, secretBox: box, urls }, id, true)).rejects.toThrow(/http_status 503/);
    expect(await t.db.selectFrom("notification_webhook_deliveries").select(["status", "last_status_code", "last_error"]).where("id", "=", id).executeTakeFirstOrThrow()).toEqual({
      status: "failed",
      last_status_code: 503,
      last_error: "http_status",
    });
  });

  it("a failed delivery is sent again on demand: fresh signature, same body, delivered; a delivered one cannot be", async () => {
    const svc = { db: t.db, clock, secretBox: box, urls };
    const id = (await t.db.selectFrom("notification_webhook_deliveries").select("id").where("status", "=", "failed").executeTakeFirstOrThrow()).id;
    const before = receiver.got.length;
    expect(await withWorkspace(t.db, ws, (db) => redeliverWebhookDelivery(db, id))).toBe("queued");
    // The job is the delivery's, with a fresh set of attempts.
    const jobs = (await sql<{ attempts: number }>`select attempts from graphile_worker._private_jobs where key = ${`notify-webhook:${id}`}`.execute(t.db)).rows;
    expect(jobs).toEqual([{ attempts: 0 }]);
    expect(await attemptWebhookDelivery(svc, id, false)).toBe("delivered");
    expect(receiver.got).toHaveLength(before + 1);
    expect(receiver.got.at(-1)).toMatchObject({ valid: true, body: { type: "notification", kind: "channel_reconnect" } });
    expect(await withWorkspace(t.db, ws, (db) => redeliverWebhookDelivery(db, id))).toBe("not_failed");
    expect(await withWorkspace(t.db, ws, (db) => redeliverWebhookDelivery(db, crypto.randomUUID()))).toBe("not_found");
  });

  it("a test event goes through the same signed path and log", async () => {
    const hook = (await withWorkspace(t.db, ws, (db) => listWebhooks(db)))[0]!;
    const queued = await withWorkspace(t.db, ws, (db) => queueTestDelivery(db, ws, hook.id, clock.now()));
    expect(queued).not.toBeNull();
    const jobs = (await sql<{ key: string }>`select key from graphile_worker._private_jobs where key = ${`notify-webhook:${queued!.id}`}`.execute(t.db)).rows;
    expect(jobs).toHaveLength(1);
    expect(await attemptWebhookDelivery({ db: t.db, clock, secretBox: box, urls }, queued!.id, false)).toBe("delivered");
    expect(receiver.got.at(-1)).toMatchObject({ valid: true, body: { type: "test", id: queued!.id, text: expect.stringContaining("test") } });
    const [latest] = await withWorkspace(t.db, ws, (db) => listWebhookDeliveries(db, { limit: 1 }));
    expect(latest).toMatchObject({ id: queued!.id, event: "test", notificationId: null, status: "delivered", attempts: 1, lastStatusCode: 204 });
    expect((await withWorkspace(t.db, ws, (db) => listWebhooks(db)))[0]!.lastDelivery).toMatchObject({ status: "delivered", lastStatusCode: 204 });
    expect(await withWorkspace(t.db, ws, (db) => queueTestDelivery(db, ws, crypto.randomUUID(), clock.now()))).toBeNull();
  });

  it("a rotated secret signs the next deliveries; the old one no longer verifies", async () => {
    const hook = (await withWorkspace(t.db, ws, (db) => listWebhooks(db)))[0]!;
    const old = secret;
    const rotated = await withWorkspace(t.db, ws, (db) => rotateWebhookSecret(db, box, hook.id, clock.now()));
    expect(rotated!.secret).toMatch(/^whsec_[0-9a-f]{48}$/);
    expect(rotated!.secret).not.toBe(old);
    const queued = await withWorkspace(t.db, ws, (db) => queueTestDelivery(db, ws, hook.id, clock.now()));
    await attemptWebhookDelivery({ db: t.db, clock, secretBox: box, urls }, queued!.id, false);
    expect(receiver.got.at(-1)!.valid).toBe(false); // the receiver still checks with the old secret
    secret = rotated!.secret;
    const again = await withWorkspace(t.db, ws, (db) => queueTestDelivery(db, ws, hook.id, clock.now()));
    await attemptWebhookDelivery({ db: t.db, clock, secretBox: box, urls }, again!.id, false);
    expect(receiver.got.at(-1)!.valid).toBe(true);
    expect((await withWorkspace(t.db, ws, (db) => listWebhooks(db)))[0]!.secretRotatedAt).toEqual(clock.now());
  });
});

describe("webhook URLs against the server's own network", () => {
  it("creation refuses a private address and stores nothing", async () => {
    dns.set("intranet.shop.example", ["10.0.0.8"]);
    for (const [url, reason] of [
      ["http://169.254.169.254/latest/meta-data/", "webhook_url_private"],
      ["http://2886729729/", "webhook_url_private"], // 172.16.0.1 written as one number
      ["http://intranet.shop.example/hook", "webhook_url_private"],
      ["http://unknown.shop.example/hook", "webhook_url_unresolvable"],
    ] as const) {
      await expect(withWorkspace(t.db, ws, (db) => createWebhook(db, box, ws, url, urls))).rejects.toEqual(new WebhookUrlError(reason));
    }
    const hook = (await withWorkspace(t.db, ws, (db) => listWebhooks(db)))[0]!;
    await expect(withWorkspace(t.db, ws, (db) => updateWebhookUrl(db, hook.id, "http://[::ffff:10.0.0.1]/", urls))).rejects.toEqual(new WebhookUrlError("webhook_url_private"));
    expect((await t.db.selectFrom("notification_webhooks").select("url").where("workspace_id", "=", ws).execute()).map((r) => r.url)).toEqual([receiver.url]);
  });

  it("a name allowed by the operator is delivered to the address checked, by name", async () => {
    dns.set("local.shop.example", ["127.0.0.1"]);
    const port = new URL(receiver.url).port;
    const hook = (await withWorkspace(t.db, ws, (db) => listWebhooks(db)))[0]!;
    expect(await withWorkspace(t.db, ws, (db) => updateWebhookUrl(db, hook.id, `http://local.shop.example:${port}/hook`, urls))).toMatchObject({ url: `http://local.shop.example:${port}/hook` });
    const queued = await withWorkspace(t.db, ws, (db) => queueTestDelivery(db, ws, hook.id, clock.now()));
    expect(await attemptWebhookDelivery({ db: t.db, clock, secretBox: box, urls }, queued!.id, false)).toBe("delivered");
    expect(receiver.got.at(-1)).toMatchObject({ valid: true, body: { id: queued!.id } });
  });

  it("a delivery refuses a URL whose DNS changed to a private address since it was saved: failed at once, with the reason", async () => {
    dns.set("receiver.shop.example", ["93.184.215.14"]);
    const created = await withWorkspace(t.db, ws, (db) => createWebhook(db, box, ws, "http://receiver.shop.example/hook", urls));
    dns.set("receiver.shop.example", ["192.168.1.20"]);
    const queued = await withWorkspace(t.db, ws, (db) => queueTestDelivery(db, ws, created.id, clock.now()));
    const sent: string[] = [];
    const send = async () => {
      sent.push("sent");
      return 204;
    };
    expect(await attemptWebhookDelivery({ db: t.db, clock, secretBox: box, urls, send }, queued!.id, false)).toBe("refused");
    expect(sent).toEqual([]);
    const row = await t.db.selectFrom("notification_webhook_deliveries").select(["status", "attempts", "last_error", "last_status_code"]).where("id", "=", queued!.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ status: "failed", attempts: 1, last_error: "webhook_url_private", last_status_code: null });

    // A name that no longer resolves is retried (DNS failures pass), failed on the last attempt.
    dns.delete("receiver.shop.example");
    await t.db.updateTable("notification_webhook_deliveries").set({ status: "pending" }).where("id", "=", queued!.id).execute();
    await expect(attemptWebhookDelivery({ db: t.db, clock, secretBox: box, urls, send }, queued!.id, false)).rejects.toThrow(/webhook_url_unresolvable/);
    expect((await t.db.selectFrom("notification_webhook_deliveries").select("status").where("id", "=", queued!.id).executeTakeFirstOrThrow()).status).toBe("pending");
    expect(await attemptWebhookDelivery({ db: t.db, clock, secretBox: box, urls, send }, queued!.id, true)).toBe("refused");
    expect(sent).toEqual([]);

    // Back on a public address: the injected sender is handed the checked address.
    dns.set("receiver.shop.example", ["93.184.215.14"]);
    await t.db.updateTable("notification_webhook_deliveries").set({ status: "pending" }).where("id", "=", queued!.id).execute();
    let address = "";
    const record = async (req: { address: { address: string } }) => {
      address = req.address.address;
      return 200;
    };
    expect(await attemptWebhookDelivery({ db: t.db, clock, secretBox: box, urls, send: record }, queued!.id, false)).toBe("delivered");
    expect(address).toBe("93.184.215.14");
  });

  it("a receiver that never answers times out, logged as `timeout`", async () => {
    const silent = createServer(() => undefined);
    await new Promise<void>((r) => silent.listen(0, "127.0.0.1", r));
    try {
      const created = await withWorkspace(t.db, ws, (db) => createWebhook(db, box, ws, `http://127.0.0.1:${(silent.address() as AddressInfo).port}/slow`, urls));
      const queued = await withWorkspace(t.db, ws, (db) => queueTestDelivery(db, ws, created.id, clock.now()));
      await expect(attemptWebhookDelivery({ db: t.db, clock, secretBox: box, urls, timeoutMs: 200 }, queued!.id, false)).rejects.toThrow(/timeout/);
      expect(await t.db.selectFrom("notification_webhook_deliveries").select(["status", "last_error"]).where("id", "=", queued!.id).executeTakeFirstOrThrow()).toEqual({ status: "pending", last_error: "timeout" });
    } finally {
      silent.closeAllConnections();
      await new Promise<void>((r) => silent.close(() => r()));
    }
  });

  it("a connection refused is logged as a code, never as a free sentence", async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, "127.0.0.1", r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    const created = await withWorkspace(t.db, ws, (db) => createWebhook(db, box, ws, `http://127.0.0.1:${port}/gone`, urls));
    const queued = await withWorkspace(t.db, ws, (db) => queueTestDelivery(db, ws, created.id, clock.now()));
    await expect(attemptWebhookDelivery({ db: t.db, clock, secretBox: box, urls }, queued!.id, true)).rejects.toThrow(/connection_refused/);
    expect(await t.db.selectFrom("notification_webhook_deliveries").select(["status", "last_error"]).where("id", "=", queued!.id).executeTakeFirstOrThrow()).toEqual({ status: "failed", last_error: "connection_refused" });
  });
});
