// Outgoing webhooks: a workspace's URL receives each opened or updated notification as JSON (with a Slack-style
// `text`), signed `X-Sillage-Signature: sha256=<hex HMAC-SHA256 of "<timestamp>.<body>">` under its secret, retried
// with backoff by `notifications.webhook`, every attempt logged in `notification_webhook_deliveries`.
import { createHmac, randomBytes } from "node:crypto";
import { enqueue } from "@sillage/queue";
import type { Database, ScopedDb } from "@sillage/db";
import type { SecretBox } from "@sillage/crypto";
import type { Clock } from "@sillage/time";
import { webhookDeliverJob } from "./jobs/declarations";

/** The signature a receiver recomputes: HMAC-SHA256 over `<timestamp>.<raw body>`, hex. */
export function signWebhook(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex")}`;
}

/** Adds a webhook; the secret is returned once, then only its sealed form is kept. */
export async function createWebhook(db: ScopedDb, box: SecretBox, workspaceId: string, url: string) {
  const secret = `whsec_${randomBytes(24).toString("hex")}`;
  const sealed = box.seal(secret);
  const row = await db
    .insertInto("notification_webhooks")
    .values({ workspace_id: workspaceId, url, secret_ciphertext: sealed.ciphertext, secret_key_id: sealed.keyId })
    .returning(["id", "url", "created_at"])
    .executeTakeFirstOrThrow();
  return { id: row.id, url: row.url, createdAt: new Date(row.created_at), secret };
}

export async function listWebhooks(db: ScopedDb) {
  const rows = await db.selectFrom("notification_webhooks").select(["id", "url", "created_at"]).orderBy("created_at").execute();
  return rows.map((r) => ({ id: r.id, url: r.url, createdAt: new Date(r.created_at) }));
}

export async function deleteWebhook(db: ScopedDb, id: string): Promise<boolean> {
  const res = await db.deleteFrom("notification_webhooks").where("id", "=", id).executeTakeFirst();
  return Number(res.numDeletedRows) > 0;
}

/** The latest deliveries of the workspace's webhooks (the delivery log). */
export async function listWebhookDeliveries(db: ScopedDb, opts: { webhookId?: string; limit: number }) {
  let q = db
    .selectFrom("notification_webhook_deliveries")
    .select(["id", "webhook_id", "notification_id", "status", "attempts", "last_status_code", "last_error", "created_at", "delivered_at"])
    .orderBy("created_at", "desc")
    .limit(opts.limit);
  if (opts.webhookId) q = q.where("webhook_id", "=", opts.webhookId);
  return (await q.execute()).map((r) => ({
    id: r.id,
    webhookId: r.webhook_id,
    notificationId: r.notification_id,
    status: r.status as "pending" | "delivered" | "failed",
    attempts: r.attempts,
    lastStatusCode: r.last_status_code,
    lastError: r.last_error,
    createdAt: new Date(r.created_at),
    deliveredAt: r.delivered_at ? new Date(r.delivered_at) : null,
  }));
}

/**
 * In the scan's transaction: one delivery row and job per webhook of the workspace for this occurrence (a rerun
 * finds the row and queues nothing).
 */
export async function queueWebhookDeliveries(
  trx: Database,
  n: { id: string; workspaceId: string; kind: string; objectType: string; objectId: string; params: Record<string, unknown>; occurrences: number; at: Date },
  appUrl: string,
): Promise<void> {
  const hooks = await trx.selectFrom("notification_webhooks").select("id").where("workspace_id", "=", n.workspaceId).execute();
  if (hooks.length === 0) return;
  const body = {
    type: "notification",
    id: n.id,
    kind: n.kind,
    object: { type: n.objectType, id: n.objectId },
    occurrences: n.occurrences,
    params: n.params,
    at: n.at.toISOString(),
    // Slack and compatible tools show `text`.
    text: `Sillage: ${n.kind.replace(/_/g, " ")}${typeof n.params.channelName === "string" ? ` (${n.params.channelName})` : ""}${appUrl ? ` ${appUrl}` : ""}`,
  };
  for (const h of hooks) {
    const row = await trx
      .insertInto("notification_webhook_deliveries")
      .values({ workspace_id: n.workspaceId, webhook_id: h.id, notification_id: n.id, occurrence: n.occurrences, body: JSON.stringify(body) })
      .onConflict((oc) => oc.columns(["webhook_id", "notification_id", "occurrence"]).doNothing())
      .returning("id")
      .executeTakeFirst();
    if (row) await enqueue(trx, webhookDeliverJob, { deliveryId: row.id }, { jobKey: `notify-webhook:${row.id}` });
  }
}

export interface WebhookServices {
  db: Database;
  clock: Clock;
  secretBox: SecretBox;
  fetch?: typeof fetch;
  timeoutMs?: number;
}

export class WebhookDeliveryError extends Error {}

/**
 * One attempt: POST the stored body, signed. A 2xx marks it delivered; anything else is logged and thrown so the
 * job retries with backoff; the last attempt marks it failed.
 */
export async function attemptWebhookDelivery(svc: WebhookServices, deliveryId: string, isLastAttempt: boolean): Promise<"delivered" | "already"> {
  const d = await svc.db
    .selectFrom("notification_webhook_deliveries as d")
    .innerJoin("notification_webhooks as w", "w.id", "d.webhook_id")
    .select(["d.id", "d.status", "d.body", "w.url", "w.secret_ciphertext", "w.secret_key_id"])
    .where("d.id", "=", deliveryId)
    .executeTakeFirst();
  if (!d || d.status === "delivered") return "already";
  const body = JSON.stringify(d.body);
  const timestamp = String(Math.floor(svc.clock.now().getTime() / 1000));
  const signature = signWebhook(svc.secretBox.open(d.secret_ciphertext, d.secret_key_id), timestamp, body);
  let status: number | null = null;
  let error: string | null = null;
  try {
    const res = await (svc.fetch ?? fetch)(d.url, {
      method: "POST",
      headers: { "content-type": "application/json", "x-sillage-timestamp": timestamp, "x-sillage-signature": signature, "x-sillage-delivery": d.id },
      body,
      redirect: "manual",
      signal: AbortSignal.timeout(svc.timeoutMs ?? 10_000),
    });
    status = res.status;
    await res.body?.cancel();
    if (res.status < 200 || res.status >= 300) error = `HTTP ${res.status}`;
  } catch (err) {
    error = err instanceof Error ? err.message.slice(0, 300) : "request failed";
  }
  const now = svc.clock.now();
  await svc.db
    .updateTable("notification_webhook_deliveries")
    .set((eb) => ({
      attempts: eb("attempts", "+", 1),
      last_status_code: status,
      last_error: error,
      status: error ? (isLastAttempt ? "failed" : "pending") : "delivered",
      delivered_at: error ? null : now,
    }))
    .where("id", "=", deliveryId)
    .execute();
  if (error) throw new WebhookDeliveryError(`webhook delivery ${deliveryId}: ${error}`);
  return "delivered";
}
