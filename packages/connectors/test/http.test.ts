// The HTTP client against a tiny local server (independent of the fake Graph): timeouts, malformed answers,
// bounded retries of safe calls only, breaker opening on transient failures but not on permanent ones.
import type { IncomingMessage, ServerResponse } from "node:http";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createConnectors } from "../src/registry";
import { PlatformError } from "../src/errors";
import type { Channel } from "../src/types";
import { startLocalServer, type LocalServer } from "./local-server";

type Handler = (req: IncomingMessage, res: ServerResponse) => void;
let handler: Handler = (_req, res) => res.end("{}");
let hits = 0;
let server: LocalServer;
let base = "";

beforeAll(async () => {
  server = await startLocalServer((req, res) => {
    hits++;
    handler(req, res);
  });
  base = server.base;
});
afterAll(() => server.close());
beforeEach(() => {
  hits = 0;
});

const json = (status: number, body: unknown, headers: Record<string, string> = {}): Handler => (_req, res) => {
  res.writeHead(status, { "content-type": "application/json", ...headers });
  res.end(typeof body === "string" ? body : JSON.stringify(body));
};

function make(timeoutMs = 150) {
  return createConnectors({
    graphUrl: base,
    instagramGraphUrl: base,
    instagramOauthUrl: base,
    graphVersion: "v25.0",
    timeoutMs,
    retryBaseMs: 1,
    safeRetries: 2,
    breakerThreshold: 3,
    breakerHalfOpenAfterMs: 100,
  });
}
const ig: Channel = { id: "ch-ig", platform: "instagram", externalId: "1784", accessToken: "tok", variant: "instagram" };
const wa: Channel = { id: "ch-wa", platform: "whatsapp", externalId: "pn", wabaId: "waba", accessToken: "tok" };

async function caught(p: Promise<unknown>): Promise<PlatformError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof PlatformError) return e;
    throw e;
  }
  throw new Error("expected a PlatformError");
}

describe("Graph HTTP client", () => {
  it("reads an answer whose absent fields are written as null as if they were absent (a page is never lost to one null)", async () => {
    handler = json(200, {
      data: [
        { id: "c1", text: "hello", timestamp: "2026-12-01T10:00:00+0000", username: null, from: { id: "u1", username: null }, hidden: null, like_count: null, parent_id: null, replies: null },
        { id: "c2", text: null, timestamp: "2026-12-01T09:00:00+0000", from: null, replies: { data: [{ id: "r1", text: "re", timestamp: "2026-12-01T11:00:00+0000", parent_id: null }], paging: { cursors: { before: "b", after: null }, next: null } } },
      ],
      paging: { cursors: { before: "B", after: "A" }, previous: null, next: `${base}/next` },
    });
    const page = await make().instagram.listCommentsPage(ig, "media-1");
    expect(page.after).toBe("A");
    expect(page.comments.map((c) => [c.id, c.text, c.from.username, c.hidden, c.likeCount, c.replies.map((r) => r.id)])).toEqual([
      ["c1", "hello", null, false, null, []],
      ["c2", "", null, false, null, ["r1"]],
    ]);
    handler = json(200, { messaging_product: "whatsapp", contacts: null, messages: [{ id: "wamid.1", message_status: null }] });
    const sent = await make().whatsapp.sendMessage(wa, { to: "16505551234", message: { type: "template", name: "promo", language: "en_US" } });
    expect(sent).toMatchObject({ messageId: "wamid.1", recipientId: "16505551234", messageStatus: null });
  });

  it("classifies an error body whose absent fields are written as null by its code, not as a malformed answer", async () => {
    const nulls = { error_user_title: null, error_user_msg: null, is_transient: null, error_data: null };
    handler = json(400, { error: { message: "Error validating access token: Session has expired", type: "OAuthException", code: 190, error_subcode: 463, ...nulls, fbtrace_id: "Anull" } });
    const expired = await caught(make().instagram.publishingLimit(ig));
    expect(expired).toMatchObject({ kind: "auth_expired", code: 190, subcode: 463, fbtraceId: "Anull" });
    handler = json(400, { error: { message: "(#131047) Re-engagement message", type: "OAuthException", code: 131047, error_subcode: null, ...nulls, fbtrace_id: "Bnull" } });
    const closed = await caught(make().whatsapp.sendMessage(wa, { to: "16505551234", message: { type: "template", name: "promo", language: "en_US" } }));
    expect(closed).toMatchObject({ kind: "window_closed", code: 131047, subcode: undefined });
    // api.instagram.com's legacy error shape likewise.
    handler = json(400, { error_type: "OAuthException", code: 400, error_message: null });
    const oauth = createConnectors({ graphUrl: base, instagramGraphUrl: base, instagramOauthUrl: base, graphVersion: "v25.0", timeoutMs: 150, instagramAppId: "app", instagramAppSecret: "secret" });
    expect(await caught(oauth.instagram.exchangeCode("used-code", "https://sillage.test/cb"))).toMatchObject({ kind: "invalid_input", code: 400 });
  });

  it("times out every call and retries safe reads a bounded number of times", async () => {
    handler = () => undefined; // never answers (connections are closed in afterAll)
    // Long enough for each attempt to reach the server even on a loaded machine (a request aborted before it
    // arrives would not be counted).
    const c = make(600);
    const e = await caught(c.instagram.permalink(ig, "m1"));
    expect(e.kind).toBe("timeout");
    expect(e.retryable).toBe(true);
    expect(hits).toBe(3); // 1 + 2 safe retries
  });

  it("never retries a send, even on a transient error", async () => {
    handler = json(500, { error: { code: 2, is_transient: true, message: "retry later" } });
    const c = make();
    const e = await caught(c.whatsapp.sendMessage(wa, { to: "16505551234", message: { type: "template", name: "promo", language: "en_US" } }));
    expect(e.kind).toBe("retryable");
    expect(hits).toBe(1);
  });

  it("never retries a permanent error", async () => {
    handler = json(400, { error: { code: 100, message: "bad" } });
    const c = make();
    const e = await caught(c.instagram.permalink(ig, "m1"));
    expect(e.kind).toBe("invalid_input");
    expect(hits).toBe(1);
  });

  it("turns non-JSON, wrong shapes and status-only failures into malformed errors", async () => {
    // A fresh registry each time: three malformed answers in a row would (rightly) open the breaker.
    handler = json(200, '{"id":"17');
    expect((await caught(make().instagram.permalink(ig, "m1"))).kind).toBe("malformed");
    handler = json(200, { nope: true });
    expect((await caught(make().instagram.permalink(ig, "m1"))).kind).toBe("malformed");
    handler = (_req, res) => {
      res.writeHead(502, { "content-type": "text/html" });
      res.end("<html>bad gateway</html>");
    };
    expect((await caught(make().instagram.permalink(ig, "m1"))).kind).toBe("malformed");
    handler = json(400, { error: "just a string" });
    expect((await caught(make().instagram.permalink(ig, "m1"))).kind).toBe("malformed");
  });

  it("records usage headers and derives retryAfter from estimated_time_to_regain_access", async () => {
    handler = json(
      400,
      { error: { code: 80002, message: "too many" } },
      {
        "x-app-usage": '{"call_count":50,"total_cputime":1,"total_time":1}',
        "x-business-use-case-usage": '{"1784":[{"type":"instagram","call_count":100,"total_cputime":1,"total_time":1,"estimated_time_to_regain_access":7}]}',
      },
    );
    const c = make();
    const e = await caught(c.instagram.permalink(ig, "m1"));
    expect(e).toMatchObject({ kind: "rate_limited", retryAfterMs: 7 * 60_000, code: 80002 });
    expect(hits).toBe(1); // rate limits are not retried inside a call
    expect(c.instagram.usage(ig.id)?.maxPercent).toBe(100);
  });

  it("opens the channel breaker on repeated transient failures, then half-opens and closes", async () => {
    const c = make();
    handler = json(500, { error: { code: 1, message: "oops", is_transient: true } });
    for (let i = 0; i < 3; i++) {
      await caught(c.instagram.deleteComment(ig, "c1"));
    }
    expect(c.instagram.breakerState(ig.id)).toBe("open");
    expect(c.whatsapp.breakerState(wa.id)).toBe("closed"); // per channel
    const before = hits;
    const open = await caught(c.instagram.deleteComment(ig, "c1"));
    expect(open.kind).toBe("circuit_open");
    expect(open.retryAfterMs).toBeGreaterThan(0);
    expect(hits).toBe(before); // no request while open
    await new Promise((r) => setTimeout(r, 120));
    expect(c.instagram.breakerState(ig.id)).toBe("half_open");
    handler = json(200, { success: true });
    expect((await c.instagram.deleteComment(ig, "c1")).success).toBe(true);
    expect(c.instagram.breakerState(ig.id)).toBe("closed");
  });

  it("does not open the breaker on permanent errors", async () => {
    const c = make();
    handler = json(400, { error: { code: 100, message: "bad" } });
    for (let i = 0; i < 6; i++) await caught(c.instagram.deleteComment(ig, "c1"));
    expect(c.instagram.breakerState(ig.id)).toBe("closed");
  });

  it("OAuth code exchange accepts the documented {data:[…]} shape and strips a trailing #_", async () => {
    let body = "";
    handler = (req, res) => {
      let data = "";
      req.on("data", (c: Buffer) => (data += c.toString()));
      req.on("end", () => {
        body = data;
        json(200, { data: [{ access_token: "IGQ-short", user_id: "1020", permissions: "instagram_business_basic,instagram_business_manage_messages" }] })(req, res);
      });
    };
    const c = createConnectors({
      graphUrl: base,
      instagramGraphUrl: base,
      instagramOauthUrl: base,
      graphVersion: "v25.0",
      timeoutMs: 5_000,
      instagramAppId: "app",
      instagramAppSecret: "secret",
    });
    const r = await c.instagram.exchangeCode("AQB123#_", "https://app.example/cb");
    expect(r).toEqual({ accessToken: "IGQ-short", userId: "1020", permissions: ["instagram_business_basic", "instagram_business_manage_messages"] });
    const form = new URLSearchParams(body);
    expect(form.get("code")).toBe("AQB123");
    expect(form.get("grant_type")).toBe("authorization_code");
    // The live flat shape with a numeric id and an array.
    handler = json(200, { access_token: "IGQ-2", user_id: 1020, permissions: ["a"] });
    expect(await c.instagram.exchangeCode("x", "https://app.example/cb")).toEqual({ accessToken: "IGQ-2", userId: "1020", permissions: ["a"] });
  });

  it("never sends a token to a non-Meta host", async () => {
    const c = make();
    const e = await caught(c.whatsapp.downloadMedia(wa, { url: "https://evil.example.com/x" }));
    expect(e.kind).toBe("invalid_input");
    expect(hits).toBe(0);
  });

  it("caps a download's size whether or not the server announces it", async () => {
    const jpegChunk = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(4 * 1024 - 4)]);
    let announced = false;
    handler = (_req, res) => {
      // Chunked (no Content-Length) unless `announced`: the cap must hold while reading too.
      res.writeHead(200, announced ? { "content-type": "image/jpeg", "content-length": String(jpegChunk.length * 4) } : { "content-type": "image/jpeg" });
      for (let i = 0; i < 4; i++) res.write(jpegChunk);
      res.end();
    };
    const c = make(1_000);
    const url = `${base}/pic.jpg`;
    expect(await caught(c.instagram.fetchProfilePicture(ig, url, { maxBytes: 10_000 }))).toMatchObject({ kind: "invalid_media", retryable: false });
    announced = true;
    expect(await caught(c.instagram.fetchProfilePicture(ig, url, { maxBytes: 10_000 }))).toMatchObject({ kind: "invalid_media" });
    const whole = await c.instagram.fetchProfilePicture(ig, url, { maxBytes: 16 * 1024 });
    expect(whole).toMatchObject({ mimeType: "image/jpeg", fileSize: 16 * 1024 });
  });

  it("reads Graph's 'nothing' for a profile (false or an empty body) as no profile", async () => {
    const c = make();
    handler = json(200, "false");
    expect(await c.instagram.getUserProfile(ig, "9123")).toBeNull();
    handler = (_req, res) => res.writeHead(200, { "content-type": "application/json" }).end("");
    expect(await c.instagram.getUserProfile(ig, "9123")).toBeNull();
    handler = json(400, { error: { code: 9010, message: "(#9010) No matching Instagram user", type: "OAuthException" } });
    expect(await c.instagram.getUserProfile(ig, "9123")).toBeNull();
  });
});
