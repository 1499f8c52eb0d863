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
