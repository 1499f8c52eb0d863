// One incremental pass (the job) and backfills (the CLI): the watermark says which source rows are new since the last
// pass; the windows they fall in are recomputed by `aggregateKpis` in one statement.
import { sql, type Database } from "@sillage/db";
import { aggregateKpis, type AggregateResult } from "./aggregate";
import { nextWindowEnd } from "./windows";

/** Rows are stamped with their transaction's start (now()): one that commits after a pass began is caught by the next. */
export const WATERMARK_MARGIN_MS = 15 * 60_000;
/** With no watermark yet (a new database), the first pass reaches back this far; older history is `kpi backfill`'s. */
export const FIRST_PASS_LOOKBACK_MS = 8 * 24 * 3600_000;

export interface IncrementalResult extends AggregateResult {
  since: Date;
  watermark: Date;
}

/**
 * Recomputes every window that a row changed since the last pass falls in (late data included), then moves the
 * watermark. Passes are serialized on the watermark row; a rerun with nothing new rewrites nothing.
 */
export async function runIncremental(db: Database): Promise<IncrementalResult> {
  return db.transaction().execute(async (trx) => {
    await sql`INSERT INTO kpi_watermarks (scope, changed_since)
      VALUES ('incremental', now() - ${FIRST_PASS_LOOKBACK_MS} * interval '1 millisecond') ON CONFLICT (scope) DO NOTHING`.execute(trx);
    const { rows } = await sql<{ changed_since: Date; now: Date }>`
      SELECT changed_since, now() AS now FROM kpi_watermarks WHERE scope = 'incremental' FOR UPDATE`.execute(trx);
    const { changed_since, now } = rows[0]!;
    const since = new Date(changed_since.getTime() - WATERMARK_MARGIN_MS);
    const result = await aggregateKpis(trx, { kind: "changed", since });
    await sql`UPDATE kpi_watermarks SET changed_since = ${now}, updated_at = now() WHERE scope = 'incremental'`.execute(trx);
    return { ...result, since, watermark: now };
  });
}

/** Recomputes every window of [from, to) (one workspace or all), one local day of windows at a time per statement. */
export async function backfillKpis(db: Database, opts: { from: Date; to: Date; workspaceId?: string }): Promise<AggregateResult> {
  if (!(opts.to > opts.from)) throw new Error("backfill: --to must be after --from");
  return aggregateKpis(db, { kind: "range", ...opts });
}

/** The zones workspaces use (read from accounts' `workspaces`: shared read). */
export async function workspaceZones(db: Database): Promise<string[]> {
  const rows = await db.selectFrom("workspaces").select("time_zone").distinct().execute();
  return rows.map((r) => r.time_zone);
}

/** When the next run must start so the window running now is aggregated just after it ends, in every zone in use. */
export function nextRunAfterWindowEnd(zones: readonly string[], now: Date, delayMs = 60_000): Date {
  const ends = (zones.length ? zones : ["Europe/Paris"]).map((z) => nextWindowEnd(z, now).getTime());
  return new Date(Math.min(...ends) + delayMs);
}
