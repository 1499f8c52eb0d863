// Outgoing webhooks: a workspace's URL receives each opened or updated notification as JSON (with a Slack-style
// `text`), signed `X-Sillage-Signature: sha256=<hex HMAC-SHA256 of "<timestamp>.<body>">` under its secret, retried
// with backoff by `notifications.webhook`, every attempt logged in `notification_webhook_deliveries`. URLs pass the
// SSRF policy of `webhook-url.ts` when saved and before each attempt.
import { createHmac, randomBytes, randomUUID } from "node:crypto";
import { request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";
import { enqueue } from "@sillage/queue";
import type { Database, ScopedDb } from "@sillage/db";
import type { SecretBox } from "@sillage/crypto";
import type { Clock } from "@sillage/time";
import { webhookDeliverJob } from "./jobs/declarations";
import { checkWebhookUrl, pinnedLookup, STRICT_WEBHOOK_URL_POLICY, WEBHOOK_URL_REFUSALS, type ResolvedAddress, type WebhookUrlPolicy, type WebhookUrlRefusal } from "./webhook-url";

/** The signature a receiver recomputes: HMAC-SHA256 over `<timestamp>.<raw body>`, hex. */
export function signWebhook(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex")}`;
}

/** A webhook URL refused by the SSRF policy (`webhook-url.ts`); `reason` is a registry code. */
export class WebhookUrlError extends Error {
  constructor(readonly reason: WebhookUrlRefusal) {
    super(reason);
  }
}

/** The URL as stored (the parser's canonical form), or the reason it may not be used. */
async function acceptableUrl(url: string, policy: WebhookUrlPolicy): Promise<string> {
  const check = await checkWebhookUrl(url, policy);
  if (!check.ok) throw new WebhookUrlError(check.reason);
  return check.url.href;
}

function newSecret(): string {
  return `whsec_${randomBytes(24).toString("hex")}`;
}

/** Adds a webhook after checking its URL; the secret is returned once, then only its sealed form is kept. */
export async function createWebhook(db: ScopedDb, box: SecretBox, workspaceId: string, url: string, policy: WebhookUrlPolicy) {
  const href = await acceptableUrl(url, policy);
  const secret = newSecret();
  const sealed = box.seal(secret);
  const row = await db
    .insertInto("notification_webhooks")
    .values({ workspace_id: workspaceId, url: href, secret_ciphertext: sealed.ciphertext, secret_key_id: sealed.keyId })
    .returning(["id", "url", "created_at"])
    .executeTakeFirstOrThrow();
  return { id: row.id, url: row.url, createdAt: new Date(row.created_at), secret };
}

/** Points a webhook at another URL (checked like a new one); its secret stays. Null when not in this workspace. */
export async function updateWebhookUrl(db: ScopedDb, id: string, url: string, policy: WebhookUrlPolicy) {
  const href = await acceptableUrl(url, policy);
  const row = await db.updateTable("notification_webhooks").set({ url: href }).where("id", "=", id).returning(["id", "url"]).executeTakeFirst();
  return row ?? null;
}

/** A new signing secret, returned once; deliveries signed from now on use it. Null when not in this workspace. */
export async function rotateWebhookSecret(db: ScopedDb, box: SecretBox, id: string, now: Date) {
  const secret = newSecret();
  const sealed = box.seal(secret);
  const row = await db
    .updateTable("notification_webhooks")
    .set({ secret_ciphertext: sealed.ciphertext, secret_key_id: sealed.keyId, secret_rotated_at: now })
    .where("id", "=", id)
    .returning(["id", "url"])
    .executeTakeFirst();
  return row ? { id: row.id, url: row.url, secret, rotatedAt: now } : null;
}

/** The workspace's webhooks with their latest delivery (never their secret). */
export async function listWebhooks(db: ScopedDb) {
  const rows = await db
    .selectFrom("notification_webhooks as w")
    .leftJoinLateral(
      (eb) =>
        eb
          .selectFrom("notification_webhook_deliveries as d")
          .select(["d.status", "d.created_at", "d.last_status_code", "d.last_error"])
          .whereRef("d.webhook_id", "=", "w.id")
          .orderBy("d.created_at", "desc")
          .limit(1)
          .as("last"),
      (join) => join.onTrue(),
    )
    .select(["w.id", "w.url", "w.created_at", "w.secret_rotated_at", "last.status", "last.created_at as last_at", "last.last_status_code", "last.last_error"])
    .orderBy("w.created_at")
    .execute();
  return rows.map((r) => ({
    id: r.id,
    url: r.url,
    createdAt: new Date(r.created_at),
    secretRotatedAt: r.secret_rotated_at ? new Date(r.secret_rotated_at) : null,
    lastDelivery: r.status && r.last_at ? { status: r.status as DeliveryStatus, at: new Date(r.last_at), lastStatusCode: r.last_status_code, lastError: r.last_error } : null,
  }));
}

export async function deleteWebhook(db: ScopedDb, id: string): Promise<boolean> {
  const res = await db.deleteFrom("notification_webhooks").where("id", "=", id).executeTakeFirst();
  return Number(res.numDeletedRows) > 0;
}

/** The latest deliveries of the workspace's webhooks (the delivery log). */
export async function listWebhookDeliveries(db: ScopedDb, opts: { webhookId?: string; limit: number }) {
  let q = db
    .selectFrom("notification_webhook_deliveries")
    .select(["id", "webhook_id", "notification_id", "event", "body", "status", "attempts", "last_status_code", "last_error", "created_at", "delivered_at"])
    .orderBy("created_at", "desc")
    .limit(opts.limit);
  if (opts.webhookId) q = q.where("webhook_id", "=", opts.webhookId);
  return (await q.execute()).map((r) => ({
    id: r.id,
    webhookId: r.webhook_id,
    notificationId: r.notification_id,
    event: r.event as "notification" | "test",
    /** What was (or will be) POSTed, as JSON text: the log shows it on demand. */
    body: JSON.stringify(r.body),
    status: r.status as DeliveryStatus,
    attempts: r.attempts,
    lastStatusCode: r.last_status_code,
    lastError: r.last_error,
    createdAt: new Date(r.created_at),
    deliveredAt: r.delivered_at ? new Date(r.delivered_at) : null,
  }));
}

/**
 * A signed test event to one webhook, through the same job, log and retries as a notification. Null when the
 * webhook is not in this workspace.
 */
export async function queueTestDelivery(db: ScopedDb, workspaceId: string, webhookId: string, at: Date): Promise<{ id: string } | null> {
  const hook = await db.selectFrom("notification_webhooks").select("id").where("id", "=", webhookId).executeTakeFirst();
  if (!hook) return null;
  const id = randomUUID();
  const body = { type: "test", id, at: at.toISOString(), text: "Sillage: test event, this webhook works" };
  await db.insertInto("notification_webhook_deliveries").values({ id, workspace_id: workspaceId, webhook_id: webhookId, event: "test", occurrence: 0, body: JSON.stringify(body) }).execute();
  await enqueue(db, webhookDeliverJob, { deliveryId: id }, { jobKey: `notify-webhook:${id}` });
  return { id };
}

/**
 * Sends a failed delivery again, as it was (same body, new signature and timestamp), with a fresh set of attempts:
 * the job key is the delivery's, and graphile-worker's replace mode resets a permanently failed job.
 */
export async function redeliverWebhookDelivery(db: ScopedDb, id: string): Promise<"queued" | "not_found" | "not_failed"> {
  const row = await db.updateTable("notification_webhook_deliveries").set({ status: "pending" }).where("id", "=", id).where("status", "=", "failed").returning("id").executeTakeFirst();
  if (!row) {
    const exists = await db.selectFrom("notification_webhook_deliveries").select("id").where("id", "=", id).executeTakeFirst();
    return exists ? "not_failed" : "not_found";
  }
  await enqueue(db, webhookDeliverJob, { deliveryId: id }, { jobKey: `notify-webhook:${id}` });
  return "queued";
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

export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/**
 * Why an attempt failed, as a code the SPA words (`last_error`): the receiver's answer (`http_status`, with
 * `last_status_code`; 3xx included, redirects are never followed), the connection, or the URL policy.
 */
export const DELIVERY_ERROR_CODES = ["http_status", "timeout", "connection_refused", "connection_reset", "tls", "network", ...WEBHOOK_URL_REFUSALS] as const;
export type DeliveryErrorCode = (typeof DELIVERY_ERROR_CODES)[number];
export const DELIVERY_STATUSES = ["pending", "delivered", "failed"] as const;

/** One POST to the checked address; resolves with the HTTP status (the body is not read). */
export type WebhookSender = (req: { url: URL; address: ResolvedAddress; headers: Record<string, string>; body: string; timeoutMs: number }) => Promise<number>;

export interface WebhookServices {
  db: Database;
  clock: Clock;
  secretBox: SecretBox;
  /** The SSRF policy (`WEBHOOK_ALLOWED_HOSTS`, https in production); unset: public addresses only. */
  urls?: WebhookUrlPolicy;
  send?: WebhookSender;
  timeoutMs?: number;
}

export class WebhookDeliveryError extends Error {}

/** http(s).request connected to the address that was checked (no second resolution), no pooling, no redirects. */
const sendPinned: WebhookSender = ({ url, address, headers, body, timeoutMs }) =>
  new Promise((resolve, reject) => {
    const request = (url.protocol === "https:" ? httpsRequest : httpRequest)(
      url,
      { method: "POST", headers: { ...headers, "content-length": String(Buffer.byteLength(body)) }, lookup: pinnedLookup(address), agent: false },
      (res) => {
        clearTimeout(timer);
        res.resume();
        resolve(res.statusCode ?? 0);
      },
    );
    // One deadline for connect, send and the answer's headers (a receiver dripping bytes cannot hold the job).
    const timer = setTimeout(() => request.destroy(Object.assign(new Error("webhook timed out"), { code: "ETIMEDOUT" })), timeoutMs);
    request.on("error", (err) => {
      clearTimeout(timer);
      reject(err);
    });
    request.end(body);
  });

function errorCodeOf(err: unknown): DeliveryErrorCode {
  const code = (err as { code?: string } | null)?.code ?? "";
  if (code === "ETIMEDOUT" || code === "UND_ERR_CONNECT_TIMEOUT" || (err as Error | null)?.name === "TimeoutError") return "timeout";
  if (code === "ECONNREFUSED") return "connection_refused";
  if (code === "ECONNRESET" || code === "EPIPE") return "connection_reset";
  if (/CERT|TLS|SSL|SELF_SIGNED|UNABLE_TO_VERIFY/.test(code)) return "tls";
  return "network";
}

/**
 * One attempt: check the URL again (DNS may have changed since it was saved), then POST the stored body, signed, to
 * the checked address. A 2xx marks it delivered; anything else is logged (as a code) and thrown so the job retries
 * with backoff; the last attempt marks it failed. A URL the policy refuses fails at once, logged with its reason
 * (an unresolvable name is retried: DNS failures pass).
 */
export async function attemptWebhookDelivery(svc: WebhookServices, deliveryId: string, isLastAttempt: boolean): Promise<"delivered" | "already" | "refused"> {
  const d = await svc.db
    .selectFrom("notification_webhook_deliveries as d")
    .innerJoin("notification_webhooks as w", "w.id", "d.webhook_id")
    .select(["d.id", "d.status", "d.body", "w.url", "w.secret_ciphertext", "w.secret_key_id"])
    .where("d.id", "=", deliveryId)
    .executeTakeFirst();
  if (!d || d.status === "delivered") return "already";
  const check = await checkWebhookUrl(d.url, svc.urls ?? STRICT_WEBHOOK_URL_POLICY);
  if (!check.ok) {
    const final = isLastAttempt || check.reason !== "webhook_url_unresolvable";
    await recordAttempt(svc, deliveryId, { status: null, error: check.reason, final });
    if (!final) throw new WebhookDeliveryError(`webhook delivery ${deliveryId}: ${check.reason}`);
    return "refused";
  }
  const body = JSON.stringify(d.body);
  const timestamp = String(Math.floor(svc.clock.now().getTime() / 1000));
  const signature = signWebhook(svc.secretBox.open(d.secret_ciphertext, d.secret_key_id), timestamp, body);
  let status: number | null = null;
  let error: DeliveryErrorCode | null = null;
  try {
    status = await (svc.send ?? sendPinned)({
      url: check.url,
      address: check.address,
      headers: { "content-type": "application/json", "user-agent": "Sillage-Webhooks/1", "x-sillage-timestamp": timestamp, "x-sillage-signature": signature, "x-sillage-delivery": d.id },
      body,
      timeoutMs: svc.timeoutMs ?? 10_000,
    });
    if (status < 200 || status >= 300) error = "http_status";
  } catch (err) {
    error = errorCodeOf(err);
  }
  await recordAttempt(svc, deliveryId, { status, error, final: isLastAttempt });
  if (error) throw new WebhookDeliveryError(`webhook delivery ${deliveryId}: ${error}${status ? ` ${status}` : ""}`);
  return "delivered";
}

async function recordAttempt(svc: WebhookServices, deliveryId: string, a: { status: number | null; error: DeliveryErrorCode | null; final: boolean }) {
  const now = svc.clock.now();
  await svc.db
    .updateTable("notification_webhook_deliveries")
    .set((eb) => ({
      attempts: eb("attempts", "+", 1),
      last_status_code: a.status,
      last_error: a.error,
      status: a.error ? (a.final ? "failed" : "pending") : "delivered",
      delivered_at: a.error ? null : now,
    }))
    .where("id", "=", deliveryId)
    .execute();
}
