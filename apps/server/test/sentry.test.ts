import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { metricsRegistry, reportError } from "@sillage/observability";
import { defineJob, enqueue, startWorker } from "@sillage/queue";
import { sql } from "kysely";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { initSentry, scrubText, type SentryHandle } from "../src/sentry";
import { ApiSession, startTestServer, type TestServer } from "./harness";

// A local stand-in for Sentry's ingestion endpoint: it receives the envelopes the SDK sends (no network).
type Envelope = { header: Record<string, unknown>; items: { type: string; payload: Record<string, unknown> }[] };

function startReceiver(mode: "ok" | "hang" = "ok") {
  const envelopes: Envelope[] = [];
  const held: ServerResponse[] = [];
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    if (mode === "hang") {
      held.push(res); // never answers: a Sentry that is down behind a load balancer
      return;
    }
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const lines = Buffer.concat(chunks).toString("utf8").split("\n").filter(Boolean);
      const env: Envelope = { header: JSON.parse(lines[0]!) as Record<string, unknown>, items: [] };
      for (let i = 1; i + 1 < lines.length; i += 2) {
        env.items.push({ type: (JSON.parse(lines[i]!) as { type: string }).type, payload: JSON.parse(lines[i + 1]!) as Record<string, unknown> });
      }
      envelopes.push(env);
      res.writeHead(200, { "content-type": "application/json" }).end("{}");
    });
  });
  return new Promise<{ dsn: string; envelopes: Envelope[]; close(): Promise<void> }>((resolve) => {
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        dsn: `http://publickey@127.0.0.1:${port}/7`,
        envelopes,
        close: () => {
          for (const r of held) r.destroy();
          server.closeAllConnections();
          return new Promise((r) => server.close(() => r()));
        },
      });
    });
  });
}

const events = (envs: Envelope[]) => envs.flatMap((e) => e.items.filter((i) => i.type === "event").map((i) => i.payload));

async function dropped(): Promise<number> {
  const m = (await metricsRegistry.getSingleMetric("sillage_sentry_events_dropped_total")!.get()).values;
  return m.reduce((a, v) => a + v.value, 0);
}

let server: TestServer;
let sentry: SentryHandle | undefined;
beforeAll(async () => {
  server = await startTestServer();
});
afterEach(async () => {
  await sentry?.close(500);
  sentry = undefined;
});
afterAll(() => server.close());

const SECRET_BITS = ["jane.doe@example.com", "+33 6 12 34 56 78", "EAAGm0PX4ZCpsBAKZBZCZCmZCZCxyz1234567890abcdef"];

describe("error reports to Sentry", () => {
  it("scrubs e-mails, phone numbers and tokens from a string", () => {
    const s = scrubText(`mail ${SECRET_BITS[0]} phone ${SECRET_BITS[1]} token ${SECRET_BITS[2]} id 42`);
    for (const bit of SECRET_BITS) expect(s).not.toContain(bit);
    expect(s).toContain("id 42");
  });

  it("reports a failing job with its task, job id, release and environment, scrubbed", async () => {
    const receiver = await startReceiver();
    sentry = initSentry({ dsn: receiver.dsn, release: "sillage@9.9.9", environment: "staging" });
    const failing = defineJob({
      id: "test.sentry_fails",
      schema: z.object({ customer: z.string() }),
      maxAttempts: 1,
      handler: async () => ({
        default: async (p: { customer: string }) => {
          throw new Error(`could not reach ${p.customer} at ${SECRET_BITS[0]} / ${SECRET_BITS[1]} with ${SECRET_BITS[2]}`);
        },
      }),
    });
    const jobId = await enqueue(server.db.db, failing, { customer: "Jane" });
    const runner = await startWorker({ pool: server.db.pool, definitions: [failing], services: {}, logger: server.logger, concurrency: 1, pollInterval: 100 });
    try {
      await expect.poll(() => events(receiver.envelopes).length, { timeout: 15_000 }).toBeGreaterThan(0);
    } finally {
      await runner.stop();
      await receiver.close();
    }
    const [event] = events(receiver.envelopes) as { tags: Record<string, string>; release: string; environment: string; exception: { values: { value: string }[] } }[];
    expect(event!.tags).toMatchObject({ task: "test.sentry_fails", job_id: String(jobId), final: "yes" });
    expect(event!.release).toBe("sillage@9.9.9");
    expect(event!.environment).toBe("staging");
    const text = JSON.stringify(receiver.envelopes);
    expect(event!.exception.values[0]!.value).toContain("could not reach Jane");
    for (const bit of SECRET_BITS) expect(text).not.toContain(bit);
  });

  it("reports a 5xx tRPC error with its procedure, and never a 4xx", async () => {
    const receiver = await startReceiver();
    sentry = initSentry({ dsn: receiver.dsn, release: "r", environment: "test" });
    const browser = await ApiSession.signup(server.url, { email: "sentry-5xx@example.com" });
    expect((await browser.query("posts.get", { id: "00000000-0000-4000-8000-000000000000" })).ok).toBe(false); // a 404
    // A broken database object makes the next call a real internal error.
    await sql`alter table saved_replies rename to saved_replies_gone`.execute(server.db.db);
    try {
      const res = await browser.query("savedReplies.list");
      expect(res).toMatchObject({ ok: false, status: 500 });
      await expect.poll(() => events(receiver.envelopes).length, { timeout: 10_000 }).toBe(1);
    } finally {
      await sql`alter table saved_replies_gone rename to saved_replies`.execute(server.db.db);
      await receiver.close();
    }
    const [event] = events(receiver.envelopes) as { tags: Record<string, string> }[];
    expect(event!.tags).toMatchObject({ procedure: "savedReplies.list", code: "INTERNAL_SERVER_ERROR" });
    expect(JSON.stringify(receiver.envelopes)).not.toContain("sentry-5xx@example.com");
  });

  it("a Sentry that is down never slows requests: reports beyond a few in flight are dropped and counted", async () => {
    const receiver = await startReceiver("hang");
    sentry = initSentry({ dsn: receiver.dsn, release: "r", environment: "test", maxInFlight: 3, sendTimeoutMs: 60_000 });
    const before = await dropped();
    const browser = await ApiSession.signup(server.url, { email: "sentry-down@example.com" });
    await sql`alter table saved_replies rename to saved_replies_gone`.execute(server.db.db);
    const times: number[] = [];
    try {
      for (let i = 0; i < 15; i++) {
        // Distinct errors (the SDK drops an exact repeat on its own), reported as a job failure would be.
        reportError(new Error(`worker failure ${i}`), { tags: { task: "test.down", job_id: i } });
        const start = performance.now();
        const res = await browser.query("savedReplies.list");
        times.push(performance.now() - start);
        expect(res.ok).toBe(false);
      }
    } finally {
      await sql`alter table saved_replies_gone rename to saved_replies`.execute(server.db.db);
    }
    await expect.poll(async () => (await dropped()) - before, { timeout: 5_000 }).toBeGreaterThanOrEqual(12);
    expect(Math.max(...times)).toBeLessThan(1_000);
    const text = await (await fetch(`${server.url}/metrics`)).text();
    expect(text).toMatch(/sillage_sentry_events_dropped_total\{reason="queue_full"\} \d+/);
    await sentry.close(100);
    sentry = undefined;
    await receiver.close();
  });

  it("relays the SPA's reports through /sentry/tunnel, scrubbed and tagged as the web's; 404 when Sentry is off", async () => {
    const envelope = (value: string) =>
      [
        JSON.stringify({ dsn: "https://browser@elsewhere.example/1" }),
        JSON.stringify({ type: "event" }),
        JSON.stringify({ exception: { values: [{ type: "TypeError", value }] }, request: { url: "https://app/inbox?token=abc" }, user: { email: SECRET_BITS[0] } }),
      ].join("\n");
    expect((await fetch(`${server.url}/sentry/tunnel`, { method: "POST", body: envelope("x") })).status).toBe(404);
    const receiver = await startReceiver();
    sentry = initSentry({ dsn: receiver.dsn, release: "r", environment: "test" });
    try {
      const res = await fetch(`${server.url}/sentry/tunnel`, { method: "POST", body: envelope(`cannot read reply to ${SECRET_BITS[0]} (${SECRET_BITS[1]})`) });
      expect(res.status).toBe(202);
      expect((await fetch(`${server.url}/sentry/tunnel`, { method: "POST", body: "not an envelope" })).status).toBe(202);
      await expect.poll(() => events(receiver.envelopes).length, { timeout: 10_000 }).toBe(1);
    } finally {
      await receiver.close();
    }
    const [event] = events(receiver.envelopes) as { tags: Record<string, string>; exception: { values: { value: string }[] }; user?: unknown; request?: { url: string } }[];
    expect(event!.tags).toMatchObject({ origin: "web" });
    expect(event!.exception.values[0]!.value).toBe("cannot read reply to [redacted] ([redacted])");
    expect(event!.user).toBeUndefined();
    expect(event!.request?.url).toBe("https://app/inbox");
  });
});
