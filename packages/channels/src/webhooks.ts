// Whether Meta sends a channel's webhooks to the app. Connecting an account only stores its token: Meta delivers
// its DMs, comments or WhatsApp messages once the app is subscribed for it (`POST …/subscribed_apps` on the
// Instagram account, the Page or the WABA, `connector.setupWebhook`). Every save of a channel (connect, reconnect)
// queues the subscription in its own transaction; the daily check reads it back and subscribes again when Meta
// forgot it.
import { isPlatformError, type Connectors } from "@sillage/connectors";
import { raiseWorkspaceEvent, type Database, type ScopedDb } from "@sillage/db";
import type { SecretBox } from "@sillage/crypto";
import { enqueue } from "@sillage/queue";
import { subscribeWebhooksJob } from "./jobs";
import { recordChannelError, toConnectorChannel, type ChannelRow } from "./store";

type Db = Database | ScopedDb;

/** The daily check reads a subscription Meta confirmed longer ago than this. */
export const WEBHOOK_CHECK_STALE_MS = 20 * 3_600_000;

/** What the channel card shows: "active" (Meta confirmed it), "pending" (queued or being retried), "error" (refused). */
export type WebhookSubscriptionStatus = "active" | "pending" | "error";

export function webhookSubscriptionStatus(row: { webhookSubscribedAt: Date | null; webhookError: string | null }): WebhookSubscriptionStatus {
  if (row.webhookError) return "error";
  return row.webhookSubscribedAt ? "active" : "pending";
}

/**
 * Queues the subscription of one channel, in the caller's transaction (the saved channel and its job commit
 * together). One pending job per channel: a second save replaces the first's job.
 */
export async function queueWebhookSubscription(db: Db, channelId: string): Promise<void> {
  await enqueue(db, subscribeWebhooksJob, { channelId }, { jobKey: `webhook-subscribe:${channelId}`, jobKeyMode: "replace" });
}

/**
 * A person asks again after a refusal (a permission granted since, say): the error is cleared, the card shows
 * "pending" and the job runs. False when there is no such active channel (in the workspace `db` is scoped to).
 */
export async function retryWebhookSubscription(db: Db, channelId: string): Promise<boolean> {
  const row = await db
    .updateTable("channels")
    .set({ webhook_error: null, webhook_error_kind: null, webhook_error_at: null, webhook_subscribed_at: null })
    .where("id", "=", channelId)
    .where("status", "=", "active")
    .returning("id")
    .executeTakeFirst();
  if (!row) return false;
  await queueWebhookSubscription(db, channelId);
  return true;
}

export type WebhookSubscribeOutcome = "subscribed" | "refused" | "skipped";

/**
 * Subscribes the app to one channel's webhooks (idempotent: Meta's POST may be repeated). A transient failure throws,
 * so the job is retried with graphile-worker's backoff (`lastAttempt`: the card then shows Meta's answer); a refusal
 * no retry can fix (a permission missing, the token refused) is stored with its reason and ends the job. Writes are
 * limited to the token that was used: a reconnect meanwhile queued its own job.
 */
export async function subscribeChannelWebhooks(
  db: Database,
  connectors: Connectors,
  box: SecretBox,
  channelId: string,
  now: Date,
  opts: { lastAttempt?: boolean } = {},
): Promise<WebhookSubscribeOutcome> {
  const row = await db.selectFrom("channels").selectAll().where("id", "=", channelId).where("status", "=", "active").executeTakeFirst();
  if (!row) return "skipped";
  const channel = toConnectorChannel(row, box);
  try {
    const result = await connectors.get(channel.platform).setupWebhook(channel);
    if (!result.subscribed) throw new Error("Meta did not confirm the webhook subscription");
  } catch (err) {
    const permanent = isPlatformError(err) && !err.retryable;
    // One transaction: whoever reads the subscription refused also reads the channel's "needs reconnect".
    await db.transaction().execute(async (trx) => {
      if (permanent || opts.lastAttempt) {
        // The kind is what the SPA words (`platform.<kind>`); an answer without the confirmation is a malformed one.
        await storeWebhookState(trx, row, {
          webhook_error: isPlatformError(err) ? err.userMessage : "Meta did not confirm the subscription",
          webhook_error_kind: isPlatformError(err) ? err.kind : "malformed",
          webhook_error_at: now,
          webhook_subscribed_at: null,
        });
      }
      // A token refused outright is the channel's trouble too: "needs reconnect", whose reconnect subscribes again.
      if (isPlatformError(err) && err.kind === "auth_expired") await recordChannelError(trx, row.id, err, now, { tokenCiphertext: row.token_ciphertext });
    });
    if (permanent) return "refused";
    throw err;
  }
  await storeWebhookState(db, row, { webhook_subscribed_at: now, webhook_error: null, webhook_error_kind: null, webhook_error_at: null });
  return "subscribed";
}

async function storeWebhookState(
  db: Db,
  row: ChannelRow,
  values: { webhook_subscribed_at: Date | null; webhook_error: string | null; webhook_error_kind: string | null; webhook_error_at: Date | null },
): Promise<void> {
  const updated = await db
    .updateTable("channels")
    .set(values)
    .where("id", "=", row.id)
    .where("status", "=", "active")
    .where("token_ciphertext", "=", row.token_ciphertext)
    .executeTakeFirst();
  if (updated.numUpdatedRows) await raiseWorkspaceEvent(db, row.workspace_id, "channel.webhooks", { channelId: row.id, subscribed: Boolean(values.webhook_subscribed_at) });
}

export interface WebhookCheckSummary {
  checked: number;
  confirmed: number;
  /** Meta no longer had it (or it was never made): a subscription job was queued. */
  resubscribed: number;
  /** No answer (transient, or the token's own trouble, which the token check reports). */
  failed: number;
}

/**
 * Daily, beside the token check: every active channel whose subscription Meta has not confirmed for 20 h is read
 * back (`GET …/subscribed_apps`). Still there: confirmed. Missing (Meta dropped it, the app was removed from the
 * Page, a channel connected before subscriptions existed): a subscription job is queued. A channel whose
 * subscription was refused waits for a person (the card's retry), so the daily check does not hammer a refusal.
 */
export async function verifyWebhookSubscriptions(db: Database, connectors: Connectors, box: SecretBox, now: Date): Promise<WebhookCheckSummary> {
  const rows = await db
    .selectFrom("channels")
    .selectAll()
    .where("status", "=", "active")
    .where("webhook_error", "is", null)
    .where((eb) => eb.or([eb("webhook_subscribed_at", "is", null), eb("webhook_subscribed_at", "<", new Date(now.getTime() - WEBHOOK_CHECK_STALE_MS))]))
    .orderBy("webhook_subscribed_at", (ob) => ob.asc().nullsFirst())
    .execute();
  const summary: WebhookCheckSummary = { checked: rows.length, confirmed: 0, resubscribed: 0, failed: 0 };
  // One at a time, like the token check: one cheap read per channel and day.
  for (const row of rows) {
    const channel = toConnectorChannel(row, box);
    let subscribed: boolean;
    try {
      subscribed = (await connectors.get(channel.platform).webhookSubscription(channel)).subscribed;
    } catch {
      summary.failed++;
      continue;
    }
    if (subscribed) {
      await storeWebhookState(db, row, { webhook_subscribed_at: now, webhook_error: null, webhook_error_kind: null, webhook_error_at: null });
      summary.confirmed++;
    } else {
      await db
        .updateTable("channels")
        .set({ webhook_subscribed_at: null })
        .where("id", "=", row.id)
        .where("token_ciphertext", "=", row.token_ciphertext)
        .execute();
      await queueWebhookSubscription(db, row.id);
      summary.resubscribed++;
    }
  }
  return summary;
}
