// The HTTP surface as an outside prober meets it (branch probes3): which paths are pages, which methods each route
// answers, and Meta's verification handshake without its challenge.
import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isPagePath } from "../src/http/spa";
import { ApiSession, startTestServer, TEST_SECRETS, type TestServer } from "./harness";

const dist = mkdtempSync(path.join(os.tmpdir(), "sillage-surface-dist-"));
writeFileSync(path.join(dist, "index.html"), "<!doctype html><html><body><div id=root></div></body></html>");
writeFileSync(path.join(dist, "favicon.svg"), "<svg xmlns='http://www.w3.org/2000/svg'/>");

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer({ webDistDir: dist });
});
afterAll(() => s?.close());

const req = (p: string, init: RequestInit = {}) => fetch(`${s.url}${p}`, { redirect: "manual", ...init });

describe("pages and missing files", () => {
  it("answers index.html for the app's pages, with or without a trailing token", async () => {
    for (const p of ["/", "/inbox", "/settings/channels?error=x", "/invite/inv_aB-_09"]) {
      const res = await req(p, { headers: { accept: "text/html,application/xhtml+xml,*/*;q=0.8" } });
      expect(res.status, p).toBe(200);
      expect(await res.text()).toContain("<div id=root>");
    }
  });

  it("answers 404 for files that are not in the build, hidden paths, machine paths and API clients", async () => {
    for (const p of ["/robots.txt", "/favicon.ico", "/wp-login.php", "/config.json", "/.env", "/.data/app-secret", "/.git/config", "/inbox/.hidden", "/webhooks/telegram", "/oauth/other", "/sentry"]) {
      const res = await req(p, { headers: { accept: "text/html" } });
      expect(res.status, p).toBe(404);
      expect(await res.json()).toEqual({ error: "not_found" });
    }
    const api = await req("/inbox", { headers: { accept: "application/json" } });
    expect(api.status).toBe(404);
  });

  it("decides by path and Accept", () => {
    expect(isPagePath("/schedule", undefined)).toBe(true);
    expect(isPagePath("/schedule", "*/*")).toBe(true);
    expect(isPagePath("/schedule", "application/json")).toBe(false);
    expect(isPagePath("/a/b.php", "text/html")).toBe(false);
    expect(isPagePath("/trpc", "text/html")).toBe(false);
  });
});

describe("methods", () => {
  it("answers 405 with Allow to a method the route does not take", async () => {
    const cases: [string, string, string][] = [
      ["PUT", "/favicon.svg", "GET, HEAD, OPTIONS"],
      ["DELETE", "/", "GET, HEAD, OPTIONS"],
      ["POST", "/inbox", "GET, HEAD, OPTIONS"],
      ["DELETE", "/webhooks/whatsapp", "GET, POST, HEAD, OPTIONS"],
      ["PUT", "/webhooks/instagram", "GET, POST, HEAD, OPTIONS"],
      ["PUT", "/trpc/workspace.get", "GET, POST, HEAD, OPTIONS"],
      ["PATCH", "/trpc/labels.create", "GET, POST, HEAD, OPTIONS"],
      ["POST", "/healthz", "GET, HEAD, OPTIONS"],
      ["DELETE", "/metrics", "GET, HEAD, OPTIONS"],
      ["POST", "/oauth/instagram/callback", "GET, HEAD, OPTIONS"],
      ["DELETE", "/media/x/y.png", "GET, HEAD, OPTIONS"],
      ["GET", "/sentry/tunnel", "POST, OPTIONS"],
    ];
    for (const [method, p, allow] of cases) {
      const res = await req(p, { method, headers: { "content-type": "application/json" }, body: method === "GET" ? undefined : "{}" });
      expect(res.status, `${method} ${p}`).toBe(405);
      expect(res.headers.get("allow"), `${method} ${p}`).toBe(allow);
      expect(await res.json()).toMatchObject({ error: "method_not_allowed" });
    }
  });

  it("answers OPTIONS with 204 and Allow, no CORS grant; HEAD like GET", async () => {
    const options = await req("/trpc/auth.me", { method: "OPTIONS", headers: { origin: "https://evil.example" } });
    expect(options.status).toBe(204);
    expect(options.headers.get("allow")).toBe("GET, POST, HEAD, OPTIONS");
    expect(options.headers.get("access-control-allow-origin")).toBeNull();
    const head = await req("/", { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(head.headers.get("x-content-type-options")).toBe("nosniff");
  });

  it("answers HEAD with GET's status and headers, Content-Length included, and no body", async () => {
    const owner = await ApiSession.signup(s.url, { email: "head@example.com", workspaceName: "Head" });
    const paths: [string, Record<string, string>][] = [
      ["/trpc/workspace.get", {}],
      ["/trpc/workspace.get", { cookie: owner.cookie }],
      ["/trpc/nothing.here", {}],
      ["/trpc", {}],
      [`/trpc/workspace.get,auth.me?batch=1&input=${encodeURIComponent("{}")}`, { cookie: owner.cookie }],
      ["/webhooks/whatsapp", {}],
      [`/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=${TEST_SECRETS.verifyToken}&hub.challenge=42`, {}],
      ["/healthz", {}],
      ["/", { accept: "text/html" }],
      ["/inbox", { accept: "text/html" }],
      ["/favicon.svg", {}],
      ["/missing.js", {}],
      ["/assets/missing.js", {}],
      ["/media/x/y.png", {}],
      ["/oauth/instagram/callback", {}],
    ];
    // /readyz too, whose body (timings) changes from one call to the next.
    expect((await req("/readyz", { method: "HEAD" })).headers.get("content-length")).toMatch(/^[1-9]\d*$/);
    for (const [p, headers] of paths) {
      // Identity, so GET's body length is the one HEAD announces.
      const init = { headers: { "accept-encoding": "identity", ...headers } };
      const get = await req(p, init);
      const getBody = Buffer.from(await get.arrayBuffer());
      const head = await req(p, { ...init, method: "HEAD" });
      expect(head.status, p).toBe(get.status);
      expect(head.headers.get("content-type"), p).toBe(get.headers.get("content-type"));
      // A GET without a body (a redirect) announces no length either.
      expect(head.headers.get("content-length") ?? "0", p).toBe(get.headers.get("content-length") ?? String(getBody.length));
      expect(head.headers.get("x-content-type-options"), p).toBe("nosniff");
      expect((await head.arrayBuffer()).byteLength, p).toBe(0);
    }
  });

  it("answers HEAD with 405 and Allow where GET is not taken", async () => {
    const res = await req("/sentry/tunnel", { method: "HEAD" });
    expect(res.status).toBe(405);
    expect(res.headers.get("allow")).toBe("POST, OPTIONS");
  });

  it("keeps an unknown machine path a 404 whatever the method", async () => {
    expect((await req("/webhooks/telegram", { method: "POST", body: "{}" })).status).toBe(404);
  });
});

describe("bodies the answer did not need", () => {
  it("a 1 MB call refused before its input is read (401) keeps the connection: no request on it is dropped", async () => {
    const big = JSON.stringify({ json: "x".repeat(1_048_576) });
    const post = (p: string, body: string) => req(p, { method: "POST", headers: { "content-type": "application/json", origin: s.url }, body }).then((r) => r.status);
    const answers: (number | string)[] = [];
    for (let round = 0; round < 8; round++) {
      const calls = [post("/trpc/channels.disconnect", big), post("/trpc/channels.disconnect", '{"json":"x"}'), post("/inbox", big), req("/healthz").then((r) => r.status)];
      answers.push(...(await Promise.all(calls.map((c) => c.catch((err: Error & { cause?: { code?: string } }) => err.cause?.code ?? err.message)))));
    }
    expect(answers.filter((a) => typeof a === "string")).toEqual([]);
    expect(new Set(answers)).toEqual(new Set([401, 405, 200]));
  });
});

describe("Meta's verification handshake", () => {
  const hook = (qs: string) => req(`/webhooks/whatsapp?${qs}`);
  it("echoes the challenge to the right token, refuses a missing or empty one with 400", async () => {
    const ok = await hook(`hub.mode=subscribe&hub.verify_token=${TEST_SECRETS.verifyToken}&hub.challenge=1158201444`);
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe("1158201444");
    for (const qs of [`hub.mode=subscribe&hub.verify_token=${TEST_SECRETS.verifyToken}`, `hub.mode=subscribe&hub.verify_token=${TEST_SECRETS.verifyToken}&hub.challenge=`]) {
      const res = await hook(qs);
      expect(res.status, qs).toBe(400);
      expect(await res.json()).toEqual({ error: "missing_challenge" });
    }
  });

  it("refuses a wrong or missing token with 403 and a code", async () => {
    for (const qs of ["hub.mode=subscribe&hub.verify_token=nope&hub.challenge=1", "hub.mode=subscribe&hub.challenge=1", ""]) {
      const res = await hook(qs);
      expect(res.status, qs).toBe(403);
      expect(await res.json()).toEqual({ error: "verification_refused" });
    }
  });
});
