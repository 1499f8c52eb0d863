import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { createHmac, timingSafeEqual } from "node:crypto";
import { SecretBox } from "@sillage/crypto";
import { withWorkspace } from "@sillage/db";
import { createTestDatabase, type TestDatabase } from "@sillage/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { attemptWebhookDelivery, createWebhook, listWebhookDeliveries, scanWorkspace } from "../src";

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

beforeAll(async () => {
  t = await createTestDatabase();
  receiver = await startReceiver(() => secret);
  ws = (await t.db.insertInto("workspaces").values({ name: "Shop", slug: "shop-hook" }).returning("id").executeTakeFirstOrThrow()).id;
  await t.db
    .insertInto("channels")
    .values({ workspace_id: ws, platform: "instagram", display_name: "Shop IG", external_id: "ig-h", token_ciphertext: Buffer.from("x"), token_key_id: "k", status: "needs_reconnect" })
    .execute();
  secret = (await withWorkspace(t.db, ws, (db) => createWebhook(db, box, ws, receiver.url))).secret;
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
    const svc = { db: t.db, clock, secretBox: box };

    receiver.statuses.push(500);
    await expect(attemptWebhookDelivery(svc, id, false)).rejects.toThrow(/HTTP 500/);
    expect(await attemptWebhookDelivery(svc, id, false)).toBe("delivered");
    // The job ran again after the delivery (a restart): nothing is sent twice.
    expect(await attemptWebhookDelivery(svc, id, false)).toBe("already");

    expect(receiver.got).toHaveLength(2);
    expect(receiver.got.every((g) => g.valid)).toBe(true);
    expect(receiver.got[1]!.body).toMatchObject({ type: "notification", kind: "channel_reconnect", params: { channelName: "Shop IG" }, text: expect.stringContaining("channel reconnect") });
    const after = await withWorkspace(t.db, ws, (db) => listWebhookDeliveries(db, { limit: 10 }));
    expect(after[0]).toMatchObject({ status: "delivered", attempts: 2, lastStatusCode: 204, lastError: null });
  });

  it("a signature under another secret does not verify (the receiver's check can fail)", async () => {
    const real = secret;
    secret = "whsec_wrong";
    try {
      await t.db.updateTable("notification_webhook_deliveries").set({ status: "pending" }).execute();
      const id = (await t.db.selectFrom("notification_webhook_deliveries").select("id").executeTakeFirstOrThrow()).id;
      await attemptWebhookDelivery({ db: t.db, clock, secretBox: box }, id, true);
      expect(receiver.got.at(-1)!.valid).toBe(false);
    } finally {
      secret = real;
    }
  });

  it("the last failed attempt marks the delivery failed", async () => {
    await t.db.updateTable("notification_webhook_deliveries").set({ status: "pending" }).execute();
    const id = (await t.db.selectFrom("notification_webhook_deliveries").select("id").executeTakeFirstOrThrow()).id;
    receiver.statuses.push(503);
    await expect(attemptWebhookDelivery({ db: t.db, clock, secretBox: box }, id, true)).rejects.toThrow(/HTTP 503/);
    expect(await t.db.selectFrom("notification_webhook_deliveries").select(["status", "last_status_code"]).where("id", "=", id).executeTakeFirstOrThrow()).toEqual({ status: "failed", last_status_code: 503 });
  });
});
