import { inboxTasks } from "@sillage/inbox";
import { z } from "zod";
import { defineJob } from "../define";

// Inbox jobs: ids, payloads and priorities come from @sillage/inbox (inboxTasks), so inbox code can add them in
// its own transactions; webhook ingestion has the highest priority of every job in the product.

/** One stored webhook delivery → contacts, conversations, messages, statuses, reactions, unknown events. */
export const inboxProcessDelivery = defineJob({ ...inboxTasks.processDelivery, handler: () => import("../handlers/inbox-process-delivery") });

/** One event of a delivery that failed on its own: applied again, alone, until it goes through or is parked. */
export const inboxRetryWebhookEvent = defineJob({ ...inboxTasks.retryWebhookEvent, handler: () => import("../handlers/inbox-retry-webhook-event") });

/** Sends one outbox row through the connector (the single outbound path). */
export const inboxSendOutbound = defineJob({ ...inboxTasks.sendOutbound, handler: () => import("../handlers/inbox-send-outbound") });

/** Debounced per conversation (job key `batch:<id>`): hands a burst of customer messages downstream as one batch. */
export const inboxConversationBatch = defineJob({ ...inboxTasks.conversationBatch, handler: () => import("../handlers/inbox-conversation-batch") });

/** Fetches and stores one inbound media file (retried with backoff; status visible on message_media). */
export const inboxFetchMedia = defineJob({ ...inboxTasks.fetchMedia, handler: () => import("../handlers/inbox-fetch-media") });

/** Safety net: re-queues deliveries, failed events and media left behind; parks what its job gave up on. */
export const inboxSweep = defineJob({ ...inboxTasks.sweep, handler: () => import("../handlers/inbox-sweep") });

/**
 * Deletes the raw bodies of webhook deliveries processed more than `keepDays` ago (daily cron): they hold customers'
 * messages verbatim, and everything in them already lives in messages, statuses and `unknown_events`. A delivery not
 * processed yet is never deleted. Failed events applied on retry go too (`webhook_failures` `resolved`); parked ones stay.
 */
export const inboxPruneDeliveries = defineJob({
  id: "inbox.prune_deliveries",
  schema: z.object({ keepDays: z.number().int().min(1).max(365).default(14), batchSize: z.number().int().min(100).max(100_000).default(10_000) }).passthrough(),
  handler: () => import("../handlers/inbox-prune-deliveries"),
});
