// The SQL of archive_batches: one row per object, what it holds and where its rows are in their life.
import { sql, type Database } from "@sillage/db";
import type { ArchivedTable, DueGroup } from "./tables";

/** writing → verified (read back, counted, checksum) → deleted (rows gone from the live table); or failed. */
export type BatchStatus = "writing" | "verified" | "deleted" | "failed";

export interface ArchiveBatch {
  id: string;
  table: ArchivedTable;
  workspaceId: string;
  day: string;
  part: number;
  key: string;
  status: BatchStatus;
  rows: number;
  bytesIn: number;
  bytesOut: number;
  sha256: string | null;
}

const columns = sql`id, table_name as "table", workspace_id as "workspaceId", to_char(day, 'YYYY-MM-DD') as day, part, storage_key as key,
  status, rows_count as rows, bytes_in as "bytesIn", bytes_out as "bytesOut", sha256`;

/** Parts a crash left between writing and deleted, oldest first: a run finishes them before starting new ones. */
export async function unfinishedBatches(db: Database): Promise<ArchiveBatch[]> {
  const { rows } = await sql<ArchiveBatch>`select ${columns} from archive_batches where status in ('writing', 'verified') order by created_at, id`.execute(db);
  return rows;
}

/** Whether a part of this group failed its check: the group waits for an operator rather than piling up objects. */
export async function groupHasFailure(db: Database, table: ArchivedTable, g: DueGroup): Promise<boolean> {
  const { rows } = await sql`select 1 from archive_batches where table_name = ${table} and workspace_id = ${g.workspaceId} and day = ${g.day}::date and status = 'failed' limit 1`.execute(db);
  return rows.length > 0;
}

/**
 * Opens the group's next part (its number follows the last one's), or null when another run holds it. Its key,
 * `<table>/<workspace>/<YYYY-MM-DD>/part-<nnnn>.jsonl.zst`, is fixed here: a rewrite lands on the same object.
 */
export async function openBatch(db: Database, table: ArchivedTable, g: DueGroup, storage: "local" | "s3", storageClass: string | null): Promise<ArchiveBatch | null> {
  const { rows } = await sql<ArchiveBatch>`insert into archive_batches (table_name, workspace_id, day, part, storage_key, storage, storage_class, range_start, range_end)
    select ${table}, ${g.workspaceId}, ${g.day}::date, p.part, ${table} || '/' || ${g.workspaceId} || '/' || ${g.day} || '/part-' || lpad(p.part::text, 4, '0') || '.jsonl.zst',
           ${storage}, ${storageClass}, ${g.day}::date::timestamp at time zone 'UTC', (${g.day}::date + 1)::timestamp at time zone 'UTC'
    from (select coalesce(max(part) + 1, 0) as part from archive_batches where table_name = ${table} and workspace_id = ${g.workspaceId} and day = ${g.day}::date) p
    on conflict do nothing
    returning ${columns}`.execute(db);
  return rows[0] ?? null;
}

export async function recordWritten(db: Database, id: string, w: { rows: number; bytesIn: number; bytesOut: number; sha256: string }): Promise<void> {
  await sql`update archive_batches set rows_count = ${w.rows}, bytes_in = ${w.bytesIn}, bytes_out = ${w.bytesOut}, sha256 = ${w.sha256}, updated_at = now()
    where id = ${id}`.execute(db);
}

export async function markVerified(db: Database, id: string, at: Date): Promise<void> {
  await sql`update archive_batches set status = 'verified', verified_at = ${at}, updated_at = now() where id = ${id}`.execute(db);
}

export async function markDeleted(db: Database, id: string, at: Date): Promise<void> {
  await sql`update archive_batches set status = 'deleted', deleted_at = ${at}, updated_at = now() where id = ${id}`.execute(db);
}

export async function markFailed(db: Database, id: string, error: string): Promise<void> {
  await sql`update archive_batches set status = 'failed', error = ${error.slice(0, 500)}, updated_at = now() where id = ${id}`.execute(db);
}

/** A part found empty when (re)written (its rows were kept by the rules since): nothing to keep. */
export async function dropEmptyBatch(db: Database, id: string): Promise<void> {
  await sql`delete from archive_batches where id = ${id} and status = 'writing'`.execute(db);
}

/** Failed parts handed back to the run (after the operator fixed the storage): rewritten under the same key. */
export async function retryFailedBatches(db: Database): Promise<number> {
  const r = await sql`update archive_batches set status = 'writing', error = null, updated_at = now() where status = 'failed'`.execute(db);
  return Number(r.numAffectedRows ?? 0);
}

/** Archived parts of a workspace between two UTC days (inclusive), for a restore. */
export async function deletedBatches(db: Database, workspaceId: string, from: string, to: string): Promise<ArchiveBatch[]> {
  const { rows } = await sql<ArchiveBatch>`select ${columns} from archive_batches
    where workspace_id = ${workspaceId} and day between ${from}::date and ${to}::date and status = 'deleted'
    order by day, table_name, part`.execute(db);
  return rows;
}

/** Holds the archive's advisory lock on one connection for `fn`: one run at a time, cron and CLI alike. */
export async function withArchiveLock<T>(db: Database, fn: () => Promise<T>): Promise<T | "busy"> {
  return db.connection().execute(async (conn) => {
    const { rows } = await sql<{ ok: boolean }>`select pg_try_advisory_lock(hashtext('sillage.archive')) as ok`.execute(conn);
    if (!rows[0]?.ok) return "busy" as const;
    try {
      return await fn();
    } finally {
      await sql`select pg_advisory_unlock(hashtext('sillage.archive'))`.execute(conn);
    }
  });
}
