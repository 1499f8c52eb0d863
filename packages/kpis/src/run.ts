// One incremental pass (the job) and backfills (the CLI): the watermark says which source rows are new since the last
// pass; the windows they fall in are recomputed by `aggregateKpis` in one statement.
import { sql, type Database } from "@sillage/db";
import type { Clock } from "@sillage/time";
import { aggregateKpis, type AggregateResult } from "./aggregate";
import { nextWindowEnd, windowsBetween } from "./windows";

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

/** One step of a long backfill: a UTC day, one transaction with its checkpoint. */
export const BACKFILL_STEP_MS = 24 * 3600_000;

export interface BackfillProgress {
  /** Days (steps) of the range done, this run and any interrupted run it resumes, and their count. */
  stepsDone: number;
  steps: number;
  /** Windows recomputed so far (each workspace's 2-hour windows overlapping the part done) and in the whole range. */
  windowsDone: number;
  windowsTotal: number;
  /** Where the part done ends. */
  through: Date;
  upserted: number;
  deleted: number;
  elapsedMs: number;
  /** Time left at this run's pace; null before the first step of this run ends. */
  etaMs: number | null;
  /** Where this run took over from an interrupted one (same range and workspace), else null. */
  resumedFrom: Date | null;
}

export interface BackfillOptions {
  from: Date;
  to: Date;
  workspaceId?: string;
  clock: Clock;
  stepMs?: number;
  /** Called after each step, once its transaction (windows and checkpoint) committed. */
  onProgress?: (p: BackfillProgress) => void;
  /** Stops between steps; the checkpoint keeps what is done, and the same call again resumes there. */
  signal?: AbortSignal;
  /** Ignores the checkpoint of an earlier interrupted run of the same range (recomputes from `from`). */
  restart?: boolean;
}

/** The checkpoint's key in `kpi_watermarks`: one per range and workspace, so only the same backfill resumes it. */
export function backfillScope(opts: Pick<BackfillOptions, "from" | "to" | "workspaceId">): string {
  return `backfill:${opts.from.toISOString()}/${opts.to.toISOString()}:${opts.workspaceId ?? "all"}`;
}

/**
 * `kpi backfill` over a long range: one UTC day per transaction, each committing its windows together with a
 * checkpoint (`kpi_watermarks`, scope `backfillScope`), so an interrupted run (Ctrl-C, a crash, a lost connection)
 * resumes after the last day done when run again with the same range; the checkpoint goes once the range is done.
 * Recomputing a window is idempotent, so resuming or rerunning never counts anything twice. Reports progress (days
 * and windows done, ETA) after each day.
 */
export async function backfillKpisResumable(db: Database, opts: BackfillOptions): Promise<BackfillProgress & { completed: boolean }> {
  if (!(opts.to > opts.from)) throw new Error("backfill: --to must be after --from");
  const stepMs = opts.stepMs ?? BACKFILL_STEP_MS;
  const scope = backfillScope(opts);
  const fromMs = opts.from.getTime();
  const toMs = opts.to.getTime();
  if (opts.restart) await db.deleteFrom("kpi_watermarks").where("scope", "=", scope).execute();
  const checkpoint = await db.selectFrom("kpi_watermarks").select("changed_since").where("scope", "=", scope).executeTakeFirst();
  const resumeAt = checkpoint && checkpoint.changed_since.getTime() > fromMs && checkpoint.changed_since.getTime() < toMs ? checkpoint.changed_since : null;
  const windowsUpTo = await windowCounter(db, opts);
  const steps = Math.ceil((toMs - fromMs) / stepMs);
  const started = opts.clock.now().getTime();
  let at = resumeAt?.getTime() ?? fromMs;
  const firstAt = at;
  const progress: BackfillProgress = {
    stepsDone: Math.round((at - fromMs) / stepMs),
    steps,
    windowsDone: at > fromMs ? windowsUpTo(at) : 0,
    windowsTotal: windowsUpTo(toMs),
    through: new Date(at),
    upserted: 0,
    deleted: 0,
    elapsedMs: 0,
    etaMs: null,
    resumedFrom: resumeAt,
  };
  while (at < toMs) {
    if (opts.signal?.aborted) return { ...progress, completed: false };
    const end = Math.min(at + stepMs, toMs);
    const r = await db.transaction().execute(async (trx) => {
      const result = await aggregateKpis(trx, { kind: "range", from: new Date(at), to: new Date(end), workspaceId: opts.workspaceId });
      await sql`INSERT INTO kpi_watermarks (scope, changed_since) VALUES (${scope}, ${new Date(end)})
        ON CONFLICT (scope) DO UPDATE SET changed_since = EXCLUDED.changed_since, updated_at = now()`.execute(trx);
      return result;
    });
    at = end;
    const elapsedMs = opts.clock.now().getTime() - started;
    Object.assign(progress, {
      stepsDone: progress.stepsDone + 1,
      windowsDone: windowsUpTo(at),
      through: new Date(at),
      upserted: progress.upserted + r.upserted,
      deleted: progress.deleted + r.deleted,
      elapsedMs,
      etaMs: Math.round((elapsedMs / (at - firstAt)) * (toMs - at)),
    });
    opts.onProgress?.({ ...progress });
  }
  await db.deleteFrom("kpi_watermarks").where("scope", "=", scope).execute();
  return { ...progress, completed: true };
}

/**
 * How many windows (of every workspace the backfill covers) overlap [from, t): each workspace's zone has its own
 * boundaries (DST days have 11 or 13 windows), counted once per zone and weighted by its workspaces.
 */
async function windowCounter(db: Database, opts: Pick<BackfillOptions, "from" | "to" | "workspaceId">): Promise<(t: number) => number> {
  let q = db.selectFrom("workspaces").select(["time_zone", (eb) => eb.fn.countAll<string>().as("n")]).groupBy("time_zone");
  if (opts.workspaceId) q = q.where("id", "=", opts.workspaceId);
  const zones = (await q.execute()).map((z) => ({ n: Number(z.n), starts: windowsBetween(z.time_zone, opts.from, opts.to).map((w) => w.start.getTime()) }));
  return (t) => zones.reduce((sum, z) => sum + z.n * countBelow(z.starts, t), 0);
}

/** How many of the sorted `starts` are before `t` (binary search). */
function countBelow(starts: number[], t: number): number {
  let lo = 0;
  let hi = starts.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (starts[mid]! < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
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
