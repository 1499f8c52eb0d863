import type { Connectors, PlatformBreakerHealth } from "@sillage/connectors";
import { pendingMigrations, sql, type Database } from "@sillage/db";
import { renderMetrics } from "@sillage/observability";
import { cronRuns, queueStats } from "@sillage/queue";
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
  /** This process's connectors: their breakers are shown on /readyz. */
  connectors?: Connectors;
}

type Check = { name: string; ok: boolean; detail?: string };

/** What /readyz shows beside its checks; none of it fails readiness (the process can still serve). */
interface ReadyInfo {
  databaseRoundTripMs?: number;
  queue?: { task: string; due: number; running: number; failed: number; oldestDueAgeSeconds: number }[];
  cron?: { identifier: string; lastRun: string | null }[];
  breakers?: PlatformBreakerHealth[];
}

/**
 * /healthz: the process answers. /readyz: database, migrations and worker, each named (503 when one fails), plus
 * queue lag, cron items' last runs, the database round trip and each platform's breakers. An open breaker is
 * Meta's trouble, not this process's: taking it out of the load balancer would not help, so it never fails
 * readiness. /metrics: Prometheus.
 */
export function healthRoutes(deps: HealthDeps) {
  const app = new Hono<AppEnv>();
  app.get("/healthz", (c) => c.json({ status: "ok" }));
  app.get("/readyz", async (c) => {
    const checks: Check[] = [];
    const info: ReadyInfo = {};
    let dbUp = false;
    try {
      const start = performance.now();
      await sql`select 1`.execute(deps.db);
      info.databaseRoundTripMs = Math.round((performance.now() - start) * 100) / 100;
      dbUp = true;
      checks.push({ name: "database", ok: true });
      const pending = await pendingMigrations(deps.pool);
      checks.push({ name: "migrations", ok: pending.length === 0, detail: pending.length ? `pending: ${pending.join(", ")}` : undefined });
    } catch (err) {
      checks.push({ name: "database", ok: false, detail: (err as Error).message });
      checks.push({ name: "migrations", ok: false, detail: "database unreachable" });
    }
    if (deps.workerRunning) checks.push({ name: "worker", ok: deps.workerRunning() });
    if (dbUp) {
      const [queue, cron] = await Promise.all([queueStats(deps.pool).catch(() => undefined), cronRuns(deps.pool).catch(() => undefined)]);
      info.queue = queue?.map(({ task, due, running, failed, oldestDueAgeSeconds }) => ({ task, due, running, failed, oldestDueAgeSeconds: Math.round(oldestDueAgeSeconds) }));
      info.cron = cron?.map((r) => ({ identifier: r.identifier, lastRun: r.lastExecution?.toISOString() ?? null }));
    }
    if (deps.connectors) info.breakers = deps.connectors.breakerHealth();
    const ok = checks.every((ch) => ch.ok);
    return c.json({ status: ok ? "ready" : "not_ready", checks, ...info }, ok ? 200 : 503);
  });
  app.get("/metrics", async (c) => {
    if (deps.metricsToken && !sameSecret(c.req.header("authorization") ?? "", `Bearer ${deps.metricsToken}`)) return c.json({ error: "unauthorized" }, 401);
    return c.text(await renderMetrics(), 200, { "Content-Type": "text/plain; version=0.0.4; charset=utf-8" });
  });
  return app;
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
