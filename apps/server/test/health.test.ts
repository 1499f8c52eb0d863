import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { healthRoutes } from "../src/http/health";
import { startTestServer, type TestServer } from "./harness";

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
    expect(await ready.json()).toEqual({ status: "ready", checks: [{ name: "database", ok: true }, { name: "migrations", ok: true }] });
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
