import { sql } from "@sillage/db";
import { completeJobs, enqueue, allJobs, jobsOf } from "@sillage/queue";
import { recordDeliveryFailure, scheduleEventRetry, webhookRetryOf } from "./dead-letters";
import type { InboxDeps } from "./deps";
import { fetchMediaJob, MEDIA_FETCH_ATTEMPTS, processDeliveryJob } from "./jobs";

export interface SweepSummary {
  /** Deliveries and failed events given a fresh job (theirs was removed or lost). */
  deliveries: number;
  events: number;
  /** Deliveries and events whose job gave up (out of attempts): parked as dead letters, never revived. */
  parked: number;
  media: number;
}

/**
 * Safety net (cron). A delivery still unprocessed long after it arrived, or a failed event waiting for a retry, with no
 * job alive: parked when its job gave up (it kept failing: a dead letter, replayed by an operator), else given a
 * fresh job (removed by hand, lost in a restore). Parked rows are left alone. A media fetch left pending without a
 * job gets one.
 */
export async function sweepInbox(deps: InboxDeps): Promise<SweepSummary> {
  const summary: SweepSummary = { deliveries: 0, events: 0, parked: 0, media: 0 };
  const policy = webhookRetryOf(deps);
  // A delivery whose job is still alive (waiting out its backoff) is left to it: a second job would run beside it.
  const { rows: stale } = await sql<{ id: number; dead_jobs: number[]; last_error: string | null }>`
    with jobs as (
      select j.id, (j.payload->>'deliveryId')::bigint as delivery_id, j.attempts < j.max_attempts as alive, j.last_error
      from ${jobsOf(processDeliveryJob)} j)
    select d.id,
      array(select jobs.id from jobs where jobs.delivery_id = d.id and not jobs.alive order by jobs.id) as dead_jobs,
      (select jobs.last_error from jobs where jobs.delivery_id = d.id and not jobs.alive order by jobs.id desc limit 1) as last_error
    from webhook_deliveries d
    where d.processed_at is null and d.received_at < now() - interval '15 minutes'
      and not exists (select 1 from jobs where jobs.delivery_id = d.id and jobs.alive)
      and not exists (select 1 from webhook_failures f where f.delivery_id = d.id and f.event_index is null and f.status = 'parked')
    order by d.id
    limit 500`.execute(deps.db);
  for (const d of stale) {
    if (d.dead_jobs.length > 0) {
      const error = `its processing job gave up: ${d.last_error ?? "no error recorded"}`.slice(0, 1000);
      await recordDeliveryFailure(deps.db, policy, { deliveryId: Number(d.id), error, now: deps.clock.now(), park: "now" });
      await completeJobs(deps.db, d.dead_jobs);
      summary.parked++;
    } else {
      await enqueue(deps.db, processDeliveryJob, { deliveryId: d.id }, { jobKey: `delivery:${d.id}`, jobKeyMode: "preserve_run_at" });
      summary.deliveries++;
    }
  }

  // A failed event's retry job is keyed `failure:<id>`: at most one per row.
  const { rows: events } = await sql<{ id: number; dead_job: number | null; last_error: string | null }>`
    select f.id, j.id as dead_job, j.last_error
    from webhook_failures f
    left join ${allJobs()} j on j.key = 'failure:' || f.id
    where f.status = 'retrying' and f.event_index is not null and (j.id is null or j.attempts >= j.max_attempts)
    order by f.id
    limit 500`.execute(deps.db);
  for (const e of events) {
    if (e.dead_job !== null) {
      await deps.db
        .updateTable("webhook_failures")
        .set({ status: "parked", parked_at: deps.clock.now(), error: `its retry job gave up: ${e.last_error ?? "no error recorded"}`.slice(0, 1000) })
        .where("id", "=", Number(e.id))
        .where("status", "=", "retrying")
        .execute();
      await completeJobs(deps.db, [e.dead_job]);
      summary.parked++;
    } else {
      await scheduleEventRetry(deps.db, Number(e.id), new Date());
      summary.events++;
    }
  }

  const media = await deps.db
    .selectFrom("message_media")
    .select(["id", "workspace_id"])
    .where("status", "=", "pending")
    .where("updated_at", "<", sql<Date>`now() - interval '1 hour'`)
    .where("attempts", "<", MEDIA_FETCH_ATTEMPTS)
    .limit(500)
    .execute();
  for (const m of media) {
    await enqueue(deps.db, fetchMediaJob, { workspaceId: m.workspace_id, mediaId: m.id }, { jobKey: `media:${m.id}`, jobKeyMode: "preserve_run_at" });
  }
  summary.media = media.length;
  return summary;
}
