/**
 * What the outside probe (test/probe/run.ts) found answering badly, over real HTTP against real PostgreSQL: a body
 * that is no JSON, a batch of a thousand calls, an unexpected failure's message (PostgreSQL's text), two shops
 * named alike at once, and a refused oversized body on a kept-alive connection.
 */
import http from "node:http";
import { MEDIA_MAX_BYTES } from "@sillage/api";
import { sql } from "@sillage/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApiSession, startTestServer, type TestServer } from "./harness";

let server: TestServer;
let owner: ApiSession;
beforeAll(async () => {
  server = await startTestServer();
  owner = await ApiSession.signup(server.url, { email: "probe@example.com", workspaceName: "Probe shop" });
});
afterAll(() => server.close());

interface RawAnswer {
  status: number;
  headers: Headers;
  error?: { message: string; data: { code: string; appError: { code: string; params: Record<string, unknown> } | null } };
}

async function raw(path: string, init: RequestInit = {}): Promise<RawAnswer> {
  const res = await fetch(`${server.url}${path}`, {
    ...init,
    headers: { "content-type": "application/json", origin: server.url, cookie: owner.cookie, "x-sillage-workspace": owner.workspaceId!, ...(init.headers as Record<string, string>) },
  });
  const body = (await res.json()) as { error?: { json: RawAnswer["error"] } };
  return { status: res.status, headers: res.headers, error: body.error?.json };
}

describe("tRPC's own refusals carry a code", () => {
  it.each([
    ["no JSON", "{not json"],
    ["an empty body", ""],
    ["NUL bytes", "\u0000\u0000"],
    ["a superjson type that does not parse", '{"json":{"name":"x"},"meta":{"values":{"name":["bigint"]}}}'],
    ["a prototype key", '{"json":{"name":"x"},"meta":{"referentialEqualities":{"name":["__proto__.x"]}}}'],
  ])("a mutation whose body is %s: 400 malformed_request", async (_label, body) => {
    const a = await raw("/trpc/workspace.update", { method: "POST", body });
    expect(a.status).toBe(400);
    expect(a.error?.data.appError?.code).toBe("malformed_request");
  });

  it("says what is wrong with the JSON, but not what broke inside the reader (branch probes3)", async () => {
    const syntax = await raw("/trpc/workspace.update", { method: "POST", body: "{not json" });
    expect(syntax.error?.message).toMatch(/could not be read.*\(.*JSON/);
    for (const body of [
      '{"json":{"name":"x"},"meta":{"values":["set"]}}',
      '{"json":{"name":"x"},"meta":{"values":{"name":["class","X"]}}}',
      '{"json":{"name":"x"},"meta":{"values":{"name":["map"]}}}',
    ]) {
      const a = await raw("/trpc/workspace.update", { method: "POST", body });
      expect(a.status, body).toBe(400);
      expect(a.error?.data.appError?.code).toBe("malformed_request");
      expect(a.error?.message, body).not.toMatch(/iterable|Symbol|call stack|entry object/);
    }
  });

  it("a batch of more than 50 calls is refused whole, before any runs; 50 still go", async () => {
    const batch = (n: number) => `/trpc/${Array.from({ length: n }, () => "labels.list").join(",")}?batch=1`;
    const tooMany = await raw(batch(1000));
    expect(tooMany.status).toBe(400);
    expect(tooMany.error?.data.appError).toEqual({ code: "batch_too_large", params: { max: 50 } });
    const res = await fetch(`${server.url}${batch(50)}`, { headers: { cookie: owner.cookie, "x-sillage-workspace": owner.workspaceId! } });
    expect(res.status).toBe(200);
    expect(((await res.json()) as unknown[]).length).toBe(50);
  });
});

describe("an unexpected failure", () => {
  it("answers 500 internal_error with the request id, never PostgreSQL's words", async () => {
    const { db } = server.db;
    await sql`alter table labels rename to labels_away`.execute(db);
    try {
      const a = await raw("/trpc/labels.list");
      expect(a.status).toBe(500);
      const requestId = a.headers.get("x-request-id");
      expect(a.error?.data.appError).toEqual({ code: "internal_error", params: { requestId } });
      expect(a.error?.message).not.toMatch(/relation|labels|does not exist/);
      // The operator still reads the cause in the logs, under the same request id.
      expect(server.logs.some((l) => l.includes(requestId!) && l.includes("does not exist"))).toBe(true);
    } finally {
      await sql`alter table labels_away rename to labels`.execute(db);
    }
  });
});

describe("workspaces named alike", () => {
  it("created at the same moment each get their own slug (no unique-index failure)", async () => {
    const answers = await Promise.all(Array.from({ length: 6 }, () => owner.mutation("workspace.create", { name: "Twin shop" })));
    expect(answers.map((a) => (a.ok ? "ok" : `${a.code}: ${a.message}`))).toEqual(Array(6).fill("ok"));
    const slugs = answers.map((a) => (a.ok ? (a.data as { slug: string }).slug : ""));
    expect(new Set(slugs).size).toBe(6);
    expect(slugs).toContain("twin-shop");
  });
});

describe("a body over the limit", () => {
  const trpcMaxBytes = Math.ceil((MEDIA_MAX_BYTES * 4) / 3) + 1_048_576;
  /** One POST of `sent` bytes (declaring `declared`) on a kept-alive agent, then a small request on the same agent. */
  async function overLimit(path: string, declared: number, sent: number) {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const request = (method: string, to: string, length: number, bytes: number) =>
      new Promise<{ status: number; connection: string | undefined }>((resolve, reject) => {
        const req = http.request(`${server.url}${to}`, { method, agent, headers: { "content-type": "application/json", "content-length": length } }, (res) => {
          res.resume();
          res.on("end", () => resolve({ status: res.statusCode!, connection: res.headers.connection }));
        });
        req.on("error", reject);
        if (bytes === length) req.end(Buffer.alloc(bytes, 0x20));
        else req.write(Buffer.alloc(bytes, 0x20));
      });
    try {
      return { refused: await request("POST", path, declared, sent), next: await request("GET", "/healthz", 0, 0) };
    } finally {
      agent.destroy();
    }
  }

  it.each([["/webhooks/whatsapp", 3 * 1024 * 1024 + 1], ["/sentry/tunnel", 1024 * 1024 + 1]])(
    "%s: the whole body sent, the client reads 413 and the connection closes, so its next request goes on a new one",
    async (path, bytes) => {
      const { refused, next } = await overLimit(path, bytes, bytes);
      expect(refused).toEqual({ status: 413, connection: "close" });
      expect(next.status).toBe(200);
    },
  );

  it("/trpc: a body declared over the limit and never sent whole is answered 413 (after a bounded wait) and closed", async () => {
    const { refused } = await overLimit("/trpc/workspace.update", trpcMaxBytes + 1, 64 * 1024);
    expect(refused).toEqual({ status: 413, connection: "close" });
  });
});
