// Outgoing webhooks through the API (issue 20): admins only, secrets shown once, SSRF refusals as registry codes,
// a test event and a redelivery verified by a local receiver that checks the HMAC like a customer's would.
import { createHmac } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { attemptWebhookDelivery } from "@sillage/notifications";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApiSession, ok, startTestServer, type TestServer } from "./harness";

let s: TestServer;
let owner: ApiSession;
let agent: ApiSession;
const received: { signatureOk: boolean; body: { type: string; id: string } }[] = [];
const answers: number[] = [];
let receiverUrl = "";
let secret = "";
let closeReceiver: () => Promise<void>;

beforeAll(async () => {
  s = await startTestServer();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const raw = Buffer.concat(chunks).toString("utf8");
      const expected = `sha256=${createHmac("sha256", secret).update(`${String(req.headers["x-sillage-timestamp"])}.${raw}`).digest("hex")}`;
      received.push({ signatureOk: req.headers["x-sillage-signature"] === expected, body: JSON.parse(raw) as { type: string; id: string } });
      res.writeHead(answers.shift() ?? 200).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  receiverUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/sillage`;
  closeReceiver = () => new Promise<void>((r) => server.close(() => r()));
  owner = await ApiSession.signup(s.url, { email: "owner@hooks.example" });
  agent = await ApiSession.join(owner, { email: "agent@hooks.example", role: "agent" });
});
afterAll(async () => {
  await closeReceiver?.();
  await s?.close();
});

/** What the `notifications.webhook` job does with the server's services. */
const deliver = (id: string, last = false) => attemptWebhookDelivery({ db: s.db.db, clock: s.clock, secretBox: s.secretBox, urls: s.webhookUrls }, id, last);

describe("workspace.webhooks", () => {
  it("refuses addresses of the server's own network with a code, at creation and on edit", async () => {
    s.webhookDns.set("intranet.hooks.example", ["10.0.0.8"]);
    for (const [url, code] of [
      ["http://169.254.169.254/latest/meta-data/", "webhook_url_private"],
      ["http://[::ffff:10.0.0.1]/", "webhook_url_private"],
      ["http://167772161/", "webhook_url_private"], // 10.0.0.1 written as one number
      ["https://intranet.hooks.example/", "webhook_url_private"],
      ["https://nowhere.hooks.example/", "webhook_url_unresolvable"],
    ] as const) {
      expect(await owner.mutation("workspace.webhooks.create", { url })).toMatchObject({ ok: false, code: "BAD_REQUEST", data: { appError: { code } } });
    }
    expect(ok<unknown[]>(await owner.query("workspace.webhooks.list"))).toEqual([]);
  });

  it("an admin adds one, sees its secret once, sends a signed test event, reads it delivered in the log", async () => {
    const created = ok<{ id: string; url: string; secret: string }>(await owner.mutation("workspace.webhooks.create", { url: receiverUrl }));
    secret = created.secret;
    expect(secret).toMatch(/^whsec_/);
    const listed = ok<Record<string, unknown>[]>(await owner.query("workspace.webhooks.list"));
    expect(listed).toEqual([expect.objectContaining({ id: created.id, url: receiverUrl, lastDelivery: null })]);
    expect(JSON.stringify(listed)).not.toContain(secret);

    const { deliveryId } = ok<{ deliveryId: string }>(await owner.mutation("workspace.webhooks.test", { id: created.id }));
    expect(await deliver(deliveryId)).toBe("delivered");
    expect(received.at(-1)).toEqual({ signatureOk: true, body: expect.objectContaining({ type: "test", id: deliveryId }) });
    const log = ok<{ id: string; event: string; status: string; lastStatusCode: number; body: string }[]>(await owner.query("workspace.webhooks.deliveries"));
    expect(log[0]).toMatchObject({ id: deliveryId, event: "test", status: "delivered", lastStatusCode: 200 });
    expect(JSON.parse(log[0]!.body)).toMatchObject({ type: "test", id: deliveryId });
    expect(ok<{ lastDelivery: unknown }[]>(await owner.query("workspace.webhooks.list"))[0]!.lastDelivery).toMatchObject({ status: "delivered", lastStatusCode: 200 });
  });

  it("a failed delivery is retried on demand and delivered; only a failed one can be", async () => {
    const [hook] = ok<{ id: string }[]>(await owner.query("workspace.webhooks.list"));
    const { deliveryId } = ok<{ deliveryId: string }>(await owner.mutation("workspace.webhooks.test", { id: hook!.id }));
    answers.push(500);
    await expect(deliver(deliveryId, true)).rejects.toThrow(/http_status 500/);
    const failed = ok<{ id: string; status: string; lastError: string; attempts: number }[]>(await owner.query("workspace.webhooks.deliveries"));
    expect(failed.find((d) => d.id === deliveryId)).toMatchObject({ status: "failed", lastError: "http_status", attempts: 1 });

    expect(ok(await owner.mutation("workspace.webhooks.redeliver", { id: deliveryId }))).toEqual({ id: deliveryId, status: "pending" });
    expect(await deliver(deliveryId)).toBe("delivered");
    expect(received.at(-1)).toEqual({ signatureOk: true, body: expect.objectContaining({ type: "test", id: deliveryId }) });
    expect(await owner.mutation("workspace.webhooks.redeliver", { id: deliveryId })).toMatchObject({ ok: false, code: "CONFLICT", data: { appError: { code: "webhook_delivery_not_failed" } } });
  });

  it("a rotated secret signs what follows; an edited URL is checked again; a name now resolving privately is refused at delivery", async () => {
    const [hook] = ok<{ id: string }[]>(await owner.query("workspace.webhooks.list"));
    const rotated = ok<{ secret: string }>(await owner.mutation("workspace.webhooks.rotateSecret", { id: hook!.id }));
    expect(rotated.secret).not.toBe(secret);
    secret = rotated.secret;
    const { deliveryId } = ok<{ deliveryId: string }>(await owner.mutation("workspace.webhooks.test", { id: hook!.id }));
    await deliver(deliveryId);
    expect(received.at(-1)!.signatureOk).toBe(true);

    expect(await owner.mutation("workspace.webhooks.update", { id: hook!.id, url: "http://192.168.1.1/" })).toMatchObject({ ok: false, data: { appError: { code: "webhook_url_private" } } });
    s.webhookDns.set("shop-tools.hooks.example", ["93.184.215.14"]);
    expect(ok(await owner.mutation("workspace.webhooks.update", { id: hook!.id, url: "https://shop-tools.hooks.example/in" }))).toEqual({ id: hook!.id, url: "https://shop-tools.hooks.example/in" });
    s.webhookDns.set("shop-tools.hooks.example", ["127.0.0.53"]);
    const rebound = ok<{ deliveryId: string }>(await owner.mutation("workspace.webhooks.test", { id: hook!.id }));
    expect(await deliver(rebound.deliveryId)).toBe("refused");
    const log = ok<{ id: string; status: string; lastError: string }[]>(await owner.query("workspace.webhooks.deliveries"));
    expect(log.find((d) => d.id === rebound.deliveryId)).toMatchObject({ status: "failed", lastError: "webhook_url_private" });
  });

  it("agents can neither see nor manage webhooks (no secret, no log)", async () => {
    const [hook] = ok<{ id: string }[]>(await owner.query("workspace.webhooks.list"));
    const [delivery] = ok<{ id: string }[]>(await owner.query("workspace.webhooks.deliveries"));
    const calls: [string, "query" | "mutation", unknown][] = [
      ["workspace.webhooks.list", "query", undefined],
      ["workspace.webhooks.deliveries", "query", undefined],
      ["workspace.webhooks.create", "mutation", { url: receiverUrl }],
      ["workspace.webhooks.update", "mutation", { id: hook!.id, url: receiverUrl }],
      ["workspace.webhooks.rotateSecret", "mutation", { id: hook!.id }],
      ["workspace.webhooks.test", "mutation", { id: hook!.id }],
      ["workspace.webhooks.redeliver", "mutation", { id: delivery!.id }],
      ["workspace.webhooks.delete", "mutation", { id: hook!.id }],
    ];
    for (const [path, kind, input] of calls) {
      const res = kind === "query" ? await agent.query(path, input) : await agent.mutation(path, input);
      expect(res, path).toMatchObject({ ok: false, code: "FORBIDDEN", data: { appError: { code: "role_required" } } });
    }
    expect(ok<unknown[]>(await owner.query("workspace.webhooks.list"))).toHaveLength(1);
    ok(await owner.mutation("workspace.webhooks.delete", { id: hook!.id }));
    expect(await owner.mutation("workspace.webhooks.delete", { id: hook!.id })).toMatchObject({ ok: false, code: "NOT_FOUND", data: { appError: { code: "webhook_not_found" } } });
  });
});
