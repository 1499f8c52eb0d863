import { Kysely, PostgresDialect } from "kysely";
import pg from "pg";
import type { DB } from "./types";

export type Database = Kysely<DB>;

// timestamptz → Date is pg's default; bigint (int8) ids and counts come back as JS numbers, which they fit.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));

export interface DbHandle {
  db: Database;
  pool: pg.Pool;
  close(): Promise<void>;
}

export function createPool(connectionString: string, opts: { max?: number; onError?: (err: Error) => void } = {}): pg.Pool {
  const pool = new pg.Pool({ connectionString, max: opts.max ?? 20, idleTimeoutMillis: 30_000 });
  // An idle client losing its connection must not crash the process.
  pool.on("error", (err) => opts.onError?.(err));
  pool.on("connect", (client) => client.on("error", (err) => opts.onError?.(err)));
  return pool;
}

export function createDb(connectionString: string, opts: { max?: number; onError?: (err: Error) => void } = {}): DbHandle {
  const pool = createPool(connectionString, opts);
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  let closed = false;
  return {
    db,
    pool,
    async close() {
      if (closed) return;
      closed = true;
      await db.destroy(); // ends the pool too
    },
  };
}
