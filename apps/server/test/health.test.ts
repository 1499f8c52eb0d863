import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { healthRoutes } from "../src/http/health";
import { loadChannel } from "@sillage/channels";
import { ApiSession, ok, startTestServer, type TestServer } from "./harness";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

describe("health and metrics", () => {
  it("answers /healthz and names each readiness check", async () => {
    expect(await (await fetch(`${server.url}/healthz`)).json()).toEqual({ status: "ok" });
    const ready = await fetch(`${server.url}/readyz`);
    expect(ready.status).toBe(200);
    const body = (await ready.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ status: "ready", checks: [{ name: "database", ok: true }, { name: "migrations", ok: true }] });
    expect(body.databaseRoundTripMs).toEqual(expect.any(Number));
    expect(body.breakers).toEqual([
      { platform: "whatsapp", closed: 0, open: 0, halfOpen: 0, lastError: null },
      { platform: "instagram", closed: 0, open: 0, halfOpen: 0, lastError: null },
    ]);
    expect(body.queue).toEqual(expect.any(Array));
    expect(body.cron).toEqual(expect.any(Array));
  });

  it("shows queue lag and cron items' last runs, and an open breaker with its last error without failing readiness", async () => {
    // A job due a minute ago that no worker took (the test server runs none), and a cron item's bookkeeping row.
    await server.db.pool.query("select graphile_worker.add_job('workspace.ping', '{}'::json, run_at := now() - interval '60 seconds')");
    await server.db.pool.query(
      "insert into graphile_worker._private_known_crontabs (identifier, known_since, last_execution) values ('inbox.sweep', now() - interval '1 day', '2026-12-02T10:00:00Z')",
    );
    const browser = await ApiSession.signup(server.url, { email: "health-breakers@example.com" });
    const wa = server.fake.control.createWhatsAppAccount({ verifiedName: "Breaker", displayPhoneNumber: "33600000009" });
    const { id } = ok<{ id: string }>(await browser.mutation("channels.connectWhatsApp", { phoneNumberId: wa.phoneNumberId, wabaId: wa.wabaId, accessToken: wa.token }));
    const loaded = (await loadChannel(server.db.db, server.secretBox, id))!;
    server.fake.control.injectFault({ kind: "transient", times: 50, match: { method: "GET" } });
    for (let i = 0; i < 8; i++) await server.connectors.whatsapp.phoneNumber(loaded.channel).catch(() => undefined);
    server.fake.control.clearFaults();

    const res = await fetch(`${server.url}/readyz`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      status: string;
      queue: { task: string; due: number; oldestDueAgeSeconds: number }[];
      cron: { identifier: string; lastRun: string | null }[];
      breakers: { platform: string; open: number; lastError: { kind: string; message: string } | null }[];
    };
    expect(body.status).toBe("ready");
    const ping = body.queue.find((q) => q.task === "workspace.ping")!;
    expect(ping.due).toBe(1);
    expect(ping.oldestDueAgeSeconds).toBeGreaterThanOrEqual(59);
    expect(body.cron).toContainEqual({ identifier: "inbox.sweep", lastRun: "2026-12-02T10:00:00.000Z" });
    const whatsapp = body.breakers.find((b) => b.platform === "whatsapp")!;
    expect(whatsapp.open).toBe(1);
    expect(whatsapp.lastError).toMatchObject({ kind: expect.stringMatching(/retryable|server|transient/) });
    expect(whatsapp.lastError!.message).not.toContain(wa.token);

    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    expect(metrics).toMatch(/sillage_breaker_channels\{platform="whatsapp",state="open"\} 1/);
    expect(metrics).toMatch(/sillage_queue_oldest_due_age_seconds\{task="workspace.ping"\} (59|6\d)/);
    expect(metrics).toMatch(/sillage_connector_calls_total\{platform="whatsapp",operation="[^"]+",error="circuit_open"\} [1-9]/);
  });

  it("reports not ready, naming the failing check, when migrations are missing", async () => {
    await server.db.db.deleteFrom("sillage_migrations" as never).where("name" as never, "=", "0006_comments_analytics.sql" as never).execute();
    const res = await fetch(`${server.url}/readyz`);
    expect(res.status).toBe(503);
    const body = (await res.json()) as { checks: { name: string; ok: boolean; detail?: string }[] };
    expect(body.checks.find((c) => c.name === "migrations")).toMatchObject({ ok: false, detail: expect.stringContaining("0006_comments_analytics.sql") });
  });

  it("exposes Prometheus metrics, request latency included", async () => {
    const res = await fetch(`${server.url}/metrics`);
    expect(res.headers.get("content-type")).toContain("text/plain");
    const text = await res.text();
    expect(text).toContain("sillage_http_request_duration_seconds_bucket");
    expect(text).toMatch(/route="\/healthz"/);
    expect(text).toContain("sillage_process_cpu_seconds_total");
  });

  it("with METRICS_TOKEN set, /metrics answers only the scraper's bearer", async () => {
    const routes = healthRoutes({ db: server.db.db, pool: server.db.pool, metricsToken: "scraper-token-0123456789" });
    expect((await routes.request("/metrics")).status).toBe(401);
    expect((await routes.request("/metrics", { headers: { authorization: "Bearer wrong" } })).status).toBe(401);
    const scraped = await routes.request("/metrics", { headers: { authorization: "Bearer scraper-token-0123456789" } });
    expect(scraped.status).toBe(200);
    expect(await scraped.text()).toContain("sillage_process_cpu_seconds_total");
  });
});
