// Webhook ingestion: a stored delivery → connector.normalizeWebhook → every event applied, idempotently.
// Store-first: the HTTP route only calls `storeDelivery` (one statement: the row and its processing job), so a 200
// always means "kept"; everything else happens here, in a job, and may run again safely:
//   messages   INSERT … ON CONFLICT (channel_id, platform_message_id) DO NOTHING (redeliveries are one row)
//   statuses   UPDATE … WHERE status_rank < new rank (out-of-order statuses never move backwards)
//   reactions  one row per (conversation, target, person), latest by platform time wins
//   unknown    kept in unknown_events with the reason, never dropped
// Every string of an event is cleaned first (no NUL, no lone surrogate: what PostgreSQL refuses), and each event runs
// in its own savepoint: one that fails is kept in webhook_failures and retried alone, never holding back the others.

import type { Attachment, Platform, WebhookEvent } from "@sillage/connectors";
import { raiseWorkspaceEvent, sql, type Database } from "@sillage/db";
import type { Transaction } from "kysely";
import type { DB } from "@sillage/db";
import { cleanTextDeep } from "@sillage/domain";
import { failureMessage, recordDeliveryFailure, recordEventFailure, resolveDeliveryFailure, scheduleEventRetry, webhookRetryOf, type FailureStatus } from "./dead-letters";
import type { InboxDeps, WebhookRetryPolicy } from "./deps";
import { RetryLaterError } from "./errors";
import { FETCHED_ATTACHMENT_TYPES, preview, STATUS_RANK, toMessageStatus, toMessageType, type MessageType } from "./model";
import { addJobExpression, addJobsExpression, enqueue } from "@sillage/queue";
import { conversationBatchJob, fetchMediaJob, processDeliveryJob } from "./jobs";

type Trx = Transaction<DB>;

/**
 * Keeps a verified delivery and its processing job in ONE statement (atomic without an explicit transaction):
 * once this returns, the delivery survives a crash and will be processed. The job has no key (a keyed insert costs
 * ≈ 12 % of webhook throughput); the repair sweep leaves a delivery alone while its job is still alive.
 */
export async function storeDelivery(
  db: Database,
  d: { platform: Platform; rawBody: Uint8Array; headers: Record<string, string> },
): Promise<number> {
  const { rows } = await sql<{ id: number }>`
    with d as (
      insert into webhook_deliveries (platform, raw_body, headers)
      values (${d.platform}, ${Buffer.from(d.rawBody.buffer, d.rawBody.byteOffset, d.rawBody.byteLength)}, ${JSON.stringify(d.headers)}::jsonb)
      returning id
    )
    select d.id, ${addJobExpression(processDeliveryJob, sql`json_build_object('deliveryId', d.id)`)}
    from d`.execute(db);
  return Number(rows[0]!.id);
}

export interface IncomingDelivery {
  platform: Platform;
  rawBody: Uint8Array;
  headers: Record<string, string>;
}

/**
 * Group commit for the webhook route: deliveries arriving while a write is in flight are stored together by the
 * next one (one INSERT of many rows and their jobs, one commit, one fsync). At low load a delivery is written at
 * once, alone; under load the batches grow, so throughput follows the load without a timer adding latency.
 * `store()` resolves only after the commit that made its delivery durable.
 */
export class DeliveryWriter {
  private queue: { d: IncomingDelivery; resolve: (id: number) => void; reject: (err: unknown) => void }[] = [];
  private inFlight = 0;

  constructor(
    private readonly db: Database,
    private readonly opts: { maxBatch?: number; maxBatchBytes?: number; concurrency?: number } = {},
  ) {}

  store(d: IncomingDelivery): Promise<number> {
    return new Promise<number>((resolve, reject) => {
      this.queue.push({ d, resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    const concurrency = this.opts.concurrency ?? 4;
    while (this.inFlight < concurrency && this.queue.length > 0) {
      const size = nextBatchSize(
        this.queue.map((q) => q.d.rawBody.byteLength),
        this.opts.maxBatch ?? 250,
        this.opts.maxBatchBytes ?? MAX_BATCH_BYTES,
      );
      const batch = this.queue.splice(0, size);
      this.inFlight++;
      storeDeliveries(this.db, batch.map((b) => b.d))
        .then(
          (ids) => batch.forEach((b, i) => b.resolve(ids[i]!)),
          (err: unknown) => batch.forEach((b) => b.reject(err)),
        )
        .finally(() => {
          this.inFlight--;
          this.pump();
        });
    }
  }
}

/**
 * Body bytes per group commit. The bodies travel as one bytea[] parameter, sent as hex text (two characters a byte): 250 bodies
 * of 3 MB would pass V8's ~512 M character string limit and fail the whole batch.
 */
export const MAX_BATCH_BYTES = 32 * 1024 * 1024;

/** How many queued deliveries (by body size, in order) the next write takes: at most `maxBatch` and `maxBytes`, at least one. */
export function nextBatchSize(sizes: readonly number[], maxBatch: number, maxBytes: number): number {
  let n = 0;
  let bytes = 0;
  while (n < Math.min(sizes.length, maxBatch)) {
    bytes += sizes[n]!;
    if (n > 0 && bytes > maxBytes) break;
    n++;
  }
  return n;
}

/** Many deliveries and their processing jobs in ONE statement; ids come back in input order. */
export async function storeDeliveries(db: Database, ds: IncomingDelivery[]): Promise<number[]> {
  if (ds.length === 0) return [];
  // Identity values are drawn in insertion order, and the SELECT feeds rows in `ord` order: sorted ids map back.
  const { rows } = await sql<{ ids: (number | string)[] }>`
    with d as (
      insert into webhook_deliveries (platform, raw_body, headers)
      select p, b, h from unnest(${ds.map((d) => d.platform)}::text[], ${ds.map((d) => Buffer.from(d.rawBody.buffer, d.rawBody.byteOffset, d.rawBody.byteLength))}::bytea[], ${ds.map((d) => JSON.stringify(d.headers))}::jsonb[])
        with ordinality as u(p, b, h, ord)
      order by ord
      returning id
    ), j as (
      select count(*) as n from ${addJobsExpression(processDeliveryJob, { payload: sql`json_build_object('deliveryId', d.id)`, from: sql`d`, orderBy: sql`d.id` })}
    )
    select (select array_agg(id order by id) from d) as ids, (select n from j) as jobs`.execute(db);
  return rows[0]!.ids.map(Number);
}

interface RoutedChannel {
  id: string;
  workspaceId: string;
  platform: Platform;
  burstWindowSeconds: number;
}

/** Per-delivery lookups (a batched payload often names one account many times). */
class Router {
  private channels = new Map<string, RoutedChannel | null>();
  constructor(private readonly trx: Trx) {}

  async channel(platform: Platform, accountId: string | null): Promise<RoutedChannel | null> {
    if (!accountId) return null;
    const key = `${platform}:${accountId}`;
    if (!this.channels.has(key)) {
      // A channel needing reconnection still receives messages; only a disconnected one stops routing.
      const row = await this.trx
        .selectFrom("channels")
        .innerJoin("workspaces", "workspaces.id", "channels.workspace_id")
        .select(["channels.id", "channels.workspace_id", "workspaces.burst_window_seconds"])
        .where("channels.platform", "=", platform)
        .where("channels.external_id", "=", accountId)
        .where("channels.status", "<>", "disconnected")
        .orderBy("channels.created_at", "desc")
        .executeTakeFirst();
      this.channels.set(
        key,
        row ? { id: row.id, workspaceId: row.workspace_id, platform, burstWindowSeconds: row.burst_window_seconds } : null,
      );
    }
    return this.channels.get(key) ?? null;
  }

  /** The workspace an event was routed to, if its lookup already ran (no query: used after a failure). */
  workspaceOf(e: WebhookEvent): string | null {
    return e.platform && e.accountId ? (this.channels.get(`${e.platform}:${e.accountId}`)?.workspaceId ?? null) : null;
  }
}

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

type Applied = "message" | "unknown" | "other";

async function applyEvent(trx: Trx, deps: InboxDeps, router: Router, deliveryId: number | null, e: WebhookEvent): Promise<Applied> {
  if (e.type === "unknown") {
    const ch = e.platform ? await router.channel(e.platform, e.accountId) : null;
    await keepUnknown(trx, deliveryId, ch?.workspaceId ?? null, e.platform ?? "unknown", "unknown", e.reason, e.accountId, e.field, e.raw);
    return "unknown";
  }
  const ch = await router.channel(e.platform, e.accountId);
  if (!ch) {
    // An account no workspace owns (any more): kept for operators, not guessed.
    await keepUnknown(trx, deliveryId, null, e.platform, e.type, "no channel for this account", e.accountId, null, e);
    return "unknown";
  }
  switch (e.type) {
    case "message":
      return (await ingestMessage(trx, deps, ch, {
        platformMessageId: e.messageId,
        from: e.from,
        type: toMessageType(e.messageType),
        text: e.text,
        attachments: e.attachments,
        replyTo: e.replyToMessageId,
        timestamp: new Date(e.timestamp),
        raw: { messageType: e.messageType, ...(e.extra ? { extra: e.extra } : {}), ...(e.errors ? { errors: e.errors } : {}) },
      }))
        ? "message"
        : "other";
    case "postback":
      return (await ingestMessage(trx, deps, ch, {
        platformMessageId: e.messageId ?? `postback:${e.from.id}:${e.timestamp}`,
        from: e.from,
        type: "text",
        text: e.title ?? e.payload,
        attachments: [],
        replyTo: null,
        timestamp: new Date(e.timestamp),
        raw: { messageType: "postback", payload: e.payload },
      }))
        ? "message"
        : "other";
    case "message_status":
      await applyStatus(trx, ch, e);
      return "other";
    case "echo":
      await applyEcho(trx, ch, e);
      return "other";
    case "reaction":
      await applyReaction(trx, ch, e);
      return "other";
    case "read":
      await applyRead(trx, ch, e);
      return "other";
    case "message_deleted":
      await applyDeleted(trx, ch, e);
      return "other";
    case "comment":
      await applyComment(trx, ch, e);
      return "other";
    case "system_error":
      await keepUnknown(trx, deliveryId, ch.workspaceId, e.platform, "system_error", e.errors.map((x) => x.message).join("; "), e.accountId, null, e);
      return "unknown";
  }
}

async function keepUnknown(
  trx: Trx,
  deliveryId: number | null,
  workspaceId: string | null,
  platform: string,
  kind: string,
  reason: string | null,
  accountId: string | null,
  field: string | null,
  raw: unknown,
): Promise<void> {
  await trx
    .insertInto("unknown_events")
    .values({
      delivery_id: deliveryId,
      workspace_id: workspaceId,
      platform,
      kind,
      reason,
      account_id: accountId,
      field,
      raw: JSON.stringify(raw ?? null),
    })
    .execute();
}

async function upsertContact(trx: Trx, ch: RoutedChannel, who: { id: string; name?: string | null; username?: string | null }): Promise<string> {
  const row = await trx
    .insertInto("contacts")
    .values({
      workspace_id: ch.workspaceId,
      channel_id: ch.id,
      platform: ch.platform,
      platform_user_id: who.id,
      display_name: who.name ?? null,
      username: who.username ?? null,
    })
    .onConflict((oc) =>
      oc.columns(["channel_id", "platform_user_id"]).doUpdateSet({
        display_name: sql`coalesce(excluded.display_name, contacts.display_name)`,
        username: sql`coalesce(excluded.username, contacts.username)`,
      }),
    )
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

async function upsertConversation(trx: Trx, ch: RoutedChannel, contactId: string, at: Date): Promise<string> {
  const row = await trx
    .insertInto("conversations")
    .values({ workspace_id: ch.workspaceId, channel_id: ch.id, contact_id: contactId, platform: ch.platform, last_message_at: at })
    // A no-op update so RETURNING gives the existing row's id.
    .onConflict((oc) => oc.columns(["channel_id", "contact_id"]).doUpdateSet({ channel_id: sql`excluded.channel_id` }))
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

interface InboundMessage {
  platformMessageId: string;
  from: { id: string; name?: string | null; username?: string | null };
  type: MessageType;
  text: string | null;
  attachments: Attachment[];
  replyTo: string | null;
  timestamp: Date;
  raw: Record<string, unknown>;
}

/** True when the message is new (a redelivery changes nothing). */
async function ingestMessage(trx: Trx, deps: InboxDeps, ch: RoutedChannel, m: InboundMessage): Promise<boolean> {
  const at = Number.isNaN(m.timestamp.getTime()) ? deps.clock.now() : m.timestamp;
  const contactId = await upsertContact(trx, ch, m.from);
  const conversationId = await upsertConversation(trx, ch, contactId, at);
  const inserted = await trx
    .insertInto("messages")
    .values({
      workspace_id: ch.workspaceId,
      conversation_id: conversationId,
      channel_id: ch.id,
      direction: "in",
      author: "customer",
      type: m.type,
      text: m.text,
      platform_message_id: m.platformMessageId,
      reply_to_platform_id: m.replyTo,
      media: m.attachments.length ? JSON.stringify(m.attachments) : null,
      raw: JSON.stringify(m.raw),
      platform_timestamp: at,
    })
    .onConflict((oc) => oc.columns(["channel_id", "platform_message_id"]).where("platform_message_id", "is not", null).doNothing())
    .returning("id")
    .executeTakeFirst();
  if (!inserted) return false;

  await trx
    .updateTable("conversations")
    .set({
      last_message_preview: sql`case when ${at}::timestamptz >= last_message_at then ${preview(m.type, m.text)} else last_message_preview end`,
      last_message_at: sql`greatest(last_message_at, ${at}::timestamptz)`,
      last_inbound_at: sql`greatest(coalesce(last_inbound_at, ${at}::timestamptz), ${at}::timestamptz)`,
      unread_count: sql`unread_count + 1`,
      // A customer writing again reopens a resolved conversation.
      status: sql`case when status = 'resolved' then 'open' else status end`,
    })
    .where("id", "=", conversationId)
    .execute();

  for (const a of m.attachments) {
    if (!FETCHED_ATTACHMENT_TYPES.has(a.type) || (!a.mediaId && !a.url)) continue;
    const media = await trx
      .insertInto("message_media")
      .values({
        workspace_id: ch.workspaceId,
        message_id: inserted.id,
        platform_media_id: a.mediaId,
        source_url: a.url,
        mime_type: a.mimeType,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await enqueue(trx, fetchMediaJob, { workspaceId: ch.workspaceId, mediaId: media.id });
  }

  // Burst batching: one debounced job per conversation, moved forward by every new message. The runner compares
  // run_at with the database's clock, so this is real time (not the injectable business clock).
  await enqueue(
    trx,
    conversationBatchJob,
    { workspaceId: ch.workspaceId, conversationId },
    { jobKey: `batch:${conversationId}`, jobKeyMode: "replace", runAt: new Date(Date.now() + ch.burstWindowSeconds * 1000) },
  );
  await raiseWorkspaceEvent(trx, ch.workspaceId, "inbox.message", { conversationId, messageId: inserted.id, direction: "in" });
  return true;
}

async function findOutgoing(trx: Trx, ch: RoutedChannel, platformMessageId: string, callbackData: string | null) {
  const byId = await trx
    .selectFrom("messages")
    .select(["id", "conversation_id", "platform_message_id"])
    .where("channel_id", "=", ch.id)
    .where("platform_message_id", "=", platformMessageId)
    .executeTakeFirst();
  if (byId) return byId;
  // WhatsApp echoes our outbox id as callback data: the status may beat the send job's own bookkeeping.
  if (callbackData && /^[0-9a-f-]{36}$/i.test(callbackData)) {
    const viaOutbox = await trx
      .selectFrom("outbound_messages")
      .innerJoin("messages", "messages.id", "outbound_messages.message_id")
      .select(["messages.id", "messages.conversation_id", "messages.platform_message_id"])
      .where("outbound_messages.id", "=", callbackData)
      .where("outbound_messages.channel_id", "=", ch.id)
      .executeTakeFirst();
    if (viaOutbox) return viaOutbox;
  }
  return undefined;
}

/**
 * Instagram only (WhatsApp statuses carry our outbox id as callback data, so they always find their message): a send
 * of ours still in flight on the channel — to this recipient when known — may be what this event is about.
 */
async function sendInFlight(trx: Trx, ch: RoutedChannel, recipientId?: string): Promise<boolean> {
  if (ch.platform !== "instagram") return false;
  let q = trx
    .selectFrom("outbound_messages as o")
    .select("o.id")
    .where("o.workspace_id", "=", ch.workspaceId)
    .where("o.channel_id", "=", ch.id)
    .where("o.status", "=", "sending");
  if (recipientId) {
    q = q
      .innerJoin("conversations as c", "c.id", "o.conversation_id")
      .innerJoin("contacts as k", "k.id", "c.contact_id")
      .where("k.platform_user_id", "=", recipientId);
  }
  return Boolean(await q.limit(1).executeTakeFirst());
}

/**
 * A send of ours that timed out ("uncertain": it may have gone out) to this recipient, with this text: the echo or
 * status proving it went out belongs to it, not to a person using the Instagram app.
 */
async function uncertainSend(trx: Trx, ch: RoutedChannel, recipientId: string, text: string | null, at: Date) {
  return trx
    .selectFrom("messages as m")
    .innerJoin("conversations as c", "c.id", "m.conversation_id")
    .innerJoin("contacts as k", "k.id", "c.contact_id")
    .select(["m.id", "m.conversation_id"])
    .where("m.channel_id", "=", ch.id)
    .where("k.platform_user_id", "=", recipientId)
    .where("m.direction", "=", "out")
    .where("m.status", "=", "failed")
    .where("m.error_code", "=", "uncertain")
    .where("m.platform_message_id", "is", null)
    .where((eb) => (text === null ? eb("m.text", "is", null) : eb("m.text", "=", text)))
    .where("m.platform_timestamp", ">", new Date(at.getTime() - 3_600_000))
    .orderBy("m.platform_timestamp", "desc")
    .limit(1)
    .executeTakeFirst();
}

/** An "uncertain" send proved delivered: the message reads sent, the outbox too, and its platform id is kept. */
async function confirmUncertain(trx: Trx, ch: RoutedChannel, messageId: string, conversationId: string, platformMessageId: string): Promise<void> {
  await trx
    .updateTable("messages")
    .set({ status: "sent", status_rank: STATUS_RANK.sent, error_code: null, error_message: null, platform_message_id: platformMessageId })
    .where("id", "=", messageId)
    .execute();
  await trx
    .updateTable("outbound_messages")
    .set({ status: "sent", error_class: null, error_message: null })
    .where("message_id", "=", messageId)
    .where("status", "=", "failed")
    .where("error_class", "=", "uncertain")
    .execute();
  await raiseWorkspaceEvent(trx, ch.workspaceId, "inbox.status", { conversationId, messageId, status: "sent" });
}

async function applyStatus(trx: Trx, ch: RoutedChannel, e: Extract<WebhookEvent, { type: "message_status" }>): Promise<void> {
  const status = toMessageStatus(e.status);
  if (!status) return;
  const msg = await findOutgoing(trx, ch, e.messageId, e.callbackData);
  if (!msg) {
    // Our send job may not have recorded the platform id yet: try again shortly rather than drop the status.
    if (await sendInFlight(trx, ch)) throw new RetryLaterError(`status for ${e.messageId} before its send was recorded`);
    return; // a message sent outside the inbox (broadcasts, the WhatsApp app): nothing to update
  }
  const error = status === "failed" ? e.errors[0] : undefined;
  const updated = await trx
    .updateTable("messages")
    .set({
      status,
      status_rank: STATUS_RANK[status],
      platform_message_id: sql`coalesce(platform_message_id, ${e.messageId})`,
      ...(error ? { error_code: String(error.code ?? error.kind), error_message: error.userMessage } : { error_code: null, error_message: null }),
    })
    .where("id", "=", msg.id)
    .where((eb) =>
      eb.or([
        eb("status_rank", "<", STATUS_RANK[status]),
        // A send that timed out is "failed, uncertain": proof that it went out wins over that guess.
        ...(status !== "failed" ? [eb.and([eb("status", "=", "failed"), eb("error_code", "=", "uncertain")])] : []),
      ]),
    )
    .returning("id")
    .executeTakeFirst();
  if (!updated) {
    // The platform id is worth keeping even when the status itself is old news.
    await trx.updateTable("messages").set({ platform_message_id: e.messageId }).where("id", "=", msg.id).where("platform_message_id", "is", null).execute();
    return;
  }
  if (status !== "failed") {
    await trx
      .updateTable("outbound_messages")
      .set({ status: "sent", error_class: null, error_message: null })
      .where("message_id", "=", msg.id)
      .where("status", "=", "failed")
      .where("error_class", "=", "uncertain")
      .execute();
  }
  if (status === "failed") {
    await trx
      .updateTable("outbound_messages")
      .set({ status: "failed", error_class: error?.kind ?? "unknown", error_message: error?.userMessage ?? "The platform could not deliver the message." })
      .where("message_id", "=", msg.id)
      .execute();
  }
  await raiseWorkspaceEvent(trx, ch.workspaceId, "inbox.status", { conversationId: msg.conversation_id, messageId: msg.id, status });
}

/**
 * An unsent message. Deliveries are processed concurrently, so the deletion may come first: it then leaves a
 * tombstone under the message id, and the message itself, arriving later, conflicts with it and stays deleted.
 */
async function applyDeleted(trx: Trx, ch: RoutedChannel, e: Extract<WebhookEvent, { type: "message_deleted" }>): Promise<void> {
  const at = new Date(e.timestamp);
  const row = await trx
    .updateTable("messages")
    .set({ deleted_at: at, text: null })
    .where("channel_id", "=", ch.id)
    .where("platform_message_id", "=", e.messageId)
    .returning(["id", "conversation_id"])
    .executeTakeFirst();
  if (row) {
    await raiseWorkspaceEvent(trx, ch.workspaceId, "inbox.message", { conversationId: row.conversation_id, messageId: row.id, change: "deleted" });
    return;
  }
  const contactId = await upsertContact(trx, ch, { id: e.from.id });
  const conversationId = await upsertConversation(trx, ch, contactId, at);
  await trx
    .insertInto("messages")
    .values({
      workspace_id: ch.workspaceId,
      conversation_id: conversationId,
      channel_id: ch.id,
      direction: "in",
      author: "customer",
      type: "text",
      text: null,
      platform_message_id: e.messageId,
      platform_timestamp: at,
      deleted_at: at,
    })
    .onConflict((oc) => oc.columns(["channel_id", "platform_message_id"]).where("platform_message_id", "is not", null).doUpdateSet({ deleted_at: at, text: null }))
    .execute();
}

async function applyEcho(trx: Trx, ch: RoutedChannel, e: Extract<WebhookEvent, { type: "echo" }>): Promise<void> {
  const msg = await findOutgoing(trx, ch, e.messageId, null);
  if (msg) {
    await trx.updateTable("messages").set({ status: "sent", status_rank: 1 }).where("id", "=", msg.id).where("status_rank", "<", 1).execute();
    return;
  }
  if (await sendInFlight(trx, ch, e.recipientId)) throw new RetryLaterError(`echo ${e.messageId} before its send was recorded`);
  const at = new Date(e.timestamp);
  const timedOut = await uncertainSend(trx, ch, e.recipientId, e.text, at);
  if (timedOut) return await confirmUncertain(trx, ch, timedOut.id, timedOut.conversation_id, e.messageId);
  // Sent from the Instagram app by a person: part of the thread, and a human reply.
  const contactId = await upsertContact(trx, ch, { id: e.recipientId });
  const conversationId = await upsertConversation(trx, ch, contactId, at);
  const type = e.text ? "text" : toMessageType(e.attachments[0]?.type ?? "other");
  const inserted = await trx
    .insertInto("messages")
    .values({
      workspace_id: ch.workspaceId,
      conversation_id: conversationId,
      channel_id: ch.id,
      direction: "out",
      author: "agent",
      type,
      text: e.text,
      platform_message_id: e.messageId,
      media: e.attachments.length ? JSON.stringify(e.attachments) : null,
      status: "sent",
      status_rank: 1,
      platform_timestamp: at,
      raw: JSON.stringify({ echo: true }),
    })
    .onConflict((oc) => oc.columns(["channel_id", "platform_message_id"]).where("platform_message_id", "is not", null).doNothing())
    .returning("id")
    .executeTakeFirst();
  if (!inserted) return;
  await trx
    .updateTable("conversations")
    .set({
      last_message_preview: sql`case when ${at}::timestamptz >= last_message_at then ${preview(type, e.text)} else last_message_preview end`,
      last_message_at: sql`greatest(last_message_at, ${at}::timestamptz)`,
      last_human_reply_at: sql`greatest(coalesce(last_human_reply_at, ${at}::timestamptz), ${at}::timestamptz)`,
    })
    .where("id", "=", conversationId)
    .execute();
  await raiseWorkspaceEvent(trx, ch.workspaceId, "inbox.message", { conversationId, messageId: inserted.id, direction: "out" });
}

async function applyReaction(trx: Trx, ch: RoutedChannel, e: Extract<WebhookEvent, { type: "reaction" }>): Promise<void> {
  const at = new Date(e.timestamp);
  const contactId = await upsertContact(trx, ch, e.from);
  const conversationId = await upsertConversation(trx, ch, contactId, at);
  const target = await trx
    .selectFrom("messages")
    .select("id")
    .where("channel_id", "=", ch.id)
    .where("platform_message_id", "=", e.messageId)
    .executeTakeFirst();
  // An unreact is kept as a tombstone (emoji null), so a late, older "react" cannot bring it back.
  const emoji = e.action === "unreact" ? null : e.emoji;
  await trx
    .insertInto("message_reactions")
    .values({
      workspace_id: ch.workspaceId,
      conversation_id: conversationId,
      message_id: target?.id ?? null,
      target_platform_message_id: e.messageId,
      emoji,
      reacted_by: e.from.id,
      created_at: at,
    })
    .onConflict((oc) =>
      oc
        .columns(["conversation_id", "target_platform_message_id", "reacted_by"])
        .doUpdateSet({ emoji: sql`excluded.emoji`, created_at: sql`excluded.created_at`, message_id: sql`coalesce(excluded.message_id, message_reactions.message_id)` })
        .where("message_reactions.created_at", "<=", at),
    )
    .execute();
  await raiseWorkspaceEvent(trx, ch.workspaceId, "inbox.reaction", { conversationId, messageId: target?.id ?? null, emoji });
}

async function applyRead(trx: Trx, ch: RoutedChannel, e: Extract<WebhookEvent, { type: "read" }>): Promise<void> {
  const conv = await trx
    .selectFrom("conversations")
    .innerJoin("contacts", "contacts.id", "conversations.contact_id")
    .select("conversations.id")
    .where("conversations.channel_id", "=", ch.id)
    .where("contacts.platform_user_id", "=", e.from.id)
    .executeTakeFirst();
  if (!conv) return;
  const res = await trx
    .updateTable("messages")
    .set({ status: "read", status_rank: STATUS_RANK.read })
    .where("conversation_id", "=", conv.id)
    .where("direction", "=", "out")
    .where("status_rank", "<", STATUS_RANK.read)
    .where("status", "<>", "failed")
    .where("platform_message_id", "is not", null)
    .where("platform_timestamp", "<=", new Date(e.timestamp))
    .executeTakeFirst();
  if (Number(res.numUpdatedRows) > 0) {
    await raiseWorkspaceEvent(trx, ch.workspaceId, "inbox.status", { conversationId: conv.id, status: "read" });
  }
}

async function applyComment(trx: Trx, ch: RoutedChannel, e: Extract<WebhookEvent, { type: "comment" }>): Promise<void> {
  const parent = e.parentId
    ? await trx.selectFrom("comments").select("id").where("channel_id", "=", ch.id).where("platform_comment_id", "=", e.parentId).executeTakeFirst()
    : undefined;
  const row = await trx
    .insertInto("comments")
    .values({
      workspace_id: ch.workspaceId,
      channel_id: ch.id,
      platform_media_id: e.mediaId ?? "",
      platform_comment_id: e.commentId,
      parent_id: parent?.id ?? null,
      author_name: e.from.username ?? null,
      author_id: e.from.id || null,
      text: e.text,
      own: e.isOwn,
      platform_timestamp: new Date(e.timestamp),
    })
    .onConflict((oc) => oc.columns(["channel_id", "platform_comment_id"]).doNothing())
    .returning("id")
    .executeTakeFirst();
  if (row) await raiseWorkspaceEvent(trx, ch.workspaceId, "comment.received", { commentId: row.id, own: e.isOwn });
}
