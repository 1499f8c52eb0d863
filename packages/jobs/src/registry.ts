import type { JobDefinition } from "./define";
import { checkChannelTokens, checkTokensBeforePosts } from "./definitions/channels";
import { enqueueDuePostsJob, lookupPublishedMediaJob, publishPost } from "./definitions/publishing";
import { authCleanup, eventsPrune, workspacePing } from "./definitions/system";
import { knowledgeReembed } from "./definitions/knowledge";
import { inboxConversationBatch, inboxFetchMedia, inboxProcessDelivery, inboxPruneDeliveries, inboxRetryWebhookEvent, inboxSendOutbound, inboxSweep } from "./definitions/inbox";

/** Every background job of the product. A task id not listed here cannot run. */
export const jobDefinitions = [authCleanup, eventsPrune, workspacePing, checkChannelTokens, checkTokensBeforePosts, publishPost, lookupPublishedMediaJob, enqueueDuePostsJob, inboxProcessDelivery, inboxRetryWebhookEvent, inboxSendOutbound, inboxConversationBatch, inboxFetchMedia, inboxSweep, inboxPruneDeliveries, knowledgeReembed] as const satisfies readonly JobDefinition[];

export const jobsById: ReadonlyMap<string, JobDefinition> = new Map(jobDefinitions.map((d) => [d.id, d as JobDefinition]));

/** Cron runs in UTC (graphile-worker has no zones); tasks that care about a local time check it themselves. */
export const cronItems = [
  { task: authCleanup.id, match: "17 * * * *", identifier: "auth.cleanup.hourly", options: { backfillPeriod: 0 } },
  { task: eventsPrune.id, match: "41 2 * * *", identifier: "events.prune.daily", options: { backfillPeriod: 86_400_000 } },
  // Each token is asked about once a day (the task skips those answered within 20 h); every 6 h, so a check that
  // got no answer is retried the same day, and an Instagram refresh gets many chances within its 10-day margin.
  { task: checkChannelTokens.id, match: "23 */6 * * *", identifier: "channels.check_tokens", options: { backfillPeriod: 21_600_000 } },
  { task: checkTokensBeforePosts.id, match: "*/5 * * * *", identifier: "channels.check_tokens_before_posts", options: { backfillPeriod: 0 } },
  // Publishing repair sweep: re-adds any due publication whose job is missing (after a restore, say).
  { task: enqueueDuePostsJob.id, match: "* * * * *", identifier: "enqueue_due_posts", options: { backfillPeriod: 0 } },
  { task: inboxSweep.id, match: "*/10 * * * *", identifier: "inbox.sweep", options: { backfillPeriod: 0 } },
  { task: inboxPruneDeliveries.id, match: "53 3 * * *", identifier: "inbox.prune_deliveries.daily", options: { backfillPeriod: 86_400_000 } },
];
