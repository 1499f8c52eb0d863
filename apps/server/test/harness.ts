import { mkdtempSync } from "node:fs";
import type { Server } from "node:http";
import os from "node:os";
import path from "node:path";
import { Writable } from "node:stream";
import { serve } from "@hono/node-server";
import { createSillageClient } from "@sillage/client";
import { freePort } from "@sillage/db";
import { createTestDatabase, type TestDatabase } from "@sillage/db/testing";
import { createConnectors, type Connectors } from "@sillage/connectors";
import { SecretBox } from "@sillage/crypto";
import { createMediaServices, localMediaStore, type MediaServices } from "@sillage/media";
import { startFakeGraph, type FakeGraph } from "@sillage/fake-graph";
import { createLogger } from "@sillage/observability";
import { OfflineProvider, type ModelProvider } from "@sillage/triage";
import { webhookUrlPolicy, type WebhookUrlPolicy } from "@sillage/notifications";
import { createApp } from "../src/app";
import { demoControl } from "../src/demo";
import { EventHub } from "../src/live/event-hub";

export interface TestServer {
  url: string;
  db: TestDatabase;
  logs: string[];
  hub: EventHub;
  logger: ReturnType<typeof createLogger>;
  /** Runs with real time, shifted by `set`/`advance`; `freeze` stops it (until the next `set`) for exact waits. */
  clock: { now(): Date; set(d: Date): void; advance(ms: number): void; freeze(): void };
  fake: FakeGraph;
  connectors: Connectors;
  secretBox: SecretBox;
  media: MediaServices;
  ai: ModelProvider;
  /**
   * The DNS outgoing webhooks see (a test changes an answer to play a rebind); names under example.com answer a
   * public address unless set here. 127.0.0.1 is allowed (WEBHOOK_ALLOWED_HOSTS) for local receivers.
   */
  webhookDns: Map<string, string[]>;
  webhookUrls: WebhookUrlPolicy;
  close(): Promise<void>;
}

export const TEST_META_APP_ID = "1000000000001";
export const TEST_SECRETS = { verifyToken: "verify-me-123", metaAppSecret: "meta-app-secret-test", instagramAppSecret: "ig-app-secret-test" };

/** A real HTTP server on a free port, over a fresh database cloned from the migrated template. */
export async function startTestServer(
  opts: {
    ai?: ModelProvider;
    trustProxy?: boolean;
    webDistDir?: string;
    publicSourceMaps?: boolean;
    /** Demo mode (SILLAGE_DEMO=1): the demo's procedures play through this server's fake. */
    demo?: boolean;
    /** APP_URL when it should differ from the address the server listens on (default: that address). */
    appUrl?: (port: number) => string;
  } = {},
): Promise<TestServer> {
  const db = await createTestDatabase();
  const logs: string[] = [];
  const logger = createLogger({
    level: "debug",
    destination: new Writable({
      write(chunk: Buffer, _enc, cb) {
        logs.push(chunk.toString("utf8"));
        cb();
      },
    }),
  });
  let offset = 0;
  let frozen: number | null = null;
  const clock = {
    now: () => new Date(frozen ?? Date.now() + offset),
    set: (d: Date) => {
      frozen = null;
      offset = d.getTime() - Date.now();
    },
    advance: (ms: number) => {
      offset += ms;
      if (frozen !== null) frozen += ms;
    },
    freeze: () => {
      frozen = Date.now() + offset;
    },
  };
  // The fake Graph API shares the test clock, so token expiry and windows move with it.
  const fake = await startFakeGraph({ port: 0, clock: () => clock.now().getTime() });
  const connectors = createConnectors({
    graphUrl: fake.url,
    instagramGraphUrl: fake.url,
    instagramOauthUrl: fake.url,
    graphVersion: "v25.0",
    // With the app secret, an app token for Meta's debug_token (the fake accepts any until told the app's own).
    appId: TEST_META_APP_ID,
    appSecret: TEST_SECRETS.metaAppSecret,
    instagramAppId: "test-ig-app",
    instagramAppSecret: TEST_SECRETS.instagramAppSecret,
    timeoutMs: 3000,
    clock: () => clock.now(),
    retryBaseMs: 10,
    containerPollMs: 50,
    publishRetryWaitMs: 50,
  });
  const secretBox = new SecretBox("test-app-secret-0123456789abcdef0123456789");
  const mediaDir = mkdtempSync(path.join(os.tmpdir(), "sillage-test-media-"));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const appUrl = opts.appUrl?.(port) ?? url;
  const media = createMediaServices({ store: localMediaStore(mediaDir), appSecret: "test-app-secret-0123456789abcdef0123456789", appUrl: url, now: () => clock.now() });
  const ai = opts.ai ?? new OfflineProvider();
  const hub = new EventHub(db.url, db.db, logger);
  await hub.start();
  const webhookDns = new Map<string, string[]>();
  const webhookUrls: WebhookUrlPolicy = {
    ...webhookUrlPolicy({ production: false, allowedHosts: "127.0.0.1" }),
    async resolve(host) {
      const answer = webhookDns.get(host) ?? (host === "example.com" || host.endsWith(".example.com") ? ["93.184.215.14"] : null);
      if (!answer) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: "ENOTFOUND" });
      return answer.map((address) => ({ address, family: address.includes(":") ? (6 as const) : (4 as const) }));
    },
  };
  const app = createApp({
    services: {
      db: db.db,
      logger,
      clock,
      events: hub,
      appUrl,
      connectors,
      secretBox,
      media,
      ai,
      oauth: { instagramAppId: "test-ig-app", instagramAuthorizeUrl: `${fake.url}/oauth/authorize` },
      liveAccessRecheckMs: 200,
      webhookUrls,
      demo: opts.demo ? demoControl(fake) : undefined,
    },
    pool: db.pool,
    logger,
    webDistDir: opts.webDistDir ?? "/nonexistent",
    publicSourceMaps: opts.publicSourceMaps,
    secureCookies: false,
    // With it, a test plays several client addresses through X-Forwarded-For.
    trustProxy: opts.trustProxy ?? false,
    webhookSecrets: TEST_SECRETS,
  });
  const server = serve({ fetch: app.fetch, port, hostname: "127.0.0.1" }) as Server;
  await new Promise<void>((r) => server.once("listening", () => r()));
  return {
    url,
    db,
    logs,
    hub,
    logger,
    clock,
    fake,
    connectors,
    secretBox,
    media,
    ai,
    webhookDns,
    webhookUrls,
    async close() {
      await hub.close();
      await fake.close();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
      await db.drop();
    },
  };
}

/** A signed-in user over HTTP, as the SPA calls the API: keeps the session cookie, sends Origin, picks a workspace. */
export class ApiSession {
  cookie = "";
  workspaceId: string | null = null;
  constructor(
    readonly base: string,
    readonly origin = base,
  ) {}

  private headers(extra: Record<string, string> = {}) {
    const h: Record<string, string> = { "content-type": "application/json", origin: this.origin, ...extra };
    if (this.cookie) h.cookie = this.cookie;
    if (this.workspaceId) h["x-sillage-workspace"] = this.workspaceId;
    return h;
  }

  private keepCookie(res: Response) {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(";");
      if (pair?.startsWith("sillage_session=")) this.cookie = pair.endsWith("=") ? "" : pair;
    }
  }

  async mutation(path: string, input?: unknown, extraHeaders?: Record<string, string>) {
    const res = await fetch(`${this.base}/trpc/${path}`, {
      method: "POST",
      headers: this.headers(extraHeaders),
      body: JSON.stringify({ json: input }),
    });
    this.keepCookie(res);
    return unwrap(res);
  }

  async query(path: string, input?: unknown) {
    const qs = input === undefined ? "" : `?input=${encodeURIComponent(JSON.stringify({ json: input }))}`;
    const res = await fetch(`${this.base}/trpc/${path}${qs}`, { headers: this.headers() });
    this.keepCookie(res);
    return unwrap(res);
  }

  /** Signs up with a fresh workspace and selects it. */
  static async signup(base: string, who: { email: string; name?: string; password?: string; workspaceName?: string }) {
    const b = new ApiSession(base);
    await b.mutation("auth.signup", {
      email: who.email,
      name: who.name ?? who.email.split("@")[0],
      password: who.password ?? "correct horse battery",
      workspaceName: who.workspaceName ?? `${who.email} workspace`,
    }).then(ok);
    const me = ok(await b.query("auth.me")) as { workspaces: { id: string }[] };
    b.workspaceId = me.workspaces[0]!.id;
    return b;
  }

  /** A new member of `owner`'s workspace: invited with `role`, signed up through the invitation. */
  static async join(owner: ApiSession, who: { email: string; role: "admin" | "agent"; name?: string }) {
    const inv = ok<{ token: string }>(await owner.mutation("workspace.invite", { role: who.role }));
    const b = new ApiSession(owner.base, owner.origin);
    ok(await b.mutation("auth.signup", { email: who.email, name: who.name ?? who.email.split("@")[0], password: "member password 1", invitationToken: inv.token }));
    b.workspaceId = owner.workspaceId;
    return b;
  }
}

export type TrpcResult = { ok: true; data: unknown; status: number } | { ok: false; code: string; message: string; status: number; data: Record<string, unknown> };

async function unwrap(res: Response): Promise<TrpcResult> {
  const body = (await res.json()) as { result?: { data: { json: unknown } }; error?: { json: { message: string; data: Record<string, unknown> & { code: string } } } };
  if (body.error) return { ok: false, code: body.error.json.data.code, message: body.error.json.message, status: res.status, data: body.error.json.data };
  return { ok: true, data: body.result?.data.json, status: res.status };
}

export function ok<T = unknown>(r: TrpcResult): T {
  if (!r.ok) throw new Error(`expected success, got ${r.code}: ${r.message}`);
  return r.data as T;
}

export async function tokenClient(server: TestServer, browser: ApiSession, name = "tool") {
  const created = ok<{ token: string }>(await browser.mutation("apiTokens.create", { name }));
  return { token: created.token, client: createSillageClient({ url: server.url, token: created.token }) };
}
