import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { runMigrations as runWorkerMigrations } from "graphile-worker";
import type pg from "pg";

export const MIGRATIONS_DIR = fileURLToPath(new URL("../../../db/migrations", import.meta.url));

// Any constant both web and worker processes agree on: several processes starting at once migrate one at a time.
const MIGRATION_LOCK = 7_310_442_001;

export interface Migration {
  name: string;
  sql: string;
  checksum: string;
}

export function listMigrations(dir = MIGRATIONS_DIR): Migration[] {
  return readdirSync(dir)
    .filter((f) => /^\d{4}_[a-z0-9_]+\.sql$/.test(f))
    .sort()
    .map((name) => {
      const text = readFileSync(path.join(dir, name), "utf8");
      return { name, sql: text, checksum: createHash("sha256").update(text).digest("hex") };
    });
}

/**
 * Migrates graphile-worker's schema, then ours, under one advisory lock. Each of our files runs in its own
 * transaction and is recorded with its checksum; an applied file that changed afterwards stops the start.
 */
export async function migrate(pool: pg.Pool, opts: { log?: (msg: string) => void; dir?: string } = {}): Promise<string[]> {
  const log = opts.log ?? (() => {});
  const client = await pool.connect();
  const applied: string[] = [];
  try {
    await client.query("select pg_advisory_lock($1)", [MIGRATION_LOCK]);
    await runWorkerMigrations({ pgPool: pool, logger: undefined });
    await client.query(`create table if not exists sillage_migrations (
      name text primary key, checksum text not null, applied_at timestamptz not null default now())`);
    const { rows } = await client.query<{ name: string; checksum: string }>("select name, checksum from sillage_migrations");
    const done = new Map(rows.map((r) => [r.name, r.checksum]));
    for (const m of listMigrations(opts.dir)) {
      const previous = done.get(m.name);
      if (previous) {
        if (previous !== m.checksum) throw new Error(`Migration ${m.name} changed after it was applied`);
        continue;
      }
      await client.query("begin");
      try {
        await client.query(m.sql);
        await client.query("insert into sillage_migrations (name, checksum) values ($1, $2)", [m.name, m.checksum]);
        await client.query("commit");
      } catch (err) {
        await client.query("rollback");
        throw new Error(`Migration ${m.name} failed: ${(err as Error).message}`, { cause: err });
      }
      applied.push(m.name);
      log(`applied migration ${m.name}`);
    }
    return applied;
  } finally {
    await client.query("select pg_advisory_unlock($1)", [MIGRATION_LOCK]).catch(() => {});
    client.release();
  }
}

/** For readiness: the migrations on disk that the database has not applied. */
export async function pendingMigrations(pool: pg.Pool, dir?: string): Promise<string[]> {
  const { rows } = await pool
    .query<{ name: string }>("select name from sillage_migrations")
    .catch(() => ({ rows: [] as { name: string }[] }));
  const done = new Set(rows.map((r) => r.name));
  return listMigrations(dir)
    .map((m) => m.name)
    .filter((n) => !done.has(n));
}
