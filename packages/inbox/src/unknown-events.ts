import type { Database } from "@sillage/db";

/** Webhook events Sillage could not place (an unknown account, a field it does not handle), newest first: `pnpm cli unknown-events`. */
export async function listUnknownEvents(db: Database, limit: number) {
  return db
    .selectFrom("unknown_events")
    .select(["id", "platform", "kind", "workspace_id", "account_id", "field", "reason", "created_at", "raw"])
    .orderBy("id", "desc")
    .limit(limit)
    .execute();
}
