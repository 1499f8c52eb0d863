// The channels' jobs (token checks, webhook subscriptions); handlers sit beside, loaded on first use.
import { defineJob, type JobCronItem } from "@sillage/queue";
import { z } from "zod";

/**
 * Asks Meta about each active channel's token once a day (a cheap call: debug_token, an Instagram refresh when due,
 * or a read of the account): learns its real expiry, renews Instagram-Login tokens, and marks dead ones "needs
 * reconnect". Runs every 6 hours so a check that got no answer is retried the same day.
 */
export const checkChannelTokensJob = defineJob({
  id: "channels.check_tokens",
  schema: z.object({}).passthrough(),
  handler: () => import("./check-channel-tokens"),
});

/** Every 5 minutes: the channels of posts due within 30 minutes, so a dead token shows before the post fails. */
export const checkTokensBeforePostsJob = defineJob({
  id: "channels.check_tokens_before_posts",
  schema: z.object({}).passthrough(),
  handler: () => import("./check-tokens-before-posts"),
});

/**
 * Subscribes the app to a channel's webhooks (`setupWebhook`), queued with each save of a channel (connect,
 * reconnect), by the daily check when Meta forgot it, and by a person's retry; key `webhook-subscribe:<channel>`.
 * A transient failure is retried with graphile-worker's backoff (exp(attempts) seconds: about 8 hours over 12
 * attempts); a refusal is stored on the channel and ends the job.
 */
export const subscribeWebhooksJob = defineJob({
  id: "channels.subscribe_webhooks",
  schema: z.object({ channelId: z.uuid() }),
  maxAttempts: 12,
  handler: () => import("./subscribe-webhooks"),
});

export const channelsJobs = [checkChannelTokensJob, checkTokensBeforePostsJob, subscribeWebhooksJob] as const;

export const channelsCron: JobCronItem[] = [
  // Each token is asked about once a day (the task skips those answered within 20 h); every 6 h, so a check that
  // got no answer is retried the same day, and an Instagram refresh gets many chances within its 10-day margin.
  { task: checkChannelTokensJob.id, match: "23 */6 * * *", identifier: checkChannelTokensJob.id, options: { backfillPeriod: 21_600_000 } },
  { task: checkTokensBeforePostsJob.id, match: "*/5 * * * *", identifier: checkTokensBeforePostsJob.id, options: { backfillPeriod: 0 } },
];
