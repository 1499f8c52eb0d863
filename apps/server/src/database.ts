import path from "node:path";
import type { AppConfig } from "@sillage/config";
import { createDb, ensureDatabase, migrate, startEmbeddedPostgres, type DbHandle } from "@sillage/db";
import type { Logger } from "@sillage/observability";

export interface OpenDatabase extends DbHandle {
  url: string;
}

/**
 * DATABASE_URL when set; otherwise the embedded PostgreSQL with its data in .data/pg (kept across restarts).
 * Both schemas migrate here, under an advisory lock, so processes starting together are safe.
 */
export async function openDatabase(config: AppConfig, logger: Logger): Promise<OpenDatabase> {
  let url = config.DATABASE_URL;
  let stopEmbedded: (() => Promise<void>) | undefined;
  if (!url) {
    const dataDir = path.join(config.dataDir, "pg");
    logger.info({ dataDir }, "DATABASE_URL is unset: starting the embedded PostgreSQL");
    const embedded = await startEmbeddedPostgres({ dataDir });
    // As root from a folder the `postgres` user cannot enter, the data lives elsewhere (.data/pg links to it).
    if (embedded.dataDir !== dataDir) logger.info({ dataDir: embedded.dataDir, link: dataDir }, "embedded PostgreSQL data kept where its user can reach it");
    await ensureDatabase(embedded.url, "sillage");
    url = embedded.urlFor("sillage");
    stopEmbedded = embedded.stop;
  }
  let closing = false;
  const handle = createDb(url, {
    max: config.WORKER_CONCURRENCY + 12,
    // While we shut down, connections still closing see the embedded server stop ("terminating connection"): expected.
    onError: (err) => (closing ? logger.debug({ err: err.message }, "database connection closed during shutdown") : logger.warn({ err }, "idle database connection error")),
  });
  const applied = await migrate(handle.pool, { log: (m) => logger.info(m) });
  if (applied.length) logger.info({ applied }, "database migrated");
  return {
    ...handle,
    url,
    async close() {
      closing = true;
      await handle.close();
      await stopEmbedded?.();
    },
  };
}
