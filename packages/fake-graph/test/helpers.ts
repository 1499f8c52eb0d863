import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach } from "vitest";
import { startFakeGraph, type FakeGraph } from "../src/index.js";

export interface Received {
  raw: Buffer;
  headers: IncomingHttpHeaders;
  json: { object: string; entry: Record<string, unknown>[] };
}

/** A webhook receiver keeping the exact bytes; `statuses` lets a test answer non-200 first. */
export async function startReceiver(statuses: number[] = []) {
  const received: Received[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const raw = Buffer.concat(chunks);
      received.push({ raw, headers: req.headers, json: JSON.parse(raw.toString("utf8")) as Received["json"] });
      res.statusCode = statuses.shift() ?? 200;
      res.end("ok");
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  return {
    url,
    received,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

export interface GraphErr {
  error: { message: string; type: string; code: number; error_subcode?: number; is_transient?: boolean; error_data?: { details?: string }; fbtrace_id: string };
}

export async function call(base: string, method: string, path: string, opts: { token?: string; json?: unknown; form?: Record<string, string> } = {}) {
  const headers: Record<string, string> = {};
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  let body: string | undefined;
  if (opts.json !== undefined) {
    headers["content-type"] = "application/json";
    body = JSON.stringify(opts.json);
  } else if (opts.form) {
    headers["content-type"] = "application/x-www-form-urlencoded";
    body = new URLSearchParams(opts.form).toString();
  }
  const res = await fetch(`${base}${path}`, { method, headers, body });
  const text = await res.text();
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests poke at arbitrary JSON
  let json: any;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json };
}

/**
 * Subscribes the app to an account's webhooks over HTTP, as the product's connector does (Meta sends nothing
 * before): the WABA, the Instagram-Login account with its fields, or the Facebook-Login account's Page.
 */
export async function subscribeApp(
  base: string,
  acc: { wabaId: string; token: string } | { igUserId: string; pageId?: string; variant: "instagram" | "facebook"; token: string },
) {
  const path =
    "wabaId" in acc
      ? `/v25.0/${acc.wabaId}/subscribed_apps`
      : acc.variant === "facebook"
        ? `/v25.0/${acc.pageId}/subscribed_apps?subscribed_fields=messages`
        : `/v25.0/${acc.igUserId}/subscribed_apps?subscribed_fields=messages,comments,message_reactions,messaging_seen,message_edit,messaging_postbacks,messaging_referral,live_comments`;
  const r = await call(base, "POST", path, { token: acc.token });
  if (r.status !== 200) throw new Error(`subscribe failed: ${r.text}`);
}

/**
 * A fake Graph and a webhook receiver for one test file, reset before each test with Instagram webhooks pointed at the
 * receiver (signed with `instagramAppSecret`). Read `fake` and `hook` inside tests (they exist after beforeAll).
 */
export function fakeWithReceiver(instagramAppSecret?: string) {
  const ctx = {} as { fake: FakeGraph; hook: Awaited<ReturnType<typeof startReceiver>> };
  beforeAll(async () => {
    ctx.fake = await startFakeGraph();
    ctx.hook = await startReceiver();
  });
  afterAll(async () => {
    await ctx.hook.close();
    await ctx.fake.close();
  });
  beforeEach(() => {
    ctx.fake.control.reset();
    ctx.hook.received.length = 0;
    ctx.fake.control.configureWebhooks({ instagram: { url: ctx.hook.url }, ...(instagramAppSecret ? { instagramAppSecret } : {}) });
  });
  return ctx;
}
