import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { brotliCompressSync, gunzipSync, gzipSync } from "node:zlib";
import { Hono } from "hono";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spaRoutes } from "../src/http/spa";
import { startTestServer, type TestServer } from "./harness";

// A built SPA as Vite + apps/web/build/assets.ts leave it: hashed assets with .br / .gz twins and a hidden map.
const script = `console.log(${JSON.stringify("x".repeat(4000))});\n`;
const indexHtml = `<!doctype html><html lang="fr"><head><title>Sillage</title><script type="module" src="/assets/index-abc123.js"></script></head><body><div id="root"></div><!-- ${"padding ".repeat(200)} --></body></html>`;
const dist = mkdtempSync(path.join(os.tmpdir(), "sillage-test-dist-"));
mkdirSync(path.join(dist, "assets"));
writeFileSync(path.join(dist, "index.html"), indexHtml);
writeFileSync(path.join(dist, "favicon.svg"), "<svg xmlns='http://www.w3.org/2000/svg'/>");
writeFileSync(path.join(dist, "assets/index-abc123.js"), script);
writeFileSync(path.join(dist, "assets/index-abc123.js.br"), brotliCompressSync(script));
writeFileSync(path.join(dist, "assets/index-abc123.js.gz"), gzipSync(script));
writeFileSync(path.join(dist, "assets/index-abc123.js.map"), '{"version":3,"sources":["src/main.tsx"]}');

/** A raw GET (node:http does not decode bodies, unlike fetch), so the bytes on the wire are what is checked. */
function get(url: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers }, (res) => {
        const parts: Buffer[] = [];
        res.on("data", (d: Buffer) => parts.push(d));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(parts) }));
      })
      .on("error", reject);
  });
}

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ webDistDir: dist });
});
afterAll(() => server.close());

describe("the SPA's hashed assets", () => {
  it("are sent brotli-compressed from the build's .br file, cached for a year, varying on Accept-Encoding", async () => {
    const res = await get(`${server.url}/assets/index-abc123.js`, { "accept-encoding": "gzip, deflate, br, zstd" });
    expect(res.status).toBe(200);
    expect(res.headers["content-encoding"]).toBe("br");
    expect(res.headers["content-type"]).toMatch(/^(text|application)\/javascript/);
    expect(res.headers["cache-control"]).toBe("public, max-age=31536000, immutable");
    expect(res.headers.vary).toMatch(/accept-encoding/i);
    expect(res.body.equals(brotliCompressSync(script))).toBe(true);
    expect(res.headers["sourcemap"]).toBeUndefined();
  });

  it("are sent gzip to a browser that accepts only gzip, and plain (still varying) to one that accepts nothing", async () => {
    const gz = await get(`${server.url}/assets/index-abc123.js`, { "accept-encoding": "gzip" });
    expect(gz.headers["content-encoding"]).toBe("gzip");
    expect(gunzipSync(gz.body).toString()).toBe(script);
    const plain = await get(`${server.url}/assets/index-abc123.js`, { "accept-encoding": "identity" });
    expect(plain.headers["content-encoding"]).toBeUndefined();
    expect(plain.body.toString()).toBe(script);
    expect(plain.headers.vary).toMatch(/accept-encoding/i);
    expect(plain.headers["cache-control"]).toContain("immutable");
  });

  it("keeps source maps and the compressed twins private by default", async () => {
    expect((await get(`${server.url}/assets/index-abc123.js.map`)).status).toBe(404);
    expect((await get(`${server.url}/assets/index-abc123.js.br`)).status).toBe(404);
    expect((await get(`${server.url}/assets/index-abc123.js.gz`)).status).toBe(404);
    // An unknown asset is a 404, never index.html cached for a year.
    const missing = await get(`${server.url}/assets/nope-000.js`);
    expect(missing.status).toBe(404);
    expect(missing.headers["cache-control"] ?? "").not.toContain("immutable");
  });

  it("serves source maps, named by a SourceMap header, when SILLAGE_PUBLIC_SOURCE_MAPS is on", async () => {
    const app = new Hono().route("/", spaRoutes(dist, { publicSourceMaps: true }));
    const js = await app.request("/assets/index-abc123.js");
    expect(js.headers.get("sourcemap")).toBe("/assets/index-abc123.js.map");
    const map = await app.request("/assets/index-abc123.js.map");
    expect(map.status).toBe(200);
    expect(await map.json()).toMatchObject({ version: 3 });
  });
});

describe("index.html and dynamic answers", () => {
  it("index.html answers every page path, no-cache, compressed per request", async () => {
    for (const page of ["/", "/inbox", "/index.html"]) {
      const res = await get(`${server.url}${page}`, { "accept-encoding": "gzip" });
      expect(res.status).toBe(200);
      expect(res.headers["cache-control"]).toBe("no-cache");
      expect(res.headers["content-encoding"]).toBe("gzip");
      expect(gunzipSync(res.body).toString()).toBe(indexHtml);
    }
  });

  it("other files of the build are served as they are", async () => {
    const res = await get(`${server.url}/favicon.svg`);
    expect(res.status).toBe(200);
    expect(res.headers["content-type"]).toContain("image/svg+xml");
  });

  it("tRPC answers are compressed for browsers that ask", async () => {
    const url = `${server.url}/trpc/auth.me?batch=1&input=${encodeURIComponent(JSON.stringify({ 0: { json: null } }))}`;
    const gz = await get(url, { "accept-encoding": "br, gzip" });
    expect(gz.status).toBe(200);
    // Per-request compression is gzip (Node 20's CompressionStream has no brotli); the assets are brotli already.
    expect(gz.headers["content-encoding"]).toBe("gzip");
    expect(gz.headers.vary).toMatch(/accept-encoding/i);
    const plain = await get(url);
    expect(plain.headers["content-encoding"]).toBeUndefined();
    expect(JSON.parse(plain.body.toString())).toEqual([{ result: { data: { json: null } } }]);
  });

});
