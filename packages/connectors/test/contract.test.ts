// Contract tests: the connectors against the fake Graph server over real HTTP.
// One parameterised block runs every interface method on both connectors; platform blocks cover the rest.
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { startFakeGraph } from "@sillage/fake-graph";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  createConnectors,
  PlatformError,
  type Channel,
  type Connectors,
  type ConnectorConfig,
  type PlatformConnector,
  type PublishProgress,
  type PublishRequest,
  type PublishStepResult,
  type WebhookEvent,
} from "../src/index";

type Fake = Awaited<ReturnType<typeof startFakeGraph>>;
type Control = Fake["control"];

const META_SECRET = "meta-secret";
const IG_SECRET = "ig-secret";
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

let fake: Fake;
let control: Control;
let connectors: Connectors;
let config: ConnectorConfig;

// ---------- a webhook receiver keeping the exact raw bytes ----------
interface Delivery {
  product: string;
  raw: Buffer;
  headers: IncomingHttpHeaders;
}
let deliveries: Delivery[] = [];
let receiver: Server;
let receiverUrl = "";

beforeAll(async () => {
  fake = await startFakeGraph({ port: 0 });
  control = fake.control;
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      deliveries.push({ product: (req.url ?? "").slice(1), raw: Buffer.concat(chunks), headers: req.headers });
      res.writeHead(200).end("ok");
    });
  });
  await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", r));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  config = {
    graphUrl: fake.url,
    instagramGraphUrl: fake.url,
    instagramOauthUrl: fake.url,
    graphVersion: "v25.0",
    appId: "meta-app",
    appSecret: META_SECRET,
    instagramAppId: "ig-app",
    instagramAppSecret: IG_SECRET,
    // Short enough for the timeout case to stay quick, long enough that a normal answer on a loaded 2-core CI box is
    // never taken for one (400 ms was passed once by a send).
    timeoutMs: 1_500,
    clock: () => new Date(control.now().now),
    retryBaseMs: 5,
    safeRetries: 2,
    breakerThreshold: 5,
    breakerHalfOpenAfterMs: 200,
    containerPollMs: 5,
    publishRetryWaitMs: 5,
  };
});

afterAll(async () => {
  await fake?.close();
  receiver?.closeAllConnections();
  await new Promise<void>((r) => (receiver ? receiver.close(() => r()) : r()));
});

beforeEach(() => {
  control.reset();
  control.configureApps({ metaAppId: "meta-app", metaAppSecret: META_SECRET, instagramAppId: "ig-app", instagramAppSecret: IG_SECRET });
  control.configureWebhooks({
    whatsapp: { url: `${receiverUrl}/whatsapp` },
    instagram: { url: `${receiverUrl}/instagram` },
    metaAppSecret: META_SECRET,
    instagramAppSecret: IG_SECRET,
    statuses: [],
  });
  deliveries = [];
  // A fresh registry per test: breakers and usage start clean.
  connectors = createConnectors(config);
});

async function flush(): Promise<Delivery[]> {
  await control.flushWebhooks();
  return deliveries;
}

async function caught(p: Promise<unknown>): Promise<PlatformError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof PlatformError) return e;
    throw e;
  }
  throw new Error("expected a PlatformError");
}

const nowDate = () => new Date(control.now().now);
const callCount = () => control.calls().length;

// ---------- per-platform fixtures for the shared suite ----------
interface Fixture {
  name: "whatsapp" | "instagram";
  connector: () => PlatformConnector;
  channel: () => Channel;
  /** A customer writes in: opens the window, returns the customer's id. */
  customerWrites: (text: string) => string;
  /** A cheap safe read used to exercise errors. */
  read: () => Promise<unknown>;
  readOperation: string;
  sendOperation: string;
  publishRequest: () => PublishRequest;
  expectedMaxText: number;
}

function whatsappFixture(): Fixture {
  let acct: ReturnType<Control["createWhatsAppAccount"]>;
  const channel = (): Channel => ({
    id: "wa-1",
    platform: "whatsapp",
    externalId: acct.phoneNumberId,
    wabaId: acct.wabaId,
    accessToken: acct.token,
  });
  return {
    name: "whatsapp",
    connector: () => {
      acct = control.createWhatsAppAccount({ templates: [{ name: "promo", bodyText: "Hello there" }] });
      return connectors.whatsapp;
    },
    channel,
    customerWrites: (text) => {
      control.customerMessage({ channel: "whatsapp", phoneNumberId: acct.phoneNumberId, from: "16505551234", name: "Sheena", text });
      return "16505551234";
    },
    read: () => connectors.whatsapp.listTemplates(channel()),
    readOperation: "whatsapp.templates",
    sendOperation: "whatsapp.send",
    publishRequest: () => ({
      platform: "whatsapp",
      broadcastId: "broadcast:b1",
      recipients: [{ to: "16505550001" }, { to: "16505550002" }],
      message: { type: "template", name: "promo", language: "en_US" },
    }),
    expectedMaxText: 4096,
  };
}

function instagramFixture(): Fixture {
  let acct: ReturnType<Control["createInstagramAccount"]>;
  const channel = (): Channel => ({
    id: "ig-1",
    platform: "instagram",
    externalId: acct.igUserId,
    accessToken: acct.token,
    variant: "instagram",
    tokenIssuedAt: nowDate(),
    tokenExpiresAt: acct.tokenExpiresAt ? new Date(acct.tokenExpiresAt) : null,
  });
  return {
    name: "instagram",
    connector: () => {
      acct = control.createInstagramAccount({ variant: "instagram", username: "shop" });
      return connectors.instagram;
    },
    channel,
    customerWrites: (text) => {
      control.customerMessage({ channel: "instagram", igUserId: acct.igUserId, from: "IGSID-1", text });
      return "IGSID-1";
    },
    read: () => connectors.instagram.publishingLimit(channel()),
    readOperation: "instagram.publishing_limit",
    sendOperation: "instagram.send",
    publishRequest: () => ({ platform: "instagram", format: "feed", caption: "Hello #sillage", media: [{ kind: "image", url: "https://cdn.example.com/a.jpg" }] }),
    expectedMaxText: 2200,
  };
}

async function publishToEnd(
  connector: PlatformConnector,
  channel: Channel,
  request: PublishRequest,
  start: PublishProgress | null = null,
  maxSteps = 50,
): Promise<{ result: PublishStepResult; steps: PublishStepResult[] }> {
  let progress = start;
  const steps: PublishStepResult[] = [];
  for (let i = 0; i < maxSteps; i++) {
    const r = await connector.publish(channel, request, progress);
    steps.push(r);
    // What a caller does: persist, then come back (JSON round trip proves the progress is serialisable).
    progress = JSON.parse(JSON.stringify(r.progress)) as PublishProgress;
    if (r.done) return { result: r, steps };
  }
  throw new Error("publish did not finish");
}

describe.each([whatsappFixture(), instagramFixture()])("PlatformConnector contract: $name", (fx) => {
  let connector: PlatformConnector;
  beforeEach(() => {
    connector = fx.connector();
  });

  it("names itself and declares capabilities", () => {
    expect(connector.name).toBe(fx.name);
    expect(connector.capabilities.maxTextLength.post).toBe(fx.expectedMaxText);
    expect(connector.capabilities.dm).toBe(true);
    expect(connector.capabilities.messageWindowHours).toBe(24);
  });

  it("sends a message inside the 24 h window and exposes usage", async () => {
    const customer = fx.customerWrites("hello");
    const res = await connector.sendMessage(fx.channel(), { to: customer, message: { type: "text", text: "Hi! How can we help?" }, lastInboundAt: nowDate() });
    expect(res.messageId).toBeTruthy();
    expect(res.usage?.maxPercent).toBeGreaterThanOrEqual(0);
    expect(connector.usage(fx.channel().id)).toBeDefined();
    const sent = control.sentMessages({ channel: fx.name });
    expect(sent.map((s) => s.id)).toContain(res.messageId);
  });

  it("refuses free text outside the window BEFORE any HTTP call", async () => {
    const before = callCount();
    const e = await caught(
      connector.sendMessage(fx.channel(), { to: "16505559999", message: { type: "text", text: "late" }, lastInboundAt: new Date(nowDate().getTime() - 25 * HOUR) }),
    );
    expect(e.kind).toBe("window_closed");
    expect(e.retryable).toBe(false);
    expect(callCount()).toBe(before);
  });

  it("publishes in resumable steps", async () => {
    const { result } = await publishToEnd(connector, fx.channel(), fx.publishRequest());
    expect(result.done).toBe(true);
    expect(result.platformPostId).toBeTruthy();
  });

  it("verifies webhook signatures on the exact raw bytes and normalises them", async () => {
    // Meta sends an account's webhooks once the app is subscribed for it.
    await connector.setupWebhook(fx.channel());
    fx.customerWrites("café / ünïcode");
    const [d] = (await flush()).filter((x) => x.product === fx.name);
    if (!d) throw new Error("no webhook delivered");
    const channel = fx.channel();
    expect(connector.verifySignature(d.raw, d.headers, channel)).toEqual({ ok: true });
    const tampered = Buffer.from(d.raw);
    tampered[10] = tampered[10] === 0x61 ? 0x62 : 0x61;
    expect(connector.verifySignature(tampered, d.headers, channel)).toEqual({ ok: false, reason: "mismatch" });
    expect(connector.verifySignature(d.raw, d.headers, "wrong-secret")).toEqual({ ok: false, reason: "mismatch" });
    expect(connector.verifySignature(d.raw, {}, channel)).toEqual({ ok: false, reason: "missing_header" });
    const sha1Only = { "x-hub-signature": d.headers["x-hub-signature"] ?? "sha1=00" };
    expect(connector.verifySignature(d.raw, sha1Only, channel)).toEqual({ ok: false, reason: "sha1_only" });

    const events = connector.normalizeWebhook(d.raw);
    const msg = events.find((e): e is Extract<WebhookEvent, { type: "message" }> => e.type === "message");
    expect(msg?.text).toBe("café / ünïcode");
    expect(msg?.accountId).toBe(channel.externalId);
  });

  it("answers the verification handshake", () => {
    expect(connector.verifyHandshake({ "hub.mode": "subscribe", "hub.verify_token": "v", "hub.challenge": "42" }, "v")).toEqual({ ok: true, status: 200, body: "42" });
    expect(connector.verifyHandshake({ "hub.mode": "subscribe", "hub.verify_token": "x", "hub.challenge": "42" }, "v").status).toBe(403);
  });

  it("subscribes webhooks", async () => {
    const r = await connector.setupWebhook(fx.channel());
    expect(r.subscribed).toBe(true);
  });

  const faults: Array<[string, Parameters<Control["injectFault"]>[0], string, boolean]> = [
    ["transient (code 2)", { kind: "transient", code: 2, times: 3 }, "retryable", true],
    ["throttle (code 4)", { kind: "throttle", code: 4 }, "rate_limited", true],
    ["throttle (80002)", { kind: "throttle", code: 80002 }, "rate_limited", true],
    ["throttle (130429)", { kind: "throttle", code: 130429 }, "rate_limited", true],
    ["expired token (190/463)", { kind: "permanent", code: 190, subcode: 463, httpStatus: 401 }, "auth_expired", false],
    ["permission (10)", { kind: "permanent", code: 10, httpStatus: 403 }, "permission", false],
    ["permission (200)", { kind: "permanent", code: 200 }, "permission", false],
    ["invalid (100)", { kind: "permanent", code: 100 }, "invalid_input", false],
    ["policy (368)", { kind: "permanent", code: 368 }, "policy", false],
    ["malformed body", { kind: "malformed", times: 3 }, "malformed", true],
    ["slow beyond the timeout", { kind: "slow", delayMs: 2_500, times: 3 }, "timeout", true],
    ["lost response", { kind: "lost_response", times: 3 }, "network", true],
  ];
  it.each(faults)("classifies %s", async (_n, fault, kind, retryable) => {
    control.injectFault({ ...fault, match: { operation: fx.readOperation } });
    const e = await caught(fx.read());
    expect(e.kind).toBe(kind);
    expect(e.retryable).toBe(retryable);
    expect(e.userMessage.length).toBeGreaterThan(10);
    if (kind === "rate_limited") expect(e.retryAfterMs).toBeGreaterThan(0);
    if (fault.code !== undefined) expect(e.code).toBe(fault.code);
  });

  it("retries a safe read after one transient failure, never a send", async () => {
    control.injectFault({ kind: "transient", match: { operation: fx.readOperation } });
    await expect(fx.read()).resolves.toBeDefined();
    const customer = fx.customerWrites("hi");
    control.injectFault({ kind: "transient", match: { operation: fx.sendOperation } });
    const before = control.calls().filter((c) => c.operation === fx.sendOperation).length;
    const e = await caught(connector.sendMessage(fx.channel(), { to: customer, message: { type: "text", text: "x" }, lastInboundAt: nowDate() }));
    expect(e.kind).toBe("retryable");
    expect(control.calls().filter((c) => c.operation === fx.sendOperation).length).toBe(before + 1);
  });

  it("opens the channel's circuit breaker on repeated transient failures, not on permanent ones", async () => {
    control.injectFault({ kind: "permanent", code: 100, times: 10, match: { operation: fx.readOperation } });
    for (let i = 0; i < 6; i++) await caught(fx.read());
    expect(connector.breakerState(fx.channel().id)).toBe("closed");
    control.clearFaults();
    control.injectFault({ kind: "transient", times: 100, match: { operation: fx.readOperation } });
    await caught(fx.read()); // 3 attempts
    await caught(fx.read()); // 2 more → 5 → open
    expect(connector.breakerState(fx.channel().id)).toBe("open");
    const before = callCount();
    expect((await caught(fx.read())).kind).toBe("circuit_open");
    expect(callCount()).toBe(before);
    control.clearFaults();
    await new Promise((r) => setTimeout(r, 220));
    expect(connector.breakerState(fx.channel().id)).toBe("half_open");
    await fx.read();
    expect(connector.breakerState(fx.channel().id)).toBe("closed");
  });

  it("downloads inbound media with the bearer token", async () => {
    const bytes = Buffer.from("fake-jpeg-bytes-\u00ff", "latin1");
    const channel = fx.channel();
    await connector.setupWebhook(channel);
    if (fx.name === "whatsapp") {
      const r = control.customerMessage({
        channel: "whatsapp",
        phoneNumberId: channel.externalId,
        from: "16505551234",
        media: { kind: "image", mimeType: "image/jpeg", bytesBase64: bytes.toString("base64"), caption: "pic" },
      });
      const got = await connector.downloadMedia(channel, { mediaId: r.mediaId });
      expect(Buffer.from(got.bytes)).toEqual(bytes);
      expect(got.mimeType).toBe("image/jpeg");
    } else {
      control.customerMessage({
        channel: "instagram",
        igUserId: channel.externalId,
        from: "IGSID-1",
        attachments: [{ type: "image", bytesBase64: bytes.toString("base64"), mimeType: "image/jpeg" }],
      });
      const events = connector.normalizeWebhook((await flush()).find((d) => d.product === "instagram")?.raw);
      const msg = events.find((e): e is Extract<WebhookEvent, { type: "message" }> => e.type === "message");
      const url = msg?.attachments[0]?.url;
      expect(url).toBeTruthy();
      const got = await connector.downloadMedia(channel, { url: url ?? "" });
      expect(Buffer.from(got.bytes)).toEqual(bytes);
    }
  });

  it("token refresh rules", async () => {
    const channel = fx.channel();
    if (fx.name === "whatsapp") {
      expect(connector.shouldRefresh(channel, nowDate())).toBe(false);
      expect((await connector.refreshToken(channel)).status).toBe("not_supported");
      return;
    }
    // Young token: not refreshable yet (and no HTTP call).
    const before = callCount();
    expect(await connector.refreshToken(channel)).toMatchObject({ status: "too_early" });
    expect(callCount()).toBe(before);
    // 51 days later: 9 days left → should refresh, and the refresh succeeds.
    control.advance({ ms: 51 * DAY });
    const aged: Channel = { ...channel, tokenIssuedAt: new Date(nowDate().getTime() - 51 * DAY) };
    expect(connector.shouldRefresh(aged, nowDate())).toBe(true);
    const r = await connector.refreshToken(aged);
    if (r.status !== "refreshed") throw new Error(`not refreshed: ${r.status}`);
    expect(r.accessToken).toBeTruthy();
    expect(new Date(r.expiresAt ?? 0).getTime()).toBeGreaterThan(nowDate().getTime() + 50 * DAY);
    // The new token works.
    await connectors.instagram.publishingLimit({ ...aged, accessToken: r.accessToken });
  });

  it("comments: supported on Instagram only", async () => {
    const channel = fx.channel();
    if (fx.name === "whatsapp") {
      expect((await caught(connector.replyComment(channel, "x", "y"))).kind).toBe("unsupported");
      expect((await caught(connector.hideComment(channel, "x"))).kind).toBe("unsupported");
      expect((await caught(connector.unhideComment(channel, "x"))).kind).toBe("unsupported");
      expect((await caught(connector.deleteComment(channel, "x"))).kind).toBe("unsupported");
      return;
    }
    const { id: mediaId } = control.seedInstagramMedia({ igUserId: channel.externalId, caption: "post" });
    const { id: commentId } = control.customerComment({ mediaId, from: "u1", username: "ana", text: "Price?" });
    const page = await connectors.instagram.listCommentsPage(channel, mediaId);
    expect(page.comments.map((c) => c.id)).toEqual([commentId]);
    const reply = await connector.replyComment(channel, commentId, "DM sent!");
    expect(reply.id).toBeTruthy();
    expect((await connector.hideComment(channel, commentId)).success).toBe(true);
    expect(control.comments({ mediaId }).find((c) => c.id === commentId)?.hidden).toBe(true);
    expect((await connector.unhideComment(channel, commentId)).success).toBe(true);
    expect(control.comments({ mediaId }).find((c) => c.id === commentId)?.hidden).toBe(false);
    expect((await connector.deleteComment(channel, commentId)).success).toBe(true);
    expect(control.comments({ mediaId }).find((c) => c.id === commentId)?.deleted).toBe(true);
  });
});

// ---------------------------------------------------------------------------------------------------------
describe("WhatsApp specifics", () => {
  let acct: ReturnType<Control["createWhatsAppAccount"]>;
  let channel: Channel;
  beforeEach(async () => {
    acct = control.createWhatsAppAccount({
      windowMode: "async",
      templates: [{ name: "promo", bodyText: "Hi {{1}}" }, { name: "plain", bodyText: "Hello" }],
    });
    channel = { id: "wa-2", platform: "whatsapp", externalId: acct.phoneNumberId, wabaId: acct.wabaId, accessToken: acct.token };
    // Meta sends the WABA's webhooks once the app is subscribed to it.
    await connectors.whatsapp.setupWebhook(channel);
  });

  it("sends templates outside the window, media by link inside it", async () => {
    const t = await connectors.whatsapp.sendMessage(channel, {
      to: "16505551234",
      message: { type: "template", name: "promo", language: "en_US", components: [{ type: "body", parameters: [{ type: "text", text: "Ana" }] }] },
    });
    expect(t.messageStatus).toBe("accepted");
    control.customerMessage({ channel: "whatsapp", phoneNumberId: acct.phoneNumberId, from: "16505551234", text: "hi" });
    const m = await connectors.whatsapp.sendMessage(channel, {
      to: "16505551234",
      lastInboundAt: nowDate(),
      message: { type: "media", kind: "image", link: "https://cdn.example.com/a.jpg", caption: "our menu" },
      callbackData: "outbox-42",
    });
    expect(m.messageId).toMatch(/^wamid\./);
    const sent = control.sentMessages({ channel: "whatsapp" });
    expect(sent.map((s) => s.kind)).toEqual(expect.arrayContaining(["template", "image"]));
  });

  it("rejects too long texts and captions before calling", async () => {
    const before = callCount();
    const long = await caught(connectors.whatsapp.sendMessage(channel, { to: "1650555", lastInboundAt: nowDate(), message: { type: "text", text: "x".repeat(4097) } }));
    expect(long.kind).toBe("invalid_input");
    const cap = await caught(
      connectors.whatsapp.sendMessage(channel, { to: "1650555", lastInboundAt: nowDate(), message: { type: "media", kind: "image", link: "https://x/a.jpg", caption: "x".repeat(1025) } }),
    );
    expect(cap.userMessage).toContain("1,024");
    expect(callCount()).toBe(before);
  });

  it("131047 as a sync error and as an async failed status after a 200", async () => {
    // We believe the window is open (stale data) but Meta does not: sync mode answers 400.
    control.setWindowMode({ phoneNumberId: acct.phoneNumberId, mode: "sync" });
    const e = await caught(connectors.whatsapp.sendMessage(channel, { to: "16505550000", lastInboundAt: nowDate(), message: { type: "text", text: "hi" } }));
    expect(e).toMatchObject({ kind: "window_closed", code: 131047, retryable: false });
    expect(e.userMessage).toContain("approved template");

    control.setWindowMode({ phoneNumberId: acct.phoneNumberId, mode: "async" });
    const ok = await connectors.whatsapp.sendMessage(channel, { to: "16505550000", lastInboundAt: nowDate(), message: { type: "text", text: "hi" } });
    const events = (await flush()).filter((d) => d.product === "whatsapp").flatMap((d) => connectors.whatsapp.normalizeWebhook(d.raw));
    const failed = events.find((ev): ev is Extract<WebhookEvent, { type: "message_status" }> => ev.type === "message_status" && ev.status === "failed");
    expect(failed?.messageId).toBe(ok.messageId);
    expect(failed?.errors[0]).toMatchObject({ code: 131047, kind: "window_closed" });
  });

  it("throttling as Meta answers it (130429, 131056, 80007; no is_transient): rate limited, to retry after a wait", async () => {
    for (const code of [130429, 131056, 80007]) {
      control.injectFault({ match: { operation: "whatsapp.send" }, kind: "throttle", code });
      const e = await caught(connectors.whatsapp.sendMessage(channel, { to: "16505551234", message: { type: "template", name: "plain", language: "en_US" } }));
      expect({ code: e.code, kind: e.kind, retryable: e.retryable }).toEqual({ code, kind: "rate_limited", retryable: true });
      expect(e.retryAfterMs).toBeGreaterThan(0);
    }
  });

  it("delivers sent → delivered → read statuses with the callback data", async () => {
    control.configureWebhooks({ statuses: ["sent", "delivered", "read"] });
    const r = await connectors.whatsapp.sendMessage(channel, {
      to: "16505551234",
      message: { type: "template", name: "plain", language: "en_US" },
      callbackData: "outbox-7",
    });
    const events = (await flush()).filter((d) => d.product === "whatsapp").flatMap((d) => connectors.whatsapp.normalizeWebhook(d.raw));
    const statuses = events.filter((ev): ev is Extract<WebhookEvent, { type: "message_status" }> => ev.type === "message_status" && ev.messageId === r.messageId);
    expect(statuses.map((s) => s.status).sort()).toEqual(["delivered", "read", "sent"]);
    expect(statuses.every((s) => s.callbackData === "outbox-7")).toBe(true);
  });

  it("lists templates across every page", async () => {
    for (let i = 0; i < 23; i++) control.addTemplate({ wabaId: acct.wabaId, name: `t_${i}`, bodyText: "x" });
    const before = control.calls().filter((c) => c.operation === "whatsapp.templates").length;
    const r = await connectors.whatsapp.listTemplates(channel, { pageSize: 10 });
    expect(r.templates).toHaveLength(25);
    expect(new Set(r.templates.map((t) => t.name)).size).toBe(25);
    expect(control.calls().filter((c) => c.operation === "whatsapp.templates").length - before).toBe(3);
  });

  it("marks messages read", async () => {
    const { id } = control.customerMessage({ channel: "whatsapp", phoneNumberId: acct.phoneNumberId, from: "16505551234", text: "hi" });
    expect((await connectors.whatsapp.markRead(channel, id, true)).success).toBe(true);
  });

  it("broadcast: one request per recipient, resumable, never re-sends a done recipient", async () => {
    const small = createConnectors({ ...config, broadcastBatchSize: 2 });
    const request: PublishRequest = {
      platform: "whatsapp",
      broadcastId: "broadcast:42",
      recipients: [
        { to: "16505550001" },
        { to: "16505550002", optedIn: false },
        { to: "16505550003" },
        { to: "16505550004" },
        { to: "16505550005" },
      ],
      message: { type: "template", name: "promo", language: "en_US", components: [{ type: "body", parameters: [{ type: "text", text: "friend" }] }] },
    };
    const first = await small.whatsapp.publish(channel, request, null);
    expect(first.done).toBe(false);
    expect(first.summary).toMatchObject({ sent: 2, skipped: 1, pending: 2 });
    // Resume from the saved progress, with a throttle on the 2nd send of this step.
    control.injectFault({ kind: "throttle", code: 130429, skip: 1, match: { operation: "whatsapp.send" } });
    const second = await small.whatsapp.publish(channel, request, JSON.parse(JSON.stringify(first.progress)) as PublishProgress);
    expect(second.done).toBe(false);
    expect(second.waitMs).toBeGreaterThan(0);
    const { result } = await publishToEnd(small.whatsapp, channel, request, second.progress);
    expect(result.platformPostId).toBe("broadcast:42");
    expect(result.summary).toMatchObject({ sent: 4, skipped: 1, pending: 0, failed: 0 });
    const progress = result.progress as Extract<PublishProgress, { platform: "whatsapp" }>;
    const wamids = Object.values(progress.results).flatMap((o) => (o.status === "sent" ? [o.wamid] : []));
    expect(wamids).toHaveLength(4);
    const sentTo = control.sentMessages({ channel: "whatsapp" }).filter((s) => s.status !== "failed").map((s) => s.to);
    expect(sentTo.sort()).toEqual(["16505550001", "16505550003", "16505550004", "16505550005"]);
    // Calling again after done sends nothing.
    const again = await small.whatsapp.publish(channel, request, result.progress);
    expect(again.done).toBe(true);
    expect(control.sentMessages({ channel: "whatsapp" })).toHaveLength(4);
  });

  it("broadcast: a worker that dies mid-batch leaves that batch uncertain on resume, never sent twice", async () => {
    const request: PublishRequest = {
      platform: "whatsapp",
      broadcastId: "broadcast:crash",
      recipients: [{ to: "16505550101" }, { to: "16505550102" }, { to: "16505550103" }],
      message: { type: "template", name: "promo", language: "en_US", components: [{ type: "body", parameters: [{ type: "text", text: "friend" }] }] },
    };
    const saved: PublishProgress[] = [];
    const onProgress = (p: PublishProgress) => Promise.resolve(void saved.push(JSON.parse(JSON.stringify(p)) as PublishProgress));
    // The run goes out, but dies before its results are saved: only the progress saved before the sends survives.
    const died = await connectors.whatsapp.publish(channel, request, null, { onProgress });
    expect(died.summary).toMatchObject({ sent: 3 });
    expect(saved).toHaveLength(1);
    expect(saved[0]).toMatchObject({ inFlight: ["16505550101", "16505550102", "16505550103"], results: {} });
    const sendsBefore = control.calls().filter((c) => c.operation === "whatsapp.send").length;
    const resumed = await connectors.whatsapp.publish(channel, request, saved[0], { onProgress });
    expect(control.calls().filter((c) => c.operation === "whatsapp.send")).toHaveLength(sendsBefore);
    expect(resumed).toMatchObject({ done: true, summary: { sent: 0, uncertain: 3, pending: 0 } });
    expect((resumed.progress as Extract<PublishProgress, { platform: "whatsapp" }>).inFlight).toBeUndefined();
  });

  it("broadcast: a recipient put off too often fails, and the rest of the broadcast goes on", async () => {
    const impatient = createConnectors({ ...config, broadcastMaxWaits: 3 });
    // Meta answers "try again" three times: each time to the first recipient, the one in hand.
    control.injectFault({ kind: "transient", times: 3, match: { operation: "whatsapp.send" } });
    const request: PublishRequest = {
      platform: "whatsapp",
      broadcastId: "broadcast:stuck",
      recipients: [{ to: "16505550201" }, { to: "16505550202" }],
      message: { type: "template", name: "promo", language: "en_US", components: [{ type: "body", parameters: [{ type: "text", text: "friend" }] }] },
    };
    const { result, steps } = await publishToEnd(impatient.whatsapp, channel, request);
    expect(steps.filter((s) => s.waitMs !== undefined && !s.done)).toHaveLength(2);
    expect(result).toMatchObject({ done: true, summary: { sent: 1, failed: 1, pending: 0 } });
    expect((result.progress as Extract<PublishProgress, { platform: "whatsapp" }>).results["16505550201"]).toMatchObject({ status: "failed" });
  });

  it("broadcast: a lost answer marks the recipient uncertain (no duplicate), text only inside each window", async () => {
    control.customerMessage({ channel: "whatsapp", phoneNumberId: acct.phoneNumberId, from: "16505550001", text: "hi" });
    const lastInboundAt = nowDate();
    control.injectFault({ kind: "lost_response", match: { operation: "whatsapp.send" } });
    const request: PublishRequest = {
      platform: "whatsapp",
      broadcastId: "broadcast:text",
      recipients: [
        { to: "16505550001", lastInboundAt },
        { to: "16505550009", lastInboundAt: new Date(lastInboundAt.getTime() - 2 * DAY) },
      ],
      message: { type: "text", text: "Flash sale today" },
    };
    const { result } = await publishToEnd(connectors.whatsapp, channel, request);
    const p = result.progress as Extract<PublishProgress, { platform: "whatsapp" }>;
    expect(p.results["16505550001"]?.status).toBe("uncertain");
    expect(p.results["16505550009"]).toMatchObject({ status: "skipped", reason: "window_closed" });
    expect(control.calls().filter((c) => c.operation === "whatsapp.send")).toHaveLength(1);
  });

  it("broadcast: an expired token aborts with the progress to save", async () => {
    control.revokeToken({ token: acct.token, subcode: 460 });
    const e = await caught(
      connectors.whatsapp.publish(channel, { platform: "whatsapp", broadcastId: "broadcast:x", recipients: [{ to: "16505550001" }], message: { type: "template", name: "promo", language: "en_US" } }),
    );
    expect(e.kind).toBe("auth_expired");
    expect(e.userMessage).toContain("Reconnect the WhatsApp number");
    expect(e.progress).toMatchObject({ broadcastId: "broadcast:x" });
  });

  it("normalises a batched webhook with several entries, changes and messages", async () => {
    control.configureWebhooks({ batchWindowMs: 30 });
    const other = control.createWhatsAppAccount({});
    await connectors.whatsapp.setupWebhook({ id: "wa-other", platform: "whatsapp", externalId: other.phoneNumberId, wabaId: other.wabaId, accessToken: other.token });
    control.customerMessage({ channel: "whatsapp", phoneNumberId: acct.phoneNumberId, from: "111", text: "a" });
    control.customerMessage({ channel: "whatsapp", phoneNumberId: acct.phoneNumberId, from: "222", text: "b" });
    control.customerMessage({ channel: "whatsapp", phoneNumberId: other.phoneNumberId, from: "333", text: "c" });
    const ds = (await flush()).filter((d) => d.product === "whatsapp");
    const texts = ds.flatMap((d) => connectors.whatsapp.normalizeWebhook(d.raw)).flatMap((e) => (e.type === "message" ? [e.text] : []));
    expect(texts.sort()).toEqual(["a", "b", "c"]);
    for (const d of ds) expect(connectors.whatsapp.verifySignature(d.raw, d.headers, channel).ok).toBe(true);
  });
});

// ---------------------------------------------------------------------------------------------------------
describe("Instagram specifics", () => {
  let acct: ReturnType<Control["createInstagramAccount"]>;
  let channel: Channel;
  beforeEach(async () => {
    acct = control.createInstagramAccount({ variant: "instagram", username: "shop", humanAgent: true });
    channel = {
      id: "ig-2",
      platform: "instagram",
      externalId: acct.igUserId,
      accessToken: acct.token,
      variant: "instagram",
      humanAgent: true,
      tokenIssuedAt: nowDate(),
      tokenExpiresAt: acct.tokenExpiresAt ? new Date(acct.tokenExpiresAt) : null,
    };
    // Meta sends the account's webhooks once the app is subscribed for it.
    await connectors.instagram.setupWebhook(channel);
  });
  const image = (caption = "New menu!"): PublishRequest => ({
    platform: "instagram",
    format: "feed",
    caption,
    media: [{ kind: "image", url: "https://cdn.example.com/a.jpg" }],
  });

  /** What the runner does: every step saved, a retryable error retried from the progress it carries. */
  async function publishThroughRetries(request: PublishRequest): Promise<{ result: PublishStepResult | undefined; failedAt: string[] }> {
    let progress: PublishProgress | null = null;
    let result: PublishStepResult | undefined;
    const failedAt: string[] = [];
    for (let i = 0; i < 10 && !result?.done; i++) {
      try {
        result = await connectors.instagram.publish(channel, request, progress);
        progress = result.progress;
      } catch (e) {
        if (!(e instanceof PlatformError) || !e.retryable) throw e;
        progress = e.progress as PublishProgress;
        failedAt.push(progress.step);
      }
    }
    return { result, failedAt };
  }

  it("image: start → container_created (IN_PROGRESS, waitMs) → published with permalink", async () => {
    control.configure({ containerPollsInProgress: 2 });
    const { result, steps } = await publishToEnd(connectors.instagram, channel, image());
    expect(steps[0]?.progress).toMatchObject({ step: "container_created" });
    expect(steps[0]?.waitMs).toBeGreaterThan(0);
    expect(result.progress).toMatchObject({ step: "published", mediaId: result.platformPostId });
    expect(result.permalink).toMatch(/^https:\/\/www\.instagram\.com\/p\//);
    expect(control.published({ igUserId: acct.igUserId })).toHaveLength(1);
  });

  it("carousel of 3 and reel", async () => {
    const carousel: PublishRequest = {
      platform: "instagram",
      format: "carousel",
      caption: "three",
      media: [
        { kind: "image", url: "https://cdn.example.com/1.jpg" },
        { kind: "image", url: "https://cdn.example.com/2.jpg" },
        { kind: "video", url: "https://cdn.example.com/3.mp4" },
      ],
    };
    const c = await publishToEnd(connectors.instagram, channel, carousel);
    const reel = await publishToEnd(connectors.instagram, channel, { platform: "instagram", format: "reel", caption: "reel", media: [{ kind: "video", url: "https://cdn.example.com/r.mp4" }] });
    const published = control.published({ igUserId: acct.igUserId });
    expect(published.find((p) => p.mediaId === c.result.platformPostId)).toMatchObject({ mediaType: "CAROUSEL_ALBUM" });
    expect(published.find((p) => p.mediaId === reel.result.platformPostId)).toMatchObject({ mediaType: "VIDEO", mediaProductType: "REELS" });
    const container = c.result.progress;
    expect(container).toMatchObject({ step: "published" });
  });

  const videoCarousel = (caption = "with a video"): PublishRequest => ({
    platform: "instagram",
    format: "carousel",
    caption,
    media: [
      { kind: "image", url: "https://cdn.example.com/1.jpg" },
      { kind: "video", url: "https://cdn.example.com/2.mp4" },
      { kind: "video", url: "https://cdn.example.com/3.mp4" },
    ],
  });
  const containersOf = () => control.containers().filter((c) => c.igUserId === acct.igUserId);

  it("a reel's optional parameters reach Meta: share_to_feed, cover_url, thumb_offset; an image's alt_text (never on a reel)", async () => {
    const reel: PublishRequest = {
      platform: "instagram",
      format: "reel",
      caption: "cover me",
      media: [{ kind: "video", url: "https://cdn.example.com/r.mp4", altText: "ignored for a reel" }],
      shareToFeed: false,
      coverUrl: "https://cdn.example.com/cover.jpg",
      thumbOffsetMs: 2500,
    };
    const { result } = await publishToEnd(connectors.instagram, channel, reel);
    expect(result.done).toBe(true);
    const made = containersOf().find((c) => c.caption === "cover me");
    expect(made).toMatchObject({ mediaType: "REELS", params: { media_type: "REELS", share_to_feed: "false", cover_url: "https://cdn.example.com/cover.jpg", thumb_offset: "2500" } });
    expect(made?.params).not.toHaveProperty("alt_text");
    await publishToEnd(connectors.instagram, channel, { platform: "instagram", format: "feed", caption: "described", media: [{ kind: "image", url: "https://cdn.example.com/a.jpg", altText: "A blue teapot" }] });
    expect(containersOf().find((c) => c.caption === "described")?.params).toMatchObject({ alt_text: "A blue teapot" });
    // Meta takes a JPEG cover only: a PNG one is refused as an unsupported format, before anything is published.
    const png = await caught(connectors.instagram.publish(channel, { ...reel, caption: "png cover", coverUrl: "https://cdn.example.com/cover.png" }, null));
    expect(png).toMatchObject({ kind: "invalid_media", subcode: 2207005, retryable: false });
  });

  it("carousel with videos: every item is checked until FINISHED before the CAROUSEL container is made, then published once", async () => {
    // Meta transcodes a video item for a while; making the carousel before it is FINISHED is refused (9007/2207027).
    control.configure({ containerPollsInProgress: 1, videoPollsInProgress: 3 });
    const saved: string[] = [];
    let progress: PublishProgress | null = null;
    let result: PublishStepResult | undefined;
    const steps: PublishStepResult[] = [];
    for (let i = 0; i < 20 && !result?.done; i++) {
      result = await connectors.instagram.publish(channel, videoCarousel(), progress, { onProgress: async (p) => void saved.push(p.step) });
      steps.push(result);
      progress = JSON.parse(JSON.stringify(result.progress)) as PublishProgress;
    }
    expect(result?.done).toBe(true);
    // Items saved first, then the carousel container once they were all FINISHED, then the mark before media_publish.
    expect(saved).toEqual(["items_created", "container_created", "container_finished"]);
    const waiting = steps.filter((s) => s.progress.step === "items_created");
    expect(waiting.length).toBeGreaterThanOrEqual(3);
    for (const s of waiting) expect(s.waitMs).toBeGreaterThan(0);
    // The image was FINISHED before the videos: it is not read again while they are processed.
    const items = waiting.at(-1)?.progress as Extract<PublishProgress, { step: "items_created" }>;
    expect(items.finishedIds).toEqual([items.childIds[0]]);
    const carousels = containersOf().filter((c) => c.mediaType === "CAROUSEL");
    expect(carousels).toHaveLength(1);
    expect(control.calls().filter((c) => c.operation === "instagram.container_create" && c.status !== 200)).toEqual([]);
    const published = control.published({ igUserId: acct.igUserId });
    expect(published).toHaveLength(1);
    expect(published[0]).toMatchObject({ mediaId: result?.platformPostId, mediaType: "CAROUSEL_ALBUM" });
    expect(published[0]?.children.map((c) => c.mediaType)).toEqual(["IMAGE", "VIDEO", "VIDEO"]);
  });

  it("carousel: a video item in ERROR fails the post with a reason naming the item, before any carousel is made", async () => {
    const first = await connectors.instagram.publish(channel, videoCarousel(), null);
    expect(first.progress).toMatchObject({ step: "items_created" });
    const childIds = (first.progress as Extract<PublishProgress, { step: "items_created" }>).childIds;
    control.setContainerStatus({ containerId: childIds[2]!, status: "ERROR", errorSubcode: 2207026 });
    const e = await caught(connectors.instagram.publish(channel, videoCarousel(), first.progress));
    expect(e).toMatchObject({ kind: "invalid_media", subcode: 2207026, retryable: false });
    expect(e.userMessage).toBe("Carousel item 3 of 3 (video): Unsupported video: check codec, length and size.");
    expect(e.progress).toEqual({ platform: "instagram", step: "start" });
    expect(containersOf().filter((c) => c.mediaType === "CAROUSEL")).toEqual([]);
    expect(control.published({ igUserId: acct.igUserId })).toEqual([]);
  });

  it("carousel: an EXPIRED item sends the retry back to start (new items), and that retry publishes once", async () => {
    const first = await connectors.instagram.publish(channel, videoCarousel("expired item"), null);
    const childIds = (first.progress as Extract<PublishProgress, { step: "items_created" }>).childIds;
    control.setContainerStatus({ containerId: childIds[1]!, status: "EXPIRED" });
    const e = await caught(connectors.instagram.publish(channel, videoCarousel("expired item"), first.progress));
    expect(e).toMatchObject({ retryable: true, progress: { step: "start" } });
    expect(e.userMessage).toMatch(/^Carousel item 2 of 3 \(video\): /);
    const { result } = await publishToEnd(connectors.instagram, channel, videoCarousel("expired item"), e.progress as PublishProgress);
    expect(result.done).toBe(true);
    expect(containersOf().filter((c) => c.isCarouselItem)).toHaveLength(6);
    expect(control.published({ igUserId: acct.igUserId })).toHaveLength(1);
  });

  it("carousel: items still processing after the checks of one attempt → retryable on the same items, resumed without new containers", async () => {
    control.configure({ videoPollsInProgress: 10 });
    const patient = createConnectors({ ...config, containerMaxPolls: 3 });
    let progress: PublishProgress | null = null;
    let e: PlatformError | undefined;
    for (let i = 0; i < 5 && !e; i++) {
      await patient.instagram.publish(channel, videoCarousel("slow videos"), progress).then((r) => (progress = r.progress), (err: PlatformError) => (e = err));
    }
    expect(e?.kind).toBe("retryable");
    const saved = e?.progress as Extract<PublishProgress, { step: "items_created" }>;
    expect(saved).toMatchObject({ step: "items_created", polls: 0 });
    expect(saved.finishedIds).toEqual([saved.childIds[0]]);
    // The retry (a new worker, from the saved progress) checks the same items and publishes once.
    const { result } = await publishToEnd(connectors.instagram, channel, videoCarousel("slow videos"), JSON.parse(JSON.stringify(saved)) as PublishProgress);
    expect(result.done).toBe(true);
    expect(containersOf().filter((c) => c.isCarouselItem).map((c) => c.id)).toEqual(saved.childIds);
    expect(control.published({ igUserId: acct.igUserId })).toHaveLength(1);
  });

  it("validates before calling: carousel size, caption length, hashtags", async () => {
    const before = callCount();
    const one = await caught(connectors.instagram.publish(channel, { platform: "instagram", format: "carousel", media: [{ kind: "image", url: "https://x/1.jpg" }] }));
    expect(one.kind).toBe("invalid_input");
    const eleven = await caught(
      connectors.instagram.publish(channel, { platform: "instagram", format: "carousel", media: Array.from({ length: 11 }, (_, i) => ({ kind: "image" as const, url: `https://x/${i}.jpg` })) }),
    );
    expect(eleven.kind).toBe("invalid_input");
    const long = await caught(connectors.instagram.publish(channel, image("x".repeat(2201))));
    expect(long.userMessage).toContain("Caption longer than 2,200 characters");
    const tags = await caught(connectors.instagram.publish(channel, image(Array.from({ length: 31 }, (_, i) => `#t${i}`).join(" "))));
    expect(tags.kind).toBe("invalid_input");
    expect(callCount()).toBe(before);
  });

  it("a lost media_publish answer is recovered from the container, never published twice", async () => {
    control.injectFault({ kind: "lost_response", match: { operation: "instagram.media_publish" } });
    const { result, failedAt } = await publishThroughRetries(image("recover me"));
    expect(failedAt).toEqual(["container_finished"]);
    expect(result?.done).toBe(true);
    const published = control.published({ igUserId: acct.igUserId });
    expect(published).toHaveLength(1);
    expect(result?.platformPostId).toBe(published[0]?.mediaId);
    expect(control.calls().filter((c) => c.operation === "instagram.media_publish")).toHaveLength(1);
  });

  it("a lost media_publish answer with the container still reading FINISHED: the account's media list finds the post, never published twice", async () => {
    control.injectFault({ kind: "lost_response", match: { operation: "instagram.media_publish" } });
    const saved: PublishProgress[] = [];
    let progress: PublishProgress | null = null;
    let lost: PlatformError | undefined;
    for (let i = 0; i < 10 && !lost; i++) {
      await connectors.instagram.publish(channel, image("stale status"), progress, { onProgress: async (p) => void saved.push(p) }).then(
        (r) => (progress = r.progress),
        (e: PlatformError) => (lost = e),
      );
    }
    // The mark was saved before the call went out (a dead worker leaves it too), and the failure carries it.
    expect(saved.at(-1)).toMatchObject({ step: "container_finished", publishSentAt: expect.any(String) });
    expect(lost?.progress).toMatchObject({ step: "container_finished", publishSentAt: expect.any(String) });
    const [post] = control.published({ igUserId: acct.igUserId });
    // Meta's status read lags behind the publication.
    control.setContainerStatus({ containerId: post!.containerId!, status: "FINISHED" });

    control.injectFault({ kind: "transient", times: 10, match: { operation: "instagram.media_list" } });
    const unsure = await caught(connectors.instagram.publish(channel, image("stale status"), lost!.progress as PublishProgress));
    expect(unsure).toMatchObject({ retryable: true, progress: { step: "container_finished", publishSentAt: expect.any(String) } });
    control.clearFaults();

    const result = await connectors.instagram.publish(channel, image("stale status"), unsure.progress as PublishProgress);
    expect(result).toMatchObject({ done: true, platformPostId: post!.mediaId, permalink: post!.permalink });
    expect(control.calls().filter((c) => c.operation === "instagram.media_publish")).toHaveLength(1);
    expect(control.published({ igUserId: acct.igUserId })).toHaveLength(1);

    // An answer that says "not published" ("not ready", 9007) clears the mark: the next try lists nothing.
    control.injectFault({ kind: "permanent", code: 9007, subcode: 2207027, times: 1, match: { operation: "instagram.media_publish" } });
    const lists = control.calls().filter((c) => c.operation === "instagram.media_list").length;
    const { result: second, steps } = await publishToEnd(connectors.instagram, channel, image("not ready once"));
    expect(steps.find((r) => !r.done && r.progress.step === "container_finished")?.progress).not.toHaveProperty("publishSentAt");
    expect(second.done).toBe(true);
    expect(control.calls().filter((c) => c.operation === "instagram.media_list")).toHaveLength(lists);
  });

  it("mayPublish: asked once the container is ready; no halts before media_publish, and a lost answer still reads as published", async () => {
    const asked: string[] = [];
    let progress: PublishProgress | null = null;
    let result: PublishStepResult | undefined;
    for (let i = 0; i < 10 && !result?.done && !result?.halted; i++) {
      result = await connectors.instagram.publish(channel, image("halt me"), progress, {
        mayPublish: async () => {
          asked.push("asked");
          return false;
        },
      });
      progress = result.progress;
    }
    expect(result).toMatchObject({ done: false, halted: true, progress: { step: "container_finished" } });
    expect(asked).toEqual(["asked"]);
    expect(control.published({ igUserId: acct.igUserId }).filter((p) => p.caption === "halt me")).toEqual([]);
    expect(control.calls().filter((c) => c.operation === "instagram.media_publish")).toHaveLength(0);

    // Published by an earlier attempt whose answer was lost: the container says so before anyone is asked.
    control.injectFault({ kind: "lost_response", match: { operation: "instagram.media_publish" } });
    await caught(connectors.instagram.publish(channel, image("halt me"), progress));
    const after = await connectors.instagram.publish(channel, image("halt me"), progress, { mayPublish: async () => (asked.push("asked again"), false) });
    expect(after).toMatchObject({ done: true });
    expect(asked).toEqual(["asked"]);
  });

  it("an image container still processing is checked again soon, then less and less often (0.5 s, 1 s, 2 s … capped at a minute)", async () => {
    // The product's defaults, not the test config's 5 ms.
    const defaults = createConnectors({ ...config, containerPollMs: undefined, publishRetryWaitMs: undefined });
    const first = await defaults.instagram.publish(channel, image(), null);
    const containerId = (first.progress as Extract<PublishProgress, { step: "container_created" }>).containerId;
    // The first check came straight after creating the container: it said IN_PROGRESS (the fake's default once).
    expect(first).toMatchObject({ done: false, waitMs: 500 });
    control.setContainerStatus({ containerId, status: "IN_PROGRESS" });
    const waits = [first.waitMs];
    let progress = first.progress;
    for (let i = 0; i < 6; i++) {
      const r = await defaults.instagram.publish(channel, image(), progress);
      waits.push(r.waitMs);
      progress = r.progress;
    }
    expect(waits).toEqual([500, 1000, 2000, 4000, 8000, 16000, 32000]);
    // "Not ready" from media_publish (9007) backs off the same way, up to publishRetryWaitMs.
    control.setContainerStatus({ containerId, status: "FINISHED" });
    control.injectFault({ kind: "permanent", code: 9007, subcode: 2207027, times: 3, match: { operation: "instagram.media_publish" } });
    const notReady: (number | undefined)[] = [];
    let result: PublishStepResult | undefined;
    for (let i = 0; i < 6 && !result?.done; i++) {
      result = await defaults.instagram.publish(channel, image(), progress);
      progress = result.progress;
      if (!result.done) notReady.push(result.waitMs);
    }
    expect(notReady).toEqual([500, 1000, 2000]);
    expect(result?.done).toBe(true);
  });

  it("a video container is checked once a minute for at most 5 minutes an attempt (Meta's cadence), then the attempt ends retryable", async () => {
    const defaults = createConnectors({ ...config, containerPollMs: undefined, publishRetryWaitMs: undefined });
    const reel: PublishRequest = { platform: "instagram", format: "reel", caption: "slow reel", media: [{ kind: "video", url: "https://cdn.example.com/r.mp4" }] };
    const first = await defaults.instagram.publish(channel, reel, null);
    const containerId = (first.progress as Extract<PublishProgress, { step: "container_created" }>).containerId;
    control.setContainerStatus({ containerId, status: "IN_PROGRESS" });
    const waits = [first.waitMs];
    let progress = first.progress;
    let e: PlatformError | undefined;
    for (let i = 0; i < 10 && !e; i++) {
      await defaults.instagram.publish(channel, reel, progress).then(
        (r) => {
          waits.push(r.waitMs);
          progress = r.progress;
        },
        (err: PlatformError) => (e = err),
      );
    }
    // Checked at 0, 1, 2, 3, 4 and 5 minutes: five waits of a minute, then the attempt gives up on the same container.
    expect(waits).toEqual([60_000, 60_000, 60_000, 60_000, 60_000]);
    expect(control.calls().filter((c) => c.operation === "instagram.container_status")).toHaveLength(6);
    expect(e).toMatchObject({ kind: "retryable", progress: { step: "container_created", containerId, polls: 0, waitedMs: 0 } });
    expect(e?.message).toMatch(/6 checks over 300 s/);
  });

  it("usage headers announcing a wait (estimated_time_to_regain_access): checks wait that long, and no container is created", async () => {
    const defaults = createConnectors({ ...config, containerPollMs: undefined, publishRetryWaitMs: undefined });
    const first = await defaults.instagram.publish(channel, image("busy"), null);
    expect(first).toMatchObject({ done: false, progress: { step: "container_created" }, waitMs: 500 });
    const containerId = (first.progress as Extract<PublishProgress, { step: "container_created" }>).containerId;
    control.setContainerStatus({ containerId, status: "IN_PROGRESS" });
    // The fake's BUC header says estimated_time_to_regain_access: 5 (minutes) at 100 %.
    control.configure({ usage: { buc: 100 } });
    const next = await defaults.instagram.publish(channel, image("busy"), first.progress);
    expect(next).toMatchObject({ done: false, waitMs: 300_000 });

    const before = control.calls().filter((c) => c.operation === "instagram.container_create").length;
    const e = await caught(defaults.instagram.publish(channel, image("throttled"), null));
    expect(e).toMatchObject({ kind: "rate_limited", retryable: true, retryAfterMs: 300_000, progress: { step: "start" } });
    expect(control.calls().filter((c) => c.operation === "instagram.container_create").length).toBe(before);
  });

  it("a PUBLISHED container whose media cannot be listed is published all the same, its media id left for later", async () => {
    control.injectFault({ kind: "lost_response", match: { operation: "instagram.media_publish" } });
    control.injectFault({ kind: "permanent", code: 100, subcode: 33, times: 10, match: { operation: "instagram.media_list" } });
    const { result } = await publishThroughRetries(image("listed later"));
    expect(result).toMatchObject({ done: true, permalink: null, progress: { step: "published", mediaId: null } });
    expect(result?.platformPostId).toBeUndefined();
    expect(result?.warnings?.[0]).toMatch(/PUBLISHED; its media lookup failed/);
    const createdAt = (result!.progress as { createdAt?: string }).createdAt!;
    expect(createdAt).toBeTruthy();
    control.clearFaults();

    // Later, with 60 newer posts on top (more than a page of 50): the lookup pages back to it, and no further.
    for (let i = 0; i < 60; i++) {
      control.advance({ ms: 60_000 });
      control.seedInstagramMedia({ igUserId: acct.igUserId, caption: `newer ${i}` });
    }
    const mine = control.published({ igUserId: acct.igUserId }).find((p) => p.caption === "listed later")!;
    const before = control.calls().filter((c) => c.operation === "instagram.media_list").length;
    const found = await connectors.instagram.findPublishedMedia(channel, { caption: "listed later", createdAt });
    expect(found.media).toEqual({ id: mine.mediaId, permalink: mine.permalink });
    expect(control.calls().filter((c) => c.operation === "instagram.media_list").length - before).toBe(2);
    // A caption that never went out is not found (and is not mistaken for another post).
    expect((await connectors.instagram.findPublishedMedia(channel, { caption: "never posted", createdAt })).media).toBeNull();
  });

  it("9007/2207027 (not ready) → waitMs, then publishes", async () => {
    control.injectFault({ kind: "permanent", code: 9007, subcode: 2207027, match: { operation: "instagram.media_publish" } });
    const { result, steps } = await publishToEnd(connectors.instagram, channel, image());
    expect(steps.some((s) => !s.done && s.waitMs !== undefined && "step" in s.progress && s.progress.step === "container_finished")).toBe(true);
    expect(result.done).toBe(true);
  });

  it("a container still processing after the checks of one attempt: retryable, and the next attempt gets its own checks", async () => {
    const patient = createConnectors({ ...config, containerMaxPolls: 2 });
    const first = await patient.instagram.publish(channel, image(), null);
    const containerId = (first.progress as Extract<PublishProgress, { step: "container_created" }>).containerId;
    control.setContainerStatus({ containerId, status: "IN_PROGRESS" });
    let progress = first.progress;
    let e: PlatformError | undefined;
    for (let i = 0; i < 3 && !e; i++) {
      await patient.instagram.publish(channel, image(), progress).then((r) => (progress = r.progress), (err: PlatformError) => (e = err));
    }
    expect(e?.kind).toBe("retryable");
    expect(e?.progress).toMatchObject({ step: "container_created", containerId, polls: 0 });
  });

  it("a finished container that keeps answering 'not ready' (9007) ends the attempt after the allowed waits", async () => {
    const patient = createConnectors({ ...config, containerMaxPolls: 3 });
    control.injectFault({ kind: "permanent", code: 9007, subcode: 2207027, times: 100, match: { operation: "instagram.media_publish" } });
    let progress: PublishProgress | null = null;
    let e: PlatformError | undefined;
    const waits: number[] = [];
    for (let i = 0; i < 10 && !e; i++) {
      await patient.instagram.publish(channel, image(), progress).then(
        (r) => {
          progress = r.progress;
          if (r.waitMs !== undefined && r.progress.step === "container_finished") waits.push(r.waitMs);
        },
        (err: PlatformError) => (e = err),
      );
    }
    expect(e?.kind).toBe("retryable");
    expect(waits).toHaveLength(2);
    expect(e?.progress).toMatchObject({ step: "container_finished", waits: 0 });
    expect(control.published({ igUserId: acct.igUserId })).toEqual([]);
  });

  it("container ERROR → invalid_media with progress back to start", async () => {
    const first = await connectors.instagram.publish(channel, image(), null);
    const containerId = (first.progress as Extract<PublishProgress, { step: "container_created" }>).containerId ?? "";
    if (first.done) throw new Error("published too early");
    control.setContainerStatus({ containerId, status: "ERROR", errorSubcode: 2207026 });
    const e = await caught(connectors.instagram.publish(channel, image(), first.progress));
    expect(e).toMatchObject({ kind: "invalid_media", subcode: 2207026 });
    expect(e.progress).toEqual({ platform: "instagram", step: "start" });
    // 36003 (aspect ratio) is a five-digit code in the status text: read and classified like the 2207xxx ones.
    const next = await connectors.instagram.publish(channel, image("wide"), null);
    const wideId = (next.progress as Extract<PublishProgress, { step: "container_created" }>).containerId;
    control.setContainerStatus({ containerId: wideId, status: "ERROR", errorSubcode: 36003 });
    const wide = await caught(connectors.instagram.publish(channel, image("wide"), next.progress));
    expect(wide).toMatchObject({ kind: "invalid_media", subcode: 36003, retryable: false });
    expect(wide.userMessage).toMatch(/Aspect ratio/);
  });

  it("publishing quota is read at run time; 9/2207042 is a quota error", async () => {
    control.configure({ publishQuota: 1 });
    await publishToEnd(connectors.instagram, channel, image("one"));
    const before = control.calls().filter((c) => c.operation === "instagram.container_create").length;
    const e = await caught(connectors.instagram.publish(channel, image("two"), null));
    expect(e).toMatchObject({ kind: "quota", retryable: true });
    expect(control.calls().filter((c) => c.operation === "instagram.container_create").length).toBe(before);
    const limit = await connectors.instagram.publishingLimit(channel);
    expect(limit).toMatchObject({ quotaUsage: 1, quotaTotal: 1 });

    control.configure({ publishQuota: 100 });
    control.injectFault({ kind: "permanent", code: 9, subcode: 2207042, match: { operation: "instagram.media_publish" } });
    const q = await caught(publishToEnd(connectors.instagram, channel, image("three")));
    expect(q.kind).toBe("quota");
    expect(q.progress).toMatchObject({ step: "container_finished" });
  });

  it("comments: page by page with Graph's cursor to the end, newest first, replies under their comment", async () => {
    const { id: mediaId } = control.seedInstagramMedia({ igUserId: acct.igUserId, caption: "post" });
    const ids: string[] = [];
    for (let i = 0; i < 120; i++) ids.push(control.customerComment({ mediaId, from: `u${i}`, username: `user${i}`, text: `c${i}` }).id);
    const readAll = async () => {
      const pages = [];
      let after: string | null = null;
      do {
        const page = await connectors.instagram.listCommentsPage(channel, mediaId, after);
        pages.push(page);
        after = page.after;
      } while (after);
      return pages;
    };
    const before = control.calls().filter((c) => c.operation === "instagram.comments").length;
    const first = await readAll();
    expect(first.map((p) => p.comments.length)).toEqual([50, 50, 20]);
    expect(new Set(first.flatMap((p) => p.comments.map((c) => c.id)))).toEqual(new Set(ids));
    expect(control.calls().filter((c) => c.operation === "instagram.comments").length - before).toBe(3);

    control.advance({ ms: 2_000 });
    const late = control.customerComment({ mediaId, from: "u999", username: "late", text: "new one" }).id;
    const reply = control.customerComment({ mediaId, from: "u998", text: "reply to first", parentId: ids[0] }).id;
    // Newest first: a new comment leads the first page; a reply comes under its (old) comment, on the last page.
    const again = await readAll();
    expect(again[0]!.comments[0]).toMatchObject({ id: late, from: { username: "late" } });
    const oldest = again.flatMap((p) => p.comments).find((c) => c.id === ids[0])!;
    expect(oldest.replies.map((r) => [r.id, r.parentId])).toEqual([[reply, ids[0]]]);
  });

  it("DMs: 24 h window, HUMAN_AGENT only for a person with the permission, up to 7 days", async () => {
    control.customerMessage({ channel: "instagram", igUserId: acct.igUserId, from: "IGSID-9", text: "hello?" });
    const lastInboundAt = nowDate();
    const inside = await connectors.instagram.sendMessage(channel, { to: "IGSID-9", lastInboundAt, message: { type: "text", text: "auto reply" } });
    expect(inside.humanAgentTag).toBe(false);
    control.advance({ ms: 30 * HOUR });
    const before = callCount();
    const bot = await caught(connectors.instagram.sendMessage(channel, { to: "IGSID-9", lastInboundAt, message: { type: "text", text: "bot" } }));
    expect(bot.kind).toBe("window_closed");
    const noPerm = await caught(
      connectors.instagram.sendMessage({ ...channel, humanAgent: false }, { to: "IGSID-9", lastInboundAt, writtenByHuman: true, message: { type: "text", text: "human" } }),
    );
    expect(noPerm.kind).toBe("window_closed");
    expect(callCount()).toBe(before);
    const human = await connectors.instagram.sendMessage(channel, { to: "IGSID-9", lastInboundAt, writtenByHuman: true, message: { type: "text", text: "Sorry for the wait" } });
    expect(human.humanAgentTag).toBe(true);
    const sent = control.sentMessages({ channel: "instagram" });
    expect(sent.find((s) => s.id === human.messageId)?.tag).toBe("HUMAN_AGENT");
    expect(sent.find((s) => s.id === inside.messageId)?.tag).toBeUndefined();
    control.advance({ ms: 7 * DAY });
    expect((await caught(connectors.instagram.sendMessage(channel, { to: "IGSID-9", lastInboundAt, writtenByHuman: true, message: { type: "text", text: "late" } }))).kind).toBe("window_closed");
    // Meta's own answer when our data was stale: 10/2534022.
    const stale = await caught(connectors.instagram.sendMessage(channel, { to: "IGSID-9", lastInboundAt: nowDate(), message: { type: "text", text: "x" } }));
    expect(stale).toMatchObject({ kind: "window_closed", code: 10, subcode: 2534022 });
  });

  it("DM text over 1000 bytes is refused before calling; echoes come back as echo events", async () => {
    control.customerMessage({ channel: "instagram", igUserId: acct.igUserId, from: "IGSID-3", text: "hey" });
    const e = await caught(connectors.instagram.sendMessage(channel, { to: "IGSID-3", lastInboundAt: nowDate(), message: { type: "text", text: "é".repeat(600) } }));
    expect(e.kind).toBe("invalid_input");
    deliveries = [];
    const r = await connectors.instagram.sendMessage(channel, { to: "IGSID-3", lastInboundAt: nowDate(), message: { type: "text", text: "thanks" } });
    const events = (await flush()).filter((d) => d.product === "instagram").flatMap((d) => connectors.instagram.normalizeWebhook(d.raw));
    expect(events).toContainEqual(expect.objectContaining({ type: "echo", messageId: r.messageId, recipientId: "IGSID-3" }));
  });

  it("private reply to a comment: once", async () => {
    const { id: mediaId } = control.seedInstagramMedia({ igUserId: acct.igUserId });
    const { id: commentId } = control.customerComment({ mediaId, from: "u1", text: "price?" });
    const r = await connectors.instagram.sendMessage(channel, { to: { commentId }, message: { type: "text", text: "Sent you the price" } });
    expect(r.messageId).toBeTruthy();
    const again = await caught(connectors.instagram.sendMessage(channel, { to: { commentId }, message: { type: "text", text: "again" } }));
    expect(again.kind).toBe("duplicate");
    const old = await caught(
      connectors.instagram.sendMessage(channel, { to: { commentId, commentCreatedAt: new Date(nowDate().getTime() - 8 * DAY) }, message: { type: "text", text: "late" } }),
    );
    expect(old.kind).toBe("window_closed");
  });

  it("comment actions: the platform's refusals in words about the comment (too old, deleted meanwhile, token expired)", async () => {
    const { id: mediaId } = control.seedInstagramMedia({ igUserId: acct.igUserId });
    const { id: old } = control.customerComment({ mediaId, from: "u1", text: "price?" });
    control.advance({ ms: 8 * DAY });
    // Sillage did not know the comment's time: Meta's own refusal (10/2534022) is worded about the comment.
    const late = await caught(connectors.instagram.sendMessage(channel, { to: { commentId: old }, message: { type: "text", text: "late" } }));
    expect(late).toMatchObject({ kind: "window_closed", subcode: 2534022 });
    expect(late.userMessage).toMatch(/more than 7 days old/);
    expect(control.calls().some((c) => c.method === "POST" && c.path.endsWith("/messages") && c.status === 400)).toBe(true);

    const { id: gone } = control.customerComment({ mediaId, from: "u2", text: "nice" });
    await connectors.instagram.deleteComment(channel, gone); // deleted on the app meanwhile
    for (const attempt of [
      () => connectors.instagram.replyComment(channel, gone, "thanks"),
      () => connectors.instagram.hideComment(channel, gone),
      () => connectors.instagram.unhideComment(channel, gone),
      () => connectors.instagram.deleteComment(channel, gone),
      () => connectors.instagram.sendMessage(channel, { to: { commentId: gone }, message: { type: "text", text: "dm" } }),
    ]) {
      const e = await caught(attempt());
      expect(e).toMatchObject({ kind: "not_found", code: 100, subcode: 33, retryable: false });
      expect(e.userMessage).toMatch(/deleted meanwhile/);
    }

    const { id: fresh } = control.customerComment({ mediaId, from: "u3", text: "hi" });
    control.advance({ ms: 61 * DAY }); // past the token's 60 days
    const expired = await caught(connectors.instagram.replyComment(channel, fresh, "hello"));
    expect(expired.kind).toBe("auth_expired");
    expect(expired.userMessage).toMatch(/Reconnect the Instagram account/);
  });

  it("comment webhooks: own comments marked, reactions kept", async () => {
    const { id: mediaId } = control.seedInstagramMedia({ igUserId: acct.igUserId });
    const { id: commentId } = control.customerComment({ mediaId, from: "u1", username: "ana", text: "love it" });
    await connectors.instagram.replyComment(channel, commentId, "thanks!");
    control.customerMessage({ channel: "instagram", igUserId: acct.igUserId, from: "IGSID-5", text: "hi" });
    const events = (await flush()).filter((d) => d.product === "instagram").flatMap((d) => connectors.instagram.normalizeWebhook(d.raw));
    const { id: mid } = { id: events.find((e) => e.type === "message")?.messageId ?? "" };
    control.customerReaction({ channel: "instagram", igUserId: acct.igUserId, from: "IGSID-5", mid, emoji: "❤️" });
    const more = (await flush()).filter((d) => d.product === "instagram").flatMap((d) => connectors.instagram.normalizeWebhook(d.raw));
    const comments = events.filter((e): e is Extract<WebhookEvent, { type: "comment" }> => e.type === "comment");
    expect(comments.find((c) => c.commentId === commentId)?.isOwn).toBe(false);
    expect(comments.some((c) => c.isOwn && c.parentId === commentId)).toBe(true);
    expect(more).toContainEqual(expect.objectContaining({ type: "reaction", messageId: mid, emoji: "❤️", action: "react" }));
  });

  it("OAuth: code (with #_) → long-lived token → me (user_id and id)", async () => {
    const fresh = control.createInstagramAccount({ variant: "instagram", username: "newshop", oauthCode: true, redirectUri: "https://app.example/cb" });
    const r = await connectors.instagram.connectWithCode(`${fresh.oauthCode ?? ""}#_`, "https://app.example/cb");
    expect(r.me.userId).toBe(fresh.igUserId);
    expect(r.me.id).toBe(fresh.appScopedUserId);
    expect(r.accessToken).toBeTruthy();
    expect(new Date(r.expiresAt ?? 0).getTime()).toBeGreaterThan(nowDate().getTime() + 59 * DAY);
    // Codes are single use: the legacy error shape becomes a typed error.
    const reused = await caught(connectors.instagram.exchangeCode(fresh.oauthCode ?? "", "https://app.example/cb"));
    expect(reused.kind).toBe("invalid_input");
  });

  it("token refresh: expired tokens cannot be refreshed (reconnect), shouldRefresh thresholds", async () => {
    const now = nowDate();
    const at = (days: number) => new Date(now.getTime() + days * DAY);
    const base: Channel = { ...channel, tokenIssuedAt: at(-50) };
    expect(connectors.instagram.shouldRefresh({ ...base, tokenExpiresAt: at(11) }, now)).toBe(false);
    expect(connectors.instagram.shouldRefresh({ ...base, tokenExpiresAt: at(9) }, now)).toBe(true);
    expect(connectors.instagram.shouldRefresh({ ...base, tokenExpiresAt: at(-1) }, now)).toBe(false);
    expect(connectors.instagram.shouldRefresh({ ...base, tokenIssuedAt: at(-0.5), tokenExpiresAt: at(5) }, now)).toBe(false);
    expect(connectors.instagram.shouldRefresh({ ...base, variant: "facebook", tokenExpiresAt: at(1) }, now)).toBe(false);

    control.advance({ ms: 61 * DAY });
    const e = await caught(connectors.instagram.refreshToken({ ...channel, tokenIssuedAt: at(0) }));
    expect(e.kind).toBe("auth_expired");
    expect(e.userMessage).toContain("Reconnect the Instagram account");
    // And Meta agrees: the expired token is refused with 190/463.
    const api = await caught(connectors.instagram.publishingLimit(channel));
    expect(api).toMatchObject({ kind: "auth_expired", code: 190, subcode: 463 });
  });

  it("Facebook-Login: `me` with a Page token reads the Page's linked IG account (a Page has no user_id)", async () => {
    const fb = control.createInstagramAccount({ variant: "facebook", username: "fbshop", name: "FB Shop" });
    const me = await connectors.instagram.me(fb.token, "facebook");
    // The IG professional account id (webhook entry.id, publishing paths), never the Page id.
    expect(me).toMatchObject({ userId: fb.igUserId, username: "fbshop", name: "FB Shop", accountType: null });
    // The same Page token reaches that account for publishing.
    const channel: Channel = { id: "ig-fb-me", platform: "instagram", externalId: me.userId, accessToken: fb.token, variant: "facebook" };
    expect((await connectors.instagram.publishingLimit(channel)).quotaUsage).toBe(0);
    // Asking the Page for fields it does not have is refused as Graph refuses it.
    const asked = await fetch(`${fake.url}/v25.0/me?fields=id,user_id&access_token=${fb.token}`);
    expect(((await asked.json()) as { error: { code: number; message: string } }).error).toMatchObject({ code: 100, message: expect.stringContaining("nonexisting field (user_id) on node type (Page)") });
  });

  it("with \"Require App Secret\" on, every call carries appsecret_proof keyed by the token's own app", async () => {
    control.configureApps({ requireAppsecretProof: true });
    const wa = control.createWhatsAppAccount({ templates: [{ name: "promo", bodyText: "Hi" }] });
    const waChannel: Channel = { id: "wa-proof", platform: "whatsapp", externalId: wa.phoneNumberId, wabaId: wa.wabaId, accessToken: wa.token };
    await connectors.whatsapp.phoneNumber(waChannel);
    await connectors.whatsapp.listTemplates(waChannel);
    // Instagram Login: the Instagram app's secret; Facebook Login: the Meta app's.
    const ig = control.createInstagramAccount({ variant: "instagram" });
    const igChannel: Channel = { id: "ig-proof", platform: "instagram", externalId: ig.igUserId, accessToken: ig.token, variant: "instagram" };
    expect((await connectors.instagram.me(ig.token)).userId).toBe(ig.igUserId);
    expect((await publishToEnd(connectors.instagram, igChannel, image("with proof"))).result.done).toBe(true);
    const fb = control.createInstagramAccount({ variant: "facebook" });
    expect((await connectors.instagram.me(fb.token, "facebook")).userId).toBe(fb.igUserId);
    const fbChannel: Channel = { id: "ig-fb-proof", platform: "instagram", externalId: fb.igUserId, accessToken: fb.token, variant: "facebook" };
    expect((await connectors.instagram.publishingLimit(fbChannel)).quotaUsage).toBe(0);
    expect(control.calls().filter((c) => c.status !== 200)).toEqual([]);

    // Without the proof, or with one made with another secret, Meta refuses the call.
    const noProof = createConnectors({ ...config, appsecretProof: false });
    await expect(caught(noProof.whatsapp.phoneNumber(waChannel))).resolves.toMatchObject({ code: 100, message: expect.stringContaining("require an appsecret_proof") });
    const wrongSecret = createConnectors({ ...config, instagramAppSecret: "not-the-instagram-secret" });
    await expect(caught(wrongSecret.instagram.publishingLimit(igChannel))).resolves.toMatchObject({ code: 100, message: expect.stringContaining("appsecret_proof") });
  });

  it("a token of another app (its proof refused) is used without a proof when the app does not require one", async () => {
    const ig = control.createInstagramAccount({ variant: "instagram" });
    const channel: Channel = { id: "ig-other-app", platform: "instagram", externalId: ig.igUserId, accessToken: ig.token, variant: "instagram" };
    // Our Instagram app secret is not the one that issued this token: Graph refuses the proof, not the call.
    const other = createConnectors({ ...config, instagramAppSecret: "another-apps-secret" });
    const before = callCount();
    expect((await other.instagram.publishingLimit(channel)).quotaUsage).toBe(0);
    expect((await other.instagram.publishingLimit(channel)).quotaUsage).toBe(0);
    // One refused proof, then calls without one: three calls for two reads, never a send repeated blindly.
    expect(control.calls().slice(before).map((c) => c.status)).toEqual([400, 200, 200]);
  });

  it("Facebook-Login variant goes through graph.facebook.com and the Page", async () => {
    const fb = control.createInstagramAccount({ variant: "facebook", username: "fbshop" });
    const fbChannel: Channel = { id: "ig-fb", platform: "instagram", externalId: fb.igUserId, accessToken: fb.token, variant: "facebook" };
    const { result } = await publishToEnd(connectors.instagram, fbChannel, image("via facebook"));
    expect(result.done).toBe(true);
    control.customerMessage({ channel: "instagram", igUserId: fb.igUserId, from: "IGSID-7", text: "hi" });
    const r = await connectors.instagram.sendMessage(fbChannel, { to: "IGSID-7", lastInboundAt: nowDate(), message: { type: "text", text: "hello" } });
    expect(r.messageId).toBeTruthy();
    // setupWebhook for this variant (the Page's subscribed_apps) is asserted in "Webhook subscriptions" below.
    expect(await connectors.instagram.refreshToken(fbChannel)).toMatchObject({ status: "not_supported" });
    const d = (await flush()).filter((x) => x.product === "instagram");
    // Facebook-variant webhooks are signed with the Meta app secret.
    for (const x of d) expect(connectors.instagram.verifySignature(x.raw, x.headers, fbChannel).ok).toBe(true);
  });
});

// ---------------------------------------------------------------------------------------------------------
describe("Webhook subscriptions (subscribed_apps) as Meta documents them", () => {
  // Every Instagram field whose events the inbox reads: Meta sends nothing of a field the account is not subscribed to.
  const ALL_IG_FIELDS = ["messages", "comments", "message_reactions", "messaging_seen", "message_edit", "messaging_postbacks", "messaging_referral", "live_comments"];
  const subscriptions = async (path: string, token: string) =>
    (await (await fetch(`${fake.url}/v25.0/${path}/subscribed_apps?access_token=${token}`)).json()) as { data: Array<{ subscribed_fields?: string[] }> };

  it("Facebook Login: the app is installed on the Page with a Page field and the Page token (Instagram fields are the app's)", async () => {
    const fb = control.createInstagramAccount({ variant: "facebook" });
    const channel: Channel = { id: "ig-fb-hook", platform: "instagram", externalId: fb.igUserId, accessToken: fb.token, variant: "facebook" };
    const r = await connectors.instagram.setupWebhook(channel);
    expect(r).toMatchObject({ subscribed: true, fields: ["messages"] });
    expect((await subscriptions(fb.pageId!, fb.token)).data).toEqual([expect.objectContaining({ subscribed_fields: ["messages"] })]);
    expect(control.calls().filter((c) => c.operation === "facebook.page_subscribe").map((c) => [c.method, c.status])).toEqual([
      ["POST", 200],
      ["GET", 200],
    ]);
    // A Page subscription takes Page fields only: Meta refuses Instagram's names there, as it refuses any unknown one.
    const refused = await fetch(`${fake.url}/v25.0/${fb.pageId!}/subscribed_apps?subscribed_fields=messages,comments&access_token=${fb.token}`, { method: "POST" });
    expect(((await refused.json()) as { error: { code: number; message: string } }).error).toMatchObject({
      code: 100,
      message: expect.stringMatching(/^\(#100\) Param subscribed_fields\[1\] must be one of \{.*\} - got "comments"$/),
    });
  });

  it("Facebook Login: subscribed_fields is required", async () => {
    const fb = control.createInstagramAccount({ variant: "facebook" });
    const none = await fetch(`${fake.url}/v25.0/${fb.pageId!}/subscribed_apps?access_token=${fb.token}`, { method: "POST" });
    expect(((await none.json()) as { error: { code: number; message: string } }).error).toMatchObject({ code: 100, message: "(#100) The parameter subscribed_fields is required." });
  });

  it("Instagram Login: the account's Instagram fields on /{ig-user-id}/subscribed_apps; an unknown field is refused", async () => {
    const ig = control.createInstagramAccount({ variant: "instagram" });
    const channel: Channel = { id: "ig-hook", platform: "instagram", externalId: ig.igUserId, accessToken: ig.token, variant: "instagram" };
    const r = await connectors.instagram.setupWebhook(channel);
    expect(r).toMatchObject({ subscribed: true, fields: ALL_IG_FIELDS });
    expect((await subscriptions(ig.igUserId, ig.token)).data[0]?.subscribed_fields).toEqual(ALL_IG_FIELDS);
    // An account subscribed with fewer fields (an older Sillage) misses postbacks and referrals: it reads as not
    // subscribed, so the daily check subscribes it again.
    await connectors.instagram.setupWebhook(channel, ["messages", "comments"]);
    expect(await connectors.instagram.webhookSubscription(channel)).toMatchObject({ subscribed: false, fields: ["messages", "comments"] });
    const e = await caught(connectors.instagram.setupWebhook(channel, ["messages", "feed"]));
    expect(e).toMatchObject({ kind: "invalid_input", code: 100, message: expect.stringContaining('subscribed_fields[1] must be one of') });
  });

  it("WhatsApp: POST /{waba-id}/subscribed_apps with no parameter answers {success:true}; an override needs its verify token", async () => {
    const wa = control.createWhatsAppAccount({});
    const channel: Channel = { id: "wa-hook", platform: "whatsapp", externalId: wa.phoneNumberId, wabaId: wa.wabaId, accessToken: wa.token };
    expect(await connectors.whatsapp.setupWebhook(channel)).toMatchObject({ subscribed: true });
    expect((await subscriptions(wa.wabaId, wa.token)).data).toHaveLength(1);
    const half = await fetch(`${fake.url}/v25.0/${wa.wabaId}/subscribed_apps?override_callback_uri=https://example.com/hook&access_token=${wa.token}`, { method: "POST" });
    expect(((await half.json()) as { error: { code: number } }).error.code).toBe(100);
  });

  it.each(["whatsapp", "instagram", "facebook"] as const)(
    "%s: nothing is delivered before the subscription; GET subscribed_apps reads it back, then messages arrive",
    async (kind) => {
      const wa = kind === "whatsapp" ? control.createWhatsAppAccount({}) : null;
      const ig = kind === "whatsapp" ? null : control.createInstagramAccount({ variant: kind });
      const channel: Channel = wa
        ? { id: `sub-${kind}`, platform: "whatsapp", externalId: wa.phoneNumberId, wabaId: wa.wabaId, accessToken: wa.token }
        : { id: `sub-${kind}`, platform: "instagram", externalId: ig!.igUserId, accessToken: ig!.token, variant: kind as "instagram" | "facebook" };
      const connector = connectors.get(channel.platform);
      const write = (text: string) =>
        wa
          ? control.customerMessage({ channel: "whatsapp", phoneNumberId: wa.phoneNumberId, from: "16505551234", text })
          : control.customerMessage({ channel: "instagram", igUserId: ig!.igUserId, from: "IGSID-sub", text });
      const texts = async () =>
        (await flush()).filter((d) => d.product === channel.platform).flatMap((d) => connector.normalizeWebhook(d.raw)).flatMap((e) => (e.type === "message" ? [e.text] : []));

      expect(await connector.webhookSubscription(channel)).toMatchObject({ subscribed: false, fields: [] });
      write("before");
      expect(await texts()).toEqual([]);
      expect(control.deliveries().filter((d) => d.error === "app not subscribed")).toHaveLength(1);

      await connector.setupWebhook(channel);
      expect((await connector.webhookSubscription(channel)).subscribed).toBe(true);
      write("after");
      expect(await texts()).toEqual(["after"]);
    },
  );
});

// ---------------------------------------------------------------------------------------------------------
describe("Instagram publishing errors, classified as Meta's error-code table says", () => {
  let channel: Channel;
  let igUserId: string;
  beforeEach(() => {
    const ig = control.createInstagramAccount({ variant: "instagram" });
    igUserId = ig.igUserId;
    channel = { id: `ig-errors-${ig.igUserId}`, platform: "instagram", externalId: ig.igUserId, accessToken: ig.token, variant: "instagram" };
  });
  const image = (caption: string): PublishRequest => ({ platform: "instagram", format: "feed", caption, media: [{ kind: "image", url: "https://cdn.example.com/e.jpg" }] });
  const publishFault = (code: number, subcode: number) =>
    control.injectFault({ kind: "permanent", code, subcode, match: { operation: "instagram.media_publish" } });

  it("4/2207051 (activity restricted as suspected spam) is a policy refusal, not throttling to retry", async () => {
    publishFault(4, 2207051);
    const e = await caught(publishToEnd(connectors.instagram, channel, image("spammy")));
    expect(e).toMatchObject({ kind: "policy", retryable: false, subcode: 2207051 });
  });

  it("-1/2207001 is Instagram's server error: retried, then published once", async () => {
    publishFault(-1, 2207001);
    const e = await caught(publishToEnd(connectors.instagram, channel, image("server error")));
    expect(e).toMatchObject({ kind: "retryable", retryable: true });
    const { result } = await publishToEnd(connectors.instagram, channel, image("server error"), e.progress as PublishProgress);
    expect(result.done).toBe(true);
    expect(control.published({ igUserId })).toHaveLength(1);
  });

  it("-1/2207053 and -2/2207020 (make a new container): the retry starts over with a new container and publishes once", async () => {
    for (const [code, subcode] of [[-1, 2207053], [-2, 2207020]] as const) {
      publishFault(code, subcode);
      const caption = `new container ${subcode}`;
      const e = await caught(publishToEnd(connectors.instagram, channel, image(caption)));
      expect(e).toMatchObject({ kind: "retryable", retryable: true, subcode, progress: { platform: "instagram", step: "start" } });
      const { result } = await publishToEnd(connectors.instagram, channel, image(caption), e.progress as PublishProgress);
      expect(result.done).toBe(true);
      expect(control.containers().filter((c) => c.igUserId === igUserId && c.caption === caption)).toHaveLength(2);
      expect(control.published({ igUserId }).filter((p) => p.caption === caption)).toHaveLength(1);
    }
  });

  it("1/2207057 (thumbnail offset outside the video) is our parameter, not a transient code 1", async () => {
    control.injectFault({ kind: "permanent", code: 1, subcode: 2207057, match: { operation: "instagram.container_create" } });
    const e = await caught(
      publishToEnd(connectors.instagram, channel, { platform: "instagram", format: "reel", caption: "thumb", media: [{ kind: "video", url: "https://cdn.example.com/v.mp4" }] }),
    );
    expect(e).toMatchObject({ kind: "invalid_input", retryable: false, subcode: 2207057 });
  });
});
