import { sql, type Transaction } from "kysely";
import type { Database } from "./client";
import type { DB } from "./types";

export type ScopedDb = Transaction<DB>;

/**
 * The one place tenant scoping happens: run `fn` in a transaction as the `sillage_app` role with the workspace set,
 * so PostgreSQL's row-level security (db/migrations/0001_foundation.sql) hides and refuses every other workspace's rows.
 */
export async function withWorkspace<T>(db: Database, workspaceId: string, fn: (trx: ScopedDb) => Promise<T>): Promise<T> {
  return db.transaction().execute(async (trx) => {
    await sql`select set_config('sillage.workspace_id', ${workspaceId}, true), set_config('role', 'sillage_app', true)`.execute(trx);
    return fn(trx);
  });
}
