import type { Database } from "@sillage/db";
import { decodeLines, sha256 } from "./codec";
import { deletedBatches } from "./manifest";
import type { ArchiveStore } from "./storage";
import { archivableTables } from "./tables";

export interface RestoreResult {
  objects: number;
  /** Lines read from the archive. */
  rows: number;
  /** Rows inserted back (rows already present are skipped: a second restore inserts none). */
  inserted: number;
}

/** Rows per INSERT: one statement's JSON stays a few megabytes. */
const INSERT_CHUNK = 2_000;

/**
 * Puts a workspace's archived rows of UTC days `from`..`to` (inclusive) back into the live tables, from the manifest's
 * objects, each checked against its checksum first. Idempotent: ON CONFLICT DO NOTHING on every unique key.
 */
export async function restoreArchive(db: Database, store: ArchiveStore, workspaceId: string, from: string, to: string): Promise<RestoreResult> {
  const result: RestoreResult = { objects: 0, rows: 0, inserted: 0 };
  for (const batch of await deletedBatches(db, workspaceId, from, to)) {
    const bytes = await store.get(batch.key);
    if (!bytes) throw new Error(`Archive object ${batch.key} is missing`);
    if (sha256(bytes) !== batch.sha256) throw new Error(`Archive object ${batch.key} does not match its checksum`);
    const lines = await decodeLines(bytes);
    const spec = archivableTables[batch.table];
    for (let i = 0; i < lines.length; i += INSERT_CHUNK) result.inserted += await spec.reinsert(db, lines.slice(i, i + INSERT_CHUNK));
    result.objects += 1;
    result.rows += lines.length;
  }
  return result;
}
