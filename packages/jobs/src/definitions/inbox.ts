import { inboxTasks } from "@sillage/inbox";
import { defineJob } from "../define";

// Inbox jobs: ids, payloads and priorities come from @sillage/inbox (inboxTasks), so inbox code can add them in
// its own transactions; webhook ingestion has the highest priority of every job in the product.

/** One stored webhook delivery → contacts, conversations, messages, statuses, reactions, unknown events. */
export const inboxProcessDelivery = defineJob({ ...inboxTasks.processDelivery, handler: () => import("../handlers/inbox-process-delivery") });

/** Sends one outbox row through the connector (the single outbound path). */
export const inboxSendOutbound = defineJob({ ...inboxTasks.sendOutbound, handler: () => import("../handlers/inbox-send-outbound") });

/** Debounced per conversation (job key `batch:<id>`): hands a burst of customer messages downstream as one batch. */
export const inboxConversationBatch = defineJob({ ...inboxTasks.conversationBatch, handler: () => import("../handlers/inbox-conversation-batch") });

/** Fetches and stores one inbound media file (retried with backoff; status visible on message_media). */
export const inboxFetchMedia = defineJob({ ...inboxTasks.fetchMedia, handler: () => import("../handlers/inbox-fetch-media") });

/** Safety net: re-queues deliveries and media left behind. */
export const inboxSweep = defineJob({ ...inboxTasks.sweep, handler: () => import("../handlers/inbox-sweep") });
