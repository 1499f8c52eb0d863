import { registerArchiveMetrics } from "@sillage/archive";
import { countTokensExpiring } from "@sillage/channels";
import type { Connectors } from "@sillage/connectors";
import type { Clock } from "@sillage/time";
import type { Database } from "@sillage/db";
import { breakerChannels, dbPoolConnections, metaUsagePercent, onScrape, tokensExpiringSoon } from "@sillage/observability";
import { registerQueueMetrics } from "@sillage/queue";
import type pg from "pg";

const SEVEN_DAYS_MS = 7 * 24 * 3600_000;

/** The scrape-time gauges of this process: breakers, Meta usage, pool, tokens expiring, the queue, archive failures. */
export function registerProcessMetrics(deps: { db: Database; pool: pg.Pool; connectors: Connectors; clock: Clock }): void {
  onScrape("connectors", () => {
    for (const h of deps.connectors.breakerHealth()) {
      breakerChannels.set({ platform: h.platform, state: "closed" }, h.closed);
      breakerChannels.set({ platform: h.platform, state: "open" }, h.open);
      breakerChannels.set({ platform: h.platform, state: "half_open" }, h.halfOpen);
    }
    for (const u of deps.connectors.usageLevels()) metaUsagePercent.set({ platform: u.platform }, u.maxPercent);
  });
  onScrape("db_pool", () => {
    dbPoolConnections.set({ state: "total" }, deps.pool.totalCount);
    dbPoolConnections.set({ state: "idle" }, deps.pool.idleCount);
    dbPoolConnections.set({ state: "waiting" }, deps.pool.waitingCount);
  });
  onScrape("tokens", async () => {
    const rows = await countTokensExpiring(deps.db, deps.clock.now(), SEVEN_DAYS_MS);
    for (const platform of ["whatsapp", "instagram"] as const) {
      tokensExpiringSoon.set({ platform }, rows.find((r) => r.platform === platform)?.count ?? 0);
    }
  });
  registerQueueMetrics(deps.pool);
  registerArchiveMetrics(deps.db);
}
