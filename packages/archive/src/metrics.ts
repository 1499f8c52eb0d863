import type { Database } from "@sillage/db";
import { metricsRegistry, onScrape } from "@sillage/observability";
import { Counter, Gauge } from "prom-client";

/** Archive parts whose object failed its check (missing, corrupt, wrong count): their rows stay until an operator acts. */
export const archiveFailedBatches = new Gauge({
  name: "sillage_archive_failed_batches",
  help: "Archive parts marked failed (object missing or corrupt); their rows were not deleted",
  registers: [metricsRegistry],
});

/** Checks that failed during this process's runs, by reason (missing, checksum, count). */
export const archiveFailures = new Counter({
  name: "sillage_archive_failures_total",
  help: "Archive objects that failed their read-back check, by reason",
  labelNames: ["reason"] as const,
  registers: [metricsRegistry],
});

/** Rows archived then deleted, by table (a fixed list). */
export const archivedRows = new Counter({
  name: "sillage_archive_rows_total",
  help: "Rows written to the archive, verified and deleted, by table",
  labelNames: ["table"] as const,
  registers: [metricsRegistry],
});

export function registerArchiveMetrics(db: Database): void {
  onScrape("archive", async () => {
    const row = await db.selectFrom("archive_batches").select((eb) => eb.fn.countAll<number>().as("n")).where("status", "=", "failed").executeTakeFirst();
    archiveFailedBatches.set(Number(row?.n ?? 0));
  });
}
