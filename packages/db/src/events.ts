import type { Database } from "./client";
import type { ScopedDb } from "./scope";

/**
 * Appends to a workspace's live event log inside the caller's transaction; a trigger NOTIFYs `sillage_events` on
 * commit, which every web process relays to that workspace's subscribers (apps/server/src/live/event-hub.ts).
 */
export async function raiseWorkspaceEvent(
  db: Database | ScopedDb,
  workspaceId: string,
  type: string,
  payload: Record<string, unknown> = {},
): Promise<number> {
  const row = await db
    .insertInto("workspace_events")
    .values({ workspace_id: workspaceId, type, payload: JSON.stringify(payload) })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

const EVENT_COLUMNS = ["id", "type", "payload", "created_at"] as const;

/** One event by id (what a NOTIFY names). */
export async function readWorkspaceEvent(db: Database, id: number) {
  return db.selectFrom("workspace_events").select(EVENT_COLUMNS).where("id", "=", id).executeTakeFirst();
}

/** A workspace's events after `afterId`, oldest first (a reconnecting stream's replay). */
export async function workspaceEventsAfter(db: Database, workspaceId: string, afterId: number, limit: number) {
  return db.selectFrom("workspace_events").select(EVENT_COLUMNS).where("workspace_id", "=", workspaceId).where("id", ">", afterId).orderBy("id").limit(limit).execute();
}

/** The id of a workspace's latest event (0 when none): a new stream starts after it. */
export async function lastWorkspaceEventId(db: Database, workspaceId: string): Promise<number> {
  const row = await db.selectFrom("workspace_events").select((eb) => eb.fn.max("id").as("max")).where("workspace_id", "=", workspaceId).executeTakeFirst();
  return Number(row?.max ?? 0);
}

/** Deletes events older than `before` (subscribers replay at most the last days); returns how many went. */
export async function pruneWorkspaceEvents(db: Database, before: Date): Promise<number> {
  const res = await db.deleteFrom("workspace_events").where("created_at", "<", before).executeTakeFirst();
  return Number(res.numDeletedRows);
}
