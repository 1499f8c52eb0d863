// Webhook work that failed, in `webhook_failures`: an event that failed on its own (retried by its own job) or a
// delivery whose processing failed as a whole (retried by its delivery job). After `WebhookRetryPolicy.attempts`
// either one is parked — a dead letter with its error — until an operator replays it. Nothing here is retried
// forever or dropped.

import type { Platform } from "@sillage/connectors";
import { sql, type Database, type DB, type ScopedDb } from "@sillage/db";
import { cleanText } from "@sillage/validators";
import type { Transaction } from "kysely";
import type { WebhookRetryPolicy } from "./deps";
import { enqueue } from "@sillage/queue";
import { processDeliveryJob, retryWebhookEventJob, WEBHOOK_JOB_ATTEMPTS } from "./jobs";

/** graphile-worker's own curve (e^n seconds, capped at e^10 ≈ 6 h): 12 attempts span ≈ 16 h, as a delivery job's do. */
export const DEFAULT_WEBHOOK_RETRY: WebhookRetryPolicy = {
  attempts: WEBHOOK_JOB_ATTEMPTS,
  delayMs: (failures) => Math.round(Math.exp(Math.min(failures, 10)) * 1000),
};

export function webhookRetryOf(deps: { webhookRetry?: WebhookRetryPolicy }): WebhookRetryPolicy {
  return deps.webhookRetry ?? DEFAULT_WEBHOOK_RETRY;
}

/** What a failure row keeps of an error: its message, bounded, storable. */
export function failureMessage(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  return cleanText(message.slice(0, 1000)) || "unknown error";
}

export type FailureStatus = "retrying" | "parked" | "resolved";

/** The job that retries one failed event: keyed, so a replay or the sweep never runs two for one row. */
export async function scheduleEventRetry(db: Database | ScopedDb, failureId: number, runAt: Date): Promise<void> {
  await enqueue(db, retryWebhookEventJob, { failureId }, { jobKey: `failure:${failureId}`, jobKeyMode: "replace", runAt });
}

/**
 * An event rolled back to its savepoint: kept (already cleaned, so storable as jsonb) with its error, and retried by
 * its own job, in the delivery's transaction — it commits with the siblings that were applied.
 */
export async function recordEventFailure(
  trx: Transaction<DB>,
  policy: WebhookRetryPolicy,
  f: { deliveryId: number; eventIndex: number; workspaceId: string | null; platform: string; kind: string; event: unknown; error: string; now: Date },
): Promise<{ id: number; status: FailureStatus }> {
  const status: FailureStatus = policy.attempts <= 1 ? "parked" : "retrying";
  const row = await trx
    .insertInto("webhook_failures")
    .values({
      delivery_id: f.deliveryId,
      event_index: f.eventIndex,
      workspace_id: f.workspaceId,
      platform: f.platform,
      kind: f.kind,
      event: JSON.stringify(f.event),
      error: f.error,
      status,
      parked_at: status === "parked" ? f.now : null,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  const id = Number(row.id);
  // Real time: the runner compares run_at with the database's clock.
  if (status === "retrying") await scheduleEventRetry(trx, id, new Date(Date.now() + policy.delayMs(1)));
  return { id, status };
}

/**
 * A delivery whose processing failed as a whole (its transaction rolled back: nothing of it applied). Counted on the
 * delivery and on its failure row; `park: "when_exhausted"` parks it once the row reaches `policy.attempts`,
 * `park: "now"` at once (its job gave up). Returns the row's status, or null when the delivery is gone or processed.
 */
export async function recordDeliveryFailure(
  db: Database,
  policy: WebhookRetryPolicy,
  d: { deliveryId: number; error: string; now: Date; park: "when_exhausted" | "now" },
): Promise<FailureStatus | null> {
  const limit = d.park === "now" ? 0 : policy.attempts;
  const { rows } = await sql<{ status: FailureStatus }>`
    with d as (
      update webhook_deliveries set attempts = attempts + 1, error = ${d.error}
      where id = ${d.deliveryId} and processed_at is null
      returning id, platform
    )
    insert into webhook_failures as f (delivery_id, platform, kind, error, attempts, status, parked_at)
    select d.id, d.platform, 'delivery', ${d.error}, 1,
           case when 1 >= ${limit}::int then 'parked' else 'retrying' end,
           case when 1 >= ${limit}::int then ${d.now}::timestamptz end
    from d
    on conflict (delivery_id, coalesce(event_index, -1)) do update set
      attempts = f.attempts + 1,
      error = excluded.error,
      status = case when f.attempts + 1 >= ${limit}::int then 'parked' else 'retrying' end,
      parked_at = case when f.attempts + 1 >= ${limit}::int then ${d.now}::timestamptz end
    returning f.status`.execute(db);
  return rows[0]?.status ?? null;
}

/** A delivery that had failed went through: its failure row (if any) says so. */
export async function resolveDeliveryFailure(trx: Transaction<DB>, deliveryId: number, now: Date): Promise<void> {
  await trx
    .updateTable("webhook_failures")
    .set({ status: "resolved", resolved_at: now })
    .where("delivery_id", "=", deliveryId)
    .where("event_index", "is", null)
    .where("status", "<>", "resolved")
    .execute();
}

export interface DeadLetter {
  id: number;
  deliveryId: number | null;
  /** The event's position in its delivery; null for a whole delivery. */
  eventIndex: number | null;
  workspaceId: string | null;
  platform: Platform | string;
  /** The event type (message, message_status, comment…), or `delivery`. */
  kind: string;
  /** The platform id the event is about (message, comment), when it has one. */
  reference: string | null;
  error: string;
  attempts: number;
  firstFailedAt: Date;
  parkedAt: Date;
}

/**
 * Parked work, newest first, keyset-paged by id. Through a workspace-scoped handle, row-level security limits it to
 * that workspace's events; the owner role (CLI) sees every row, unrouted events and whole deliveries included.
 */
export async function listDeadLetters(db: Database | ScopedDb, opts: { limit: number; beforeId?: number | null }): Promise<DeadLetter[]> {
  let q = db
    .selectFrom("webhook_failures")
    .select([
      "id",
      "delivery_id",
      "event_index",
      "workspace_id",
      "platform",
      "kind",
      "error",
      "attempts",
      "created_at",
      "parked_at",
      sql<string | null>`coalesce(event->>'messageId', event->>'commentId')`.as("reference"),
    ])
    .where("status", "=", "parked")
    .orderBy("id", "desc")
    .limit(opts.limit);
  if (opts.beforeId) q = q.where("id", "<", opts.beforeId);
  const rows = await q.execute();
  return rows.map((r) => ({
    id: Number(r.id),
    deliveryId: r.delivery_id === null ? null : Number(r.delivery_id),
    eventIndex: r.event_index,
    workspaceId: r.workspace_id,
    platform: r.platform,
    kind: r.kind,
    reference: r.reference,
    error: r.error,
    attempts: r.attempts,
    firstFailedAt: r.created_at,
    parkedAt: r.parked_at ?? r.created_at,
  }));
}

/**
 * Hands a parked row back to its job, now, with a fresh count of attempts: an event to its retry job (which applies it
 * once), a delivery to its processing job. Anything not parked is left alone ("not_parked"), so replaying twice, or a
 * row another replay already took, changes nothing.
 */
export async function replayDeadLetter(db: Database | ScopedDb, id: number): Promise<"replayed" | "not_parked"> {
  const replay = async (trx: Database | ScopedDb) => {
    const row = await trx
      .updateTable("webhook_failures")
      .set({ status: "retrying", attempts: 0, parked_at: null })
      .where("id", "=", id)
      .where("status", "=", "parked")
      .returning(["id", "delivery_id", "event_index"])
      .executeTakeFirst();
    if (!row) return "not_parked" as const;
    if (row.event_index !== null) await scheduleEventRetry(trx, id, new Date());
    else if (row.delivery_id !== null) {
      await enqueue(trx, processDeliveryJob, { deliveryId: Number(row.delivery_id) }, { jobKey: `delivery:${row.delivery_id}`, jobKeyMode: "replace" });
    }
    return "replayed" as const;
  };
  return db.isTransaction ? replay(db) : db.transaction().execute(replay);
}

/** Every parked row, each replayed in its own short transaction (oldest first). */
export async function replayAllDeadLetters(db: Database): Promise<number> {
  let replayed = 0;
  let after = 0;
  for (;;) {
    const ids = await db.selectFrom("webhook_failures").select("id").where("status", "=", "parked").where("id", ">", after).orderBy("id").limit(500).execute();
    for (const { id } of ids) if ((await replayDeadLetter(db, Number(id))) === "replayed") replayed++;
    if (ids.length < 500) return replayed;
    after = Number(ids[ids.length - 1]!.id);
  }
}
