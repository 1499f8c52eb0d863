// The archive run: per table, workspace and UTC day, rows older than the retention go to JSONL + zstd objects,
// each read back and checked before its rows are deleted in small batches.
import type { Database } from "@sillage/db";
import type { Logger } from "@sillage/observability";
import type { Clock } from "@sillage/time";
import { decodeLines, encodeLines, sha256 } from "./codec";
import {
  dropEmptyBatch,
  groupHasFailure,
  markDeleted,
  markFailed,
  markVerified,
  openBatch,
  recordWritten,
  unfinishedBatches,
  withArchiveLock,
  type ArchiveBatch,
} from "./manifest";
import { archivedRows, archiveFailures } from "./metrics";
import { ColdObjectError, type ArchiveStore } from "./storage";
import { ARCHIVED_TABLES, archivableTables, type ArchivedTable, type DueGroup } from "./tables";

export interface ArchiveRunOptions {
  /** Archive rows older than this instant instead of each table's retention (never later than it, see below). */
  before?: Date;
  /** Rows per object (one workspace, table and day may take several parts). */
  partRows?: number;
  /** Ids per DELETE statement: short statements so the live tables' queries never wait long behind one. */
  deleteBatch?: number;
  /** Groups archived at once (compression runs on libuv's thread pool, the database on its own cores). */
  concurrency?: number;
  tables?: readonly ArchivedTable[];
  logger?: Logger;
}

export interface ArchiveRunResult {
  status: "done" | "busy";
  objects: number;
  rows: number;
  bytesIn: number;
  bytesOut: number;
  failed: number;
  writeMs: number;
  verifyMs: number;
  deleteMs: number;
}

type Ctx = { db: Database; store: ArchiveStore; clock: Clock; partRows: number; deleteBatch: number; result: ArchiveRunResult; logger?: Logger };

export const DEFAULT_PART_ROWS = 50_000;
export const DEFAULT_DELETE_BATCH = 5_000;

/**
 * One run: first the parts an earlier run left unfinished (a crash between upload and delete), then every due
 * group. A storage error (outage) throws before anything of its part is deleted: the job retries. A missing or
 * corrupt object marks its part failed, keeps its rows, and the run goes on with other groups.
 */
export async function runArchive(db: Database, store: ArchiveStore, clock: Clock, opts: ArchiveRunOptions = {}): Promise<ArchiveRunResult> {
  const result: ArchiveRunResult = { status: "done", objects: 0, rows: 0, bytesIn: 0, bytesOut: 0, failed: 0, writeMs: 0, verifyMs: 0, deleteMs: 0 };
  const ctx: Ctx = { db, store, clock, partRows: opts.partRows ?? DEFAULT_PART_ROWS, deleteBatch: opts.deleteBatch ?? DEFAULT_DELETE_BATCH, result, logger: opts.logger };
  const outcome = await withArchiveLock(db, async () => {
    for (const batch of await unfinishedBatches(db)) await finishBatch(ctx, batch);
    for (const table of opts.tables ?? ARCHIVED_TABLES) {
      const spec = archivableTables[table];
      // Retention is a floor: `--before` may archive less recent rows, never rows younger than the retention.
      const floor = clock.now().getTime() - spec.retentionDays * 86_400_000;
      const cutoff = new Date(Math.min(floor, opts.before?.getTime() ?? floor));
      const groups = await spec.dueGroups(db, cutoff);
      await forEachLimit(groups, opts.concurrency ?? 2, (g) => archiveGroup(ctx, table, g, cutoff));
    }
  });
  if (outcome === "busy") result.status = "busy";
  return result;
}

async function archiveGroup(ctx: Ctx, table: ArchivedTable, g: DueGroup, cutoff: Date): Promise<void> {
  if (await groupHasFailure(ctx.db, table, g)) return;
  for (;;) {
    const batch = await openBatch(ctx.db, table, g, ctx.store.kind, ctx.store.storageClass);
    if (!batch) return;
    const rows = await finishBatch(ctx, batch, cutoff);
    if (rows < ctx.partRows) return;
  }
}

/** Writes (or rewrites: same rows, same key), verifies, then deletes one part. Returns the rows it held. */
async function finishBatch(ctx: Ctx, batch: ArchiveBatch, cutoff?: Date): Promise<number> {
  const spec = archivableTables[batch.table];
  if (batch.status === "writing") {
    const started = performance.now();
    // An unfinished part from an earlier run: its day's rows still due, never younger than the retention.
    const retentionFloor = ctx.clock.now().getTime() - spec.retentionDays * 86_400_000;
    const due = cutoff ?? new Date(Math.min(Date.parse(`${batch.day}T00:00:00Z`) + 86_400_000, retentionFloor));
    const lines = await spec.lines(ctx.db, batch, due, ctx.partRows);
    if (!lines.length) {
      await dropEmptyBatch(ctx.db, batch.id);
      return 0;
    }
    const encoded = await encodeLines(lines.map((l) => l.line));
    await ctx.store.put(batch.key, encoded.bytes);
    Object.assign(batch, { rows: lines.length, bytesIn: encoded.bytesIn, bytesOut: encoded.bytes.length, sha256: encoded.sha256 });
    await recordWritten(ctx.db, batch.id, { rows: lines.length, bytesIn: encoded.bytesIn, bytesOut: encoded.bytes.length, sha256: encoded.sha256 });
    ctx.result.writeMs += performance.now() - started;
  }
  const started = performance.now();
  let ids: string[] | null;
  try {
    ids = await verify(ctx, batch);
  } catch (err) {
    // Objects move to the cold class only after every delete of their part: a verified part found cold crashed
    // between that move and its last mark, so its rows are gone already.
    if (!(err instanceof ColdObjectError && batch.status === "verified")) throw err;
    ids = [];
  }
  ctx.result.verifyMs += performance.now() - started;
  if (!ids) return 0; // failed: the group stops here
  if (batch.status === "writing") await markVerified(ctx.db, batch.id, ctx.clock.now());
  const deleting = performance.now();
  for (let i = 0; i < ids.length; i += ctx.deleteBatch) await spec.deleteIds(ctx.db, ids.slice(i, i + ctx.deleteBatch));
  ctx.result.deleteMs += performance.now() - deleting;
  // Cold last: a crash before this point resumes by reading the object back again, which GLACIER would refuse.
  await ctx.store.toColdStorage(batch.key, batch.sha256!);
  await markDeleted(ctx.db, batch.id, ctx.clock.now());
  ctx.result.objects += 1;
  ctx.result.rows += batch.rows;
  ctx.result.bytesIn += batch.bytesIn;
  ctx.result.bytesOut += batch.bytesOut;
  archivedRows.inc({ table: batch.table }, batch.rows);
  return batch.rows;
}

/**
 * Reads the object back: present, same checksum, decompresses, as many lines as rows written. Returns the ids it
 * holds (what gets deleted is what the archive holds), or null after marking the part failed.
 */
async function verify(ctx: Ctx, batch: ArchiveBatch): Promise<string[] | null> {
  const bytes = await ctx.store.get(batch.key); // an outage throws here: nothing deleted, the job retries
  let problem: { reason: "missing" | "checksum" | "count"; detail: string } | null = null;
  let lines: string[] = [];
  if (!bytes) problem = { reason: "missing", detail: `object ${batch.key} not found` };
  else if (sha256(bytes) !== batch.sha256) problem = { reason: "checksum", detail: `object ${batch.key}: sha256 differs from the one written` };
  else {
    lines = await decodeLines(bytes).catch(() => []);
    if (lines.length !== batch.rows) problem = { reason: "count", detail: `object ${batch.key}: ${lines.length} lines, ${batch.rows} rows written` };
  }
  if (problem) {
    archiveFailures.inc({ reason: problem.reason });
    ctx.result.failed += 1;
    await markFailed(ctx.db, batch.id, problem.detail);
    ctx.logger?.error({ key: batch.key, table: batch.table, reason: problem.reason }, "archive object failed its check; its rows are kept");
    return null;
  }
  return lines.map(lineId);
}

/** row_to_json writes the columns in table order and every archived table's first column is `id`: read just that. */
const LEADING_ID = /^\{"id":"?([0-9a-f-]+)"?[,}]/;
function lineId(line: string): string {
  return LEADING_ID.exec(line)?.[1] ?? String((JSON.parse(line) as { id: string | number }).id);
}

async function forEachLimit<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await fn(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
