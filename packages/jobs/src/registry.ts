import type { JobDefinition } from "./define";
import { refreshChannelTokens } from "./definitions/channels";
import { enqueueDuePostsJob, lookupPublishedMediaJob, publishPost } from "./definitions/publishing";
import { authCleanup, eventsPrune, workspacePing } from "./definitions/system";
import { knowledgeReembed } from "./definitions/knowledge";
import { inboxConversationBatch, inboxFetchMedia, inboxProcessDelivery, inboxPruneDeliveries, inboxSendOutbound, inboxSweep } from "./definitions/inbox";

/** Every background job of the product. A task id not listed here cannot run. */
export const jobDefinitions = [authCleanup, eventsPrune, workspacePing, refreshChannelTokens, publishPost, lookupPublishedMediaJob, enqueueDuePostsJob, inboxProcessDelivery, inboxSendOutbound, inboxConversationBatch, inboxFetchMedia, inboxSweep, inboxPruneDeliveries, knowledgeReembed] as const satisfies readonly JobDefinition[];

export const jobsById: ReadonlyMap<string, JobDefinition> = new Map(jobDefinitions.map((d) => [d.id, d as JobDefinition]));

/** Cron runs in UTC (graphile-worker has no zones); tasks that care about a local time check it themselves. */
export const cronItems = [
  { task: authCleanup.id, match: "17 * * * *", identifier: "auth.cleanup.hourly", options: { backfillPeriod: 0 } },
  { task: eventsPrune.id, match: "41 2 * * *", identifier: "events.prune.daily", options: { backfillPeriod: 86_400_000 } },
  // Twice a day: a failed refresh gets another chance long before the 10-day margin runs out.
  { task: refreshChannelTokens.id, match: "23 4,16 * * *", identifier: "channels.refresh_tokens", options: { backfillPeriod: 43_200_000 } },
  // Publishing repair sweep: re-adds any due publication whose job is missing (after a restore, say).
  { task: enqueueDuePostsJob.id, match: "* * * * *", identifier: "enqueue_due_posts", options: { backfillPeriod: 0 } },
  { task: inboxSweep.id, match: "*/10 * * * *", identifier: "inbox.sweep", options: { backfillPeriod: 0 } },
  { task: inboxPruneDeliveries.id, match: "53 3 * * *", identifier: "inbox.prune_deliveries.daily", options: { backfillPeriod: 86_400_000 } },
];
