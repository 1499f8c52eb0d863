import { sql } from "@sillage/db";
import type { InboxDeps } from "./deps";
import { addJob, inboxTasks } from "./tasks";

/**
 * Safety net (cron): a delivery still unprocessed long after it arrived (its job exhausted its attempts, or was
 * removed by hand) gets a fresh processing job, and a media fetch left pending without a job gets one.
 */
export async function sweepInbox(deps: InboxDeps): Promise<{ deliveries: number; media: number }> {
  // A delivery whose job is still alive (waiting out its backoff) is left to it: a second job would run beside it.
  const { rows: stale } = await sql<{ id: number }>`
    select d.id from webhook_deliveries d
    where d.processed_at is null and d.received_at < now() - interval '15 minutes'
      and d.id not in (
        select (j.payload->>'deliveryId')::bigint from graphile_worker._private_jobs j
        join graphile_worker._private_tasks t on t.id = j.task_id
        where t.identifier = ${inboxTasks.processDelivery.id} and j.attempts < j.max_attempts)
    order by d.id
    limit 500`.execute(deps.db);
  for (const d of stale) {
    await addJob(deps.db, inboxTasks.processDelivery, { deliveryId: d.id }, { jobKey: `delivery:${d.id}`, jobKeyMode: "preserve_run_at" });
  }
  const media = await deps.db
    .selectFrom("message_media")
    .select(["id", "workspace_id"])
    .where("status", "=", "pending")
    .where("updated_at", "<", sql<Date>`now() - interval '1 hour'`)
    .where("attempts", "<", inboxTasks.fetchMedia.maxAttempts)
    .limit(500)
    .execute();
  for (const m of media) {
    await addJob(deps.db, inboxTasks.fetchMedia, { workspaceId: m.workspace_id, mediaId: m.id }, { jobKey: `media:${m.id}`, jobKeyMode: "preserve_run_at" });
  }
  return { deliveries: stale.length, media: media.length };
}
