// Processing a stored delivery (the `inbox.process_delivery` job) and retrying one failed event alone.
import type { Platform, WebhookEvent } from "@sillage/connectors";
import { sql } from "@sillage/db";
import { cleanTextDeep } from "@sillage/validators";
import { failureMessage, recordDeliveryFailure, recordEventFailure, resolveDeliveryFailure, scheduleEventRetry, webhookRetryOf, type FailureStatus } from "../dead-letters";
import type { InboxDeps, WebhookRetryPolicy } from "../deps";
import { RetryLaterError } from "../errors";
import { applyEvent, type Applied } from "./apply-event";
import { Router } from "./routing";

export interface IngestResult {
  events: number;
  messages: number;
  unknown: number;
  /** Events that failed on their own: kept in webhook_failures, retried by their own job (or parked). */
  failed: number;
}

/** An event threw while its delivery was applied without savepoints: the delivery is applied again, isolating each. */
class EventFailed extends Error {
  override readonly name = "EventFailed";
}

/**
 * Applies every event of a stored delivery in one transaction and marks it processed. An event that throws never
 * holds back its siblings: the delivery is then applied again with each event in its own savepoint, the failing one
 * rolled back alone and recorded with its error (`recordEventFailure`), the others committed. Most deliveries apply
 * cleanly, so they skip the savepoints (two round trips an event; docs/benchmarks.md). Safe to run twice, even at
 * once (a job and the sweep's): the delivery row is locked and `processed_at` read again inside the transaction.
 * When the delivery fails as a whole it is counted, and parked after `webhookRetry.attempts` (the job then ends:
 * `{ parked: true }`); before that the error is thrown for the job to retry.
 */
export async function processDelivery(deps: InboxDeps, deliveryId: number): Promise<(IngestResult & { parked?: false }) | { parked: true } | null> {
  const policy = webhookRetryOf(deps);
  try {
    try {
      return await applyDelivery(deps, policy, deliveryId, false);
    } catch (err) {
      if (!(err instanceof EventFailed)) throw err;
      return await applyDelivery(deps, policy, deliveryId, true);
    }
  } catch (err) {
    // If even that write fails (the database is away), the job's retry counts the attempt instead.
    const status = await recordDeliveryFailure(deps.db, policy, { deliveryId, error: failureMessage(err), now: deps.clock.now(), park: "when_exhausted" }).catch(
      (recordErr: unknown) => {
        deps.logger?.warn({ deliveryId, err: recordErr }, "could not record a webhook delivery failure");
        return null;
      },
    );
    if (status === "parked") {
      deps.logger?.error({ deliveryId, err }, "webhook delivery parked as a dead letter after its last attempt");
      return { parked: true };
    }
    throw err;
  }
}

/** One pass over the delivery; `isolate`: a savepoint per event, a failing event recorded instead of thrown. */
async function applyDelivery(deps: InboxDeps, policy: WebhookRetryPolicy, deliveryId: number, isolate: boolean): Promise<IngestResult | null> {
  return deps.db.transaction().execute(async (trx) => {
    // Locked for the whole transaction: a second run (the sweep's job beside a late one) waits, then sees it done.
    const delivery = await trx
      .selectFrom("webhook_deliveries")
      .select(["id", "platform", "raw_body", "processed_at", "error"])
      .where("id", "=", deliveryId)
      .forUpdate()
      .executeTakeFirst();
    if (!delivery || delivery.processed_at) return null;
    // Cleaned once here, so every applier, every jsonb column and a failure row all get storable text.
    const events = cleanTextDeep(deps.connectors.get(delivery.platform as Platform).normalizeWebhook(new Uint8Array(delivery.raw_body)));
    const applied: IngestResult = { events: events.length, messages: 0, unknown: 0, failed: 0 };
    const router = new Router(trx);
    for (const [index, event] of events.entries()) {
      let outcome: Applied;
      if (!isolate) {
        try {
          outcome = await applyEvent(trx, deps, router, delivery.id, event);
        } catch (err) {
          throw new EventFailed(failureMessage(err), { cause: err });
        }
      } else {
        await sql`savepoint webhook_event`.execute(trx);
        try {
          outcome = await applyEvent(trx, deps, router, delivery.id, event);
          await sql`release savepoint webhook_event`.execute(trx);
        } catch (err) {
          await sql`rollback to savepoint webhook_event`.execute(trx);
          const failure = await recordEventFailure(trx, policy, {
            deliveryId: delivery.id,
            eventIndex: index,
            workspaceId: router.workspaceOf(event),
            platform: event.platform ?? delivery.platform,
            kind: event.type,
            event,
            error: failureMessage(err),
            now: deps.clock.now(),
          });
          logEventFailure(deps, err, { deliveryId: delivery.id, eventIndex: index, failureId: failure.id, kind: event.type }, failure.status);
          applied.failed++;
          continue;
        }
      }
      if (outcome === "message") applied.messages++;
      if (outcome === "unknown") applied.unknown++;
    }
    await trx
      .updateTable("webhook_deliveries")
      .set({ processed_at: deps.clock.now(), events_count: events.length, attempts: sql`attempts + 1`, error: null })
      .where("id", "=", delivery.id)
      .execute();
    // Only a delivery that failed before has a failure row to close.
    if (delivery.error !== null) await resolveDeliveryFailure(trx, delivery.id, deps.clock.now());
    return applied;
  });
}

function logEventFailure(deps: InboxDeps, err: unknown, ids: Record<string, unknown>, status: FailureStatus): void {
  if (status === "parked") deps.logger?.error({ ...ids, err }, "webhook event parked as a dead letter");
  else if (err instanceof RetryLaterError) deps.logger?.info({ ...ids, reason: err.message }, "webhook event waits for a send in flight");
  else deps.logger?.warn({ ...ids, err }, "webhook event failed; retried on its own");
}

/**
 * One failed event again (the `inbox.retry_webhook_event` job): applied in a transaction holding its failure row
 * locked, so it is applied at most once; on failure it waits `delayMs(attempts)` for its next job, or is parked
 * after `attempts`. Returns the row's new status, or null when it was not waiting for a retry (already applied,
 * parked, or gone).
 */
export async function retryWebhookEvent(deps: InboxDeps, failureId: number): Promise<FailureStatus | null> {
  const policy = webhookRetryOf(deps);
  return deps.db.transaction().execute(async (trx) => {
    const f = await trx
      .selectFrom("webhook_failures")
      .select(["id", "delivery_id", "event_index", "event", "attempts", "status", "kind"])
      .where("id", "=", failureId)
      .forUpdate()
      .executeTakeFirst();
    if (!f || f.status !== "retrying" || f.event === null) return null;
    const event = f.event as WebhookEvent;
    const router = new Router(trx);
    const attempts = f.attempts + 1;
    await sql`savepoint webhook_event`.execute(trx);
    try {
      await applyEvent(trx, deps, router, f.delivery_id === null ? null : Number(f.delivery_id), event);
      await sql`release savepoint webhook_event`.execute(trx);
    } catch (err) {
      await sql`rollback to savepoint webhook_event`.execute(trx);
      const status: FailureStatus = attempts >= policy.attempts ? "parked" : "retrying";
      await trx
        .updateTable("webhook_failures")
        .set({
          attempts,
          status,
          error: failureMessage(err),
          parked_at: status === "parked" ? deps.clock.now() : null,
          workspace_id: sql`coalesce(workspace_id, ${router.workspaceOf(event)}::uuid)`,
        })
        .where("id", "=", f.id)
        .execute();
      if (status === "retrying") await scheduleEventRetry(trx, failureId, new Date(Date.now() + policy.delayMs(attempts)));
      logEventFailure(deps, err, { failureId, deliveryId: f.delivery_id, eventIndex: f.event_index, kind: f.kind, attempt: attempts }, status);
      return status;
    }
    await trx
      .updateTable("webhook_failures")
      .set({ attempts, status: "resolved", resolved_at: deps.clock.now(), workspace_id: sql`coalesce(workspace_id, ${router.workspaceOf(event)}::uuid)` })
      .where("id", "=", f.id)
      .execute();
    return "resolved";
  });
}
