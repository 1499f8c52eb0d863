// The inbox's jobs: what each one is, its payload and queue settings; handlers sit beside, loaded on first use.
// Priorities: graphile-worker runs lower numbers first, so webhook ingestion never waits behind other work.
import { declareJob, defineJob, type JobCronItem } from "@sillage/queue";
import { z } from "zod";

/** Attempts of a delivery's processing job; a failed event's own retries follow the same count (DEFAULT_WEBHOOK_RETRY). */
export const WEBHOOK_JOB_ATTEMPTS = 12;
/** Attempts of an inbound media fetch; the sweep leaves a media row alone once it used them all. */
export const MEDIA_FETCH_ATTEMPTS = 8;

/** One stored webhook delivery → contacts, conversations, messages, statuses, reactions, unknown events. */
export const processDeliveryJob = defineJob({
  id: "inbox.process_delivery",
  schema: z.object({ deliveryId: z.number().int().positive() }),
  priority: -20,
  maxAttempts: WEBHOOK_JOB_ATTEMPTS,
  handler: () => import("./process-delivery"),
});

/** One event of a delivery that failed on its own (a `webhook_failures` row), applied again, alone, until it goes through or is parked. */
export const retryWebhookEventJob = defineJob({
  id: "inbox.retry_webhook_event",
  schema: z.object({ failureId: z.number().int().positive() }),
  priority: -20,
  maxAttempts: WEBHOOK_JOB_ATTEMPTS,
  handler: () => import("./retry-webhook-event"),
});

/** Sends one outbox row through the connector (the single outbound path). */
export const sendOutboundJob = defineJob({
  id: "inbox.send_outbound",
  schema: z.object({ workspaceId: z.uuid(), outboundId: z.uuid() }),
  priority: -15,
  maxAttempts: 6,
  handler: () => import("./send-outbound"),
});

/**
 * Debounced per conversation (job key `batch:<id>`): records a burst of customer messages as one batch and hands it
 * on. Declared here, where ingestion adds it; handled by `@sillage/autoreply` (decide, then reply), which depends on
 * the inbox and not the other way round.
 */
export const conversationBatchJob = declareJob({
  id: "inbox.conversation_batch",
  schema: z.object({ workspaceId: z.uuid(), conversationId: z.uuid() }),
  priority: -10,
  maxAttempts: 10,
});

/**
 * A burst the customer changed after it was recorded (an edit, or an unsend leaving something to answer): decided
 * again when it is still the conversation's latest and nothing answered it yet. Key `batch-changed:<batch>`, replace
 * (edits in a row are decided once), one queue per conversation. Declared here, where the appliers add it; handled
 * by `@sillage/autoreply`.
 */
export const batchChangedJob = declareJob({
  id: "inbox.batch_changed",
  schema: z.object({ workspaceId: z.uuid(), conversationId: z.uuid(), batchId: z.uuid() }),
  priority: -10,
  maxAttempts: 10,
});

/** A comment webhook as the inbox hands it on (the connector's normalized comment, with its channel). */
export const commentEventSchema = z.object({
  workspaceId: z.uuid(),
  channelId: z.uuid(),
  deliveryId: z.number().int().positive().nullable(),
  comment: z.object({
    id: z.string().min(1).max(200),
    mediaId: z.string().min(1).max(200),
    mediaProductType: z.string().max(40).nullable(),
    parentId: z.string().max(200).nullable(),
    text: z.string().max(20_000),
    from: z.object({ id: z.string().max(200).nullable(), username: z.string().max(200).nullable() }),
    own: z.boolean(),
    timestamp: z.iso.datetime({ offset: true }),
    field: z.string().max(40),
  }),
});
export type CommentEventPayload = z.infer<typeof commentEventSchema>;

/**
 * One comment webhook to store. Declared here, where ingestion adds it; handled by `@sillage/comments` (which owns
 * the comments and depends on the inbox, not the other way round). Storage is idempotent on the comment's id.
 */
export const commentEventJob = declareJob({
  id: "inbox.comment_event",
  schema: commentEventSchema,
  priority: -10,
  maxAttempts: WEBHOOK_JOB_ATTEMPTS,
});

/** Fetches and stores one inbound media file (retried with backoff; status visible on message_media). */
export const fetchMediaJob = defineJob({
  id: "inbox.fetch_media",
  schema: z.object({ workspaceId: z.uuid(), mediaId: z.uuid() }),
  priority: -5,
  maxAttempts: MEDIA_FETCH_ATTEMPTS,
  handler: () => import("./fetch-media"),
});

/** Safety net: re-queues deliveries, failed events and media left behind; parks what its job gave up on. */
export const sweepJob = defineJob({
  id: "inbox.sweep",
  schema: z.object({}).passthrough(),
  priority: 0,
  maxAttempts: 3,
  handler: () => import("./sweep"),
});

/**
 * Deletes the raw bodies of webhook deliveries processed more than `keepDays` ago (daily cron): they hold customers'
 * messages verbatim, and everything in them already lives in messages, statuses and `unknown_events`. A delivery not
 * processed yet is never deleted. Failed events applied on retry go too (`webhook_failures` `resolved`); parked ones stay.
 */
export const pruneDeliveriesJob = defineJob({
  id: "inbox.prune_deliveries",
  schema: z.object({ keepDays: z.number().int().min(1).max(365).default(14), batchSize: z.number().int().min(100).max(100_000).default(10_000) }).passthrough(),
  handler: () => import("./prune-deliveries"),
});

/**
 * Reads one Instagram contact's profile (name, username, picture into the media store) and records what Meta said
 * (job key `profile:<contactId>`). Low priority: nobody waits on it, and it must never delay ingestion or replies.
 */
export const refreshProfileJob = defineJob({
  id: "inbox.refresh_profile",
  schema: z.object({ workspaceId: z.uuid(), contactId: z.uuid() }),
  priority: 10,
  maxAttempts: 5,
  handler: () => import("./refresh-profile"),
});

/** Weekly: a profile job for every Instagram contact never read or read over a week ago (consent refusals wait for a DM). */
export const refreshStaleProfilesJob = defineJob({
  id: "inbox.refresh_stale_profiles",
  schema: z.object({}).passthrough(),
  priority: 10,
  maxAttempts: 3,
  handler: () => import("./refresh-stale-profiles"),
});

/** The jobs the inbox handles (the conversation batch is handled by @sillage/autoreply, comment events by @sillage/comments). */
export const inboxJobs = [processDeliveryJob, retryWebhookEventJob, sendOutboundJob, fetchMediaJob, sweepJob, pruneDeliveriesJob, refreshProfileJob, refreshStaleProfilesJob] as const;

export const inboxCron: JobCronItem[] = [
  { task: sweepJob.id, match: "*/10 * * * *", identifier: sweepJob.id, options: { backfillPeriod: 0 } },
  { task: refreshStaleProfilesJob.id, match: "41 4 * * 1", identifier: `${refreshStaleProfilesJob.id}.weekly`, options: { backfillPeriod: 0 } },
  { task: pruneDeliveriesJob.id, match: "53 3 * * *", identifier: `${pruneDeliveriesJob.id}.daily`, options: { backfillPeriod: 86_400_000 } },
];
