import { pendingMigrations, sql, type Database } from "@sillage/db";
import { metricsRegistry } from "@sillage/observability";
import { timingSafeEqual } from "node:crypto";
import { Hono } from "hono";
import type pg from "pg";
import type { AppEnv } from "./request-context";

export interface HealthDeps {
  db: Database;
  pool: pg.Pool;
  /** Undefined when this process runs no worker (SILLAGE_ROLE=web). */
  workerRunning?: () => boolean;
  /** When set, /metrics answers only `Authorization: Bearer <token>` (the scraper's). */
  metricsToken?: string;
}

type Check = { name: string; ok: boolean; detail?: string };

/** /healthz: the process answers. /readyz: database, migrations and worker, each named. /metrics: Prometheus. */
export function healthRoutes(deps: HealthDeps) {
  const app = new Hono<AppEnv>();
  app.get("/healthz", (c) => c.json({ status: "ok" }));
  app.get("/readyz", async (c) => {
    const checks: Check[] = [];
    try {
      await sql`select 1`.execute(deps.db);
      checks.push({ name: "database", ok: true });
      const pending = await pendingMigrations(deps.pool);
      checks.push({ name: "migrations", ok: pending.length === 0, detail: pending.length ? `pending: ${pending.join(", ")}` : undefined });
    } catch (err) {
      checks.push({ name: "database", ok: false, detail: (err as Error).message });
      checks.push({ name: "migrations", ok: false, detail: "database unreachable" });
    }
    if (deps.workerRunning) checks.push({ name: "worker", ok: deps.workerRunning() });
    const ok = checks.every((ch) => ch.ok);
    return c.json({ status: ok ? "ready" : "not_ready", checks }, ok ? 200 : 503);
  });
  app.get("/metrics", async (c) => {
    if (deps.metricsToken && !sameSecret(c.req.header("authorization") ?? "", `Bearer ${deps.metricsToken}`)) return c.json({ error: "unauthorized" }, 401);
    return c.text(await metricsRegistry.metrics(), 200, { "Content-Type": metricsRegistry.contentType });
  });
  return app;
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
