import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { Hono } from "hono";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { securityHeaders } from "../src/http/security-headers";
import { startTestServer, type TestServer } from "./harness";

let server: TestServer;
beforeAll(async () => {
  const dist = mkdtempSync(path.join(os.tmpdir(), "sillage-test-dist-"));
  writeFileSync(path.join(dist, "index.html"), '<!doctype html><div id="root"></div><script type="module" src="/assets/app.js"></script>');
  server = await startTestServer({ webDistDir: dist });
});
afterAll(() => server.close());

/** The CSP's directives as a map: "img-src" → ["'self'", "data:", …]. */
function cspOf(res: Response): Map<string, string[]> {
  const header = res.headers.get("content-security-policy") ?? "";
  return new Map(
    header
      .split(";")
      .map((d) => d.trim().split(/\s+/))
      .filter((parts) => parts[0])
      .map(([name, ...values]) => [name!, values]),
  );
}

function expectSecurityHeaders(res: Response) {
  expect(res.headers.get("x-content-type-options")).toBe("nosniff");
  expect(res.headers.get("x-frame-options")).toBe("DENY");
  expect(res.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
  expect(res.headers.get("permissions-policy")).toContain("camera=()");
  expect(res.headers.get("permissions-policy")).toContain("microphone=()");
  expect(res.headers.get("permissions-policy")).toContain("geolocation=()");
  // The app is served over plain http here: no HSTS.
  expect(res.headers.get("strict-transport-security")).toBeNull();
  const csp = cspOf(res);
  expect(csp.get("default-src")).toEqual(["'self'"]);
  expect(csp.get("script-src")).toEqual(["'self'"]);
  expect(csp.get("style-src")).toEqual(["'self'"]);
  expect(csp.get("object-src")).toEqual(["'none'"]);
  expect(csp.get("base-uri")).toEqual(["'self'"]);
  expect(csp.get("frame-ancestors")).toEqual(["'none'"]);
  expect(csp.get("form-action")).toEqual(["'self'"]);
  expect(csp.get("img-src")).toEqual(["'self'", "data:", server.url]);
  for (const values of csp.values()) expect(values.join(" ")).not.toMatch(/unsafe-inline|unsafe-eval|\*/);
}

describe("security headers", () => {
  it("are on the SPA, the API (answers and errors), webhooks and media links", async () => {
    const spa = await fetch(`${server.url}/inbox`);
    expect(spa.status).toBe(200);
    expect(await spa.text()).toContain('<div id="root">');
    expectSecurityHeaders(spa);

    const me = await fetch(`${server.url}/trpc/auth.me`);
    expect(me.status).toBe(200);
    expectSecurityHeaders(me);
    const bad = await fetch(`${server.url}/trpc/auth.login`, { method: "POST", headers: { "content-type": "application/json" }, body: "{" });
    expect(bad.status).toBeGreaterThanOrEqual(400);
    expectSecurityHeaders(bad);
    const tooLarge = await fetch(`${server.url}/trpc/auth.login`, { method: "POST", headers: { "content-type": "application/json" }, body: "x".repeat(70 * 1_048_576) });
    expect(tooLarge.status).toBe(413);
    expectSecurityHeaders(tooLarge);

    const handshake = await fetch(`${server.url}/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=wrong&hub.challenge=1`);
    expect(handshake.status).toBe(403);
    expectSecurityHeaders(handshake);
    const unsigned = await fetch(`${server.url}/webhooks/instagram`, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
    expect(unsigned.status).toBe(401);
    expectSecurityHeaders(unsigned);

    await server.media.store.put("test/pixel.png", new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), "image/png");
    const media = await fetch(server.media.signUrl("test/pixel.png"));
    expect(media.status).toBe(200);
    expect(media.headers.get("content-type")).toBe("image/png");
    expectSecurityHeaders(media);
    const unsignedMedia = await fetch(`${server.url}/media/test/pixel.png`);
    expect(unsignedMedia.status).toBe(403);
    expectSecurityHeaders(unsignedMedia);

    expectSecurityHeaders(await fetch(`${server.url}/healthz`));
  });

  it("pins HTTPS (HSTS) only when the app's URL is https", async () => {
    const appAt = (url: string) => new Hono().use("*", securityHeaders(url)).get("/", (c) => c.text("ok"));
    const https = await appAt("https://app.example.com").request("/");
    expect(https.headers.get("strict-transport-security")).toBe("max-age=31536000; includeSubDomains");
    expect(cspOf(https).get("img-src")).toEqual(["'self'", "data:", "https://app.example.com"]);
    // Post thumbnails: only the configured image hosts (Instagram's CDN) join img-src; nothing else is widened.
    const withImages = await new Hono()
      .use("*", securityHeaders("https://app.example.com", { imageHosts: ["https://*.cdninstagram.com", "https://*.fbcdn.net"] }))
      .get("/", (c) => c.text("ok"))
      .request("/");
    const imagesCsp = cspOf(withImages);
    expect(imagesCsp.get("img-src")).toEqual(["'self'", "data:", "https://app.example.com", "https://*.cdninstagram.com", "https://*.fbcdn.net"]);
    expect(imagesCsp.get("default-src")).toEqual(["'self'"]);
    expect(imagesCsp.get("connect-src")).toEqual(["'self'"]);
    expect(imagesCsp.get("media-src")).toEqual(["'self'", "https://app.example.com"]);
    const http = await appAt("http://localhost:3000").request("/");
    expect(http.headers.get("strict-transport-security")).toBeNull();
    expect(http.headers.get("x-content-type-options")).toBe("nosniff");
  });
});
