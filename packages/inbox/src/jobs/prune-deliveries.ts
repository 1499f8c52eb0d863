import { sql, type Database } from "@sillage/db";
import type { Clock } from "@sillage/time";
import type { JobHandler } from "@sillage/queue";

/** In batches by id, so no statement holds many rows locked while webhooks keep arriving. */
const handler: JobHandler<{ keepDays: number; batchSize: number }, { db: Database; clock: Clock }> = async ({ keepDays, batchSize }, { db, clock, logger }) => {
  const cutoff = new Date(clock.now().getTime() - keepDays * 86_400_000);
  let deleted = 0;
  for (;;) {
    const { numAffectedRows } = await sql`delete from webhook_deliveries where id in (
        select id from webhook_deliveries where processed_at is not null and processed_at < ${cutoff} order by id limit ${batchSize})`.execute(db);
    const n = Number(numAffectedRows ?? 0);
    deleted += n;
    if (n < batchSize) break;
  }
  // A failed event applied on a later retry keeps a copy of itself (customer text): it goes with the raw bodies. Parked
  // ones, and whole deliveries, stay until replayed (their delivery is unprocessed, so never pruned either).
  const { numAffectedRows: failures } = await sql`delete from webhook_failures where status = 'resolved' and resolved_at < ${cutoff}`.execute(db);
  // An edit left waiting for its message by an earlier version (no placeholder; sent before the account was connected,
  // or lost by Meta) waits no longer than the raw bodies it came in: it holds customer text that no message will ever
  // show or archive. An edit now always has a message: its own, or the placeholder it left, shown and archived.
  const { numAffectedRows: edits } = await sql`delete from message_edits where message_id is null and created_at < ${cutoff}`.execute(db);
  logger.info({ deleted, failures: Number(failures ?? 0), waitingEdits: Number(edits ?? 0), keepDays }, "pruned processed webhook deliveries");
};
export default handler;
