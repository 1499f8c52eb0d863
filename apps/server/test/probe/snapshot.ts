import type { Database } from "@sillage/db";
import { sql } from "kysely";

/** Each table of the public schema, and the job queue: its row count and a digest of every row's text, in one statement. */
export type TableSnapshot = Map<string, { rows: number; digest: string }>;

let tablesOf: Promise<string[]> | null = null;

/** Columns a request may touch without storing anything: a session's or token's last use (throttled touch). */
const VOLATILE = ["last_seen_at", "last_used_at"];

export async function snapshotTables(db: Database): Promise<TableSnapshot> {
  tablesOf ??= sql<{ name: string }>`select table_name as name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by 1`
    .execute(db)
    .then((r) => r.rows.map((t) => t.name));
  const tables = await tablesOf;
  // Row text (as JSON, less the volatile columns) ordered by itself: the digest changes with any column of any row, never with the plan's order.
  const parts = tables.map((t) => sql`select ${t}::text as name, count(*)::int as rows, md5(coalesce(string_agg(r, E'\n' order by r), '')) as digest from (select (to_jsonb(x) - ${sql.val(VOLATILE)}::text[])::text as r from public.${sql.id(t)} x) table_rows`);
  // The queue too: a refused call that left a job behind stored half of something (graphile-worker's own table).
  parts.push(sql`select 'graphile_worker.jobs' as name, count(*)::int as rows, md5(coalesce(string_agg(r, E'\n' order by r), '')) as digest from (select concat_ws(' ', t.identifier, j.key, j.payload::text) as r from graphile_worker._private_jobs j join graphile_worker._private_tasks t on t.id = j.task_id) table_rows`);
  const { rows } = await sql<{ name: string; rows: number; digest: string }>`${sql.join(parts, sql` union all `)}`.execute(db);
  return new Map(rows.map((r) => [r.name, { rows: r.rows, digest: r.digest }]));
}

/** The tables whose rows differ between two snapshots, with their counts: empty when nothing was stored or changed. */
export function changedTables(before: TableSnapshot, after: TableSnapshot, ignore: readonly string[] = []): string[] {
  const out: string[] = [];
  for (const [name, b] of before) {
    const a = after.get(name)!;
    if (!ignore.includes(name) && a.digest !== b.digest) out.push(`${name} (${b.rows} → ${a.rows} rows${a.rows === b.rows ? ", content changed" : ""})`);
  }
  return out;
}
