// The composition root of background work: every domain's jobs and cron items, and the services their handlers read.
// The queue (@sillage/queue) knows no domain; each domain knows its own jobs; only this file knows them all.
import { archiveCron, archiveJobs, type ArchiveStore } from "@sillage/archive";
import { autoreplyJobs } from "@sillage/autoreply";
import { accountsCron, accountsJobs, type AccountsMailServices } from "@sillage/accounts";
import { billingCron, billingJobs } from "@sillage/billing";
import { channelsCron, channelsJobs } from "@sillage/channels";
import { commentsCron, commentsJobs, commentTriageJobs, type CommentsOptions } from "@sillage/comments";
import type { Database } from "@sillage/db";
import { inboxCron, inboxJobs, type OutboundResendPolicy, type WebhookRetryPolicy } from "@sillage/inbox";
import { kpisCron, kpisJobs } from "@sillage/kpis";
import { notificationsCron, notificationsJobs, type NotificationServices } from "@sillage/notifications";
import type { Logger } from "@sillage/observability";
import { publishingCron, publishingJobs, type PublishingOptions } from "@sillage/publishing";
import { startWorker, type JobCronItem, type JobList, type LivenessOptions, type Runner } from "@sillage/queue";
import { topicsCron, topicsJobs } from "@sillage/topics/jobs";
import { triageJobs } from "@sillage/triage/jobs";
import type pg from "pg";
import type { CoreServices } from "./services";
import { systemCron, systemJobs } from "./system-jobs";

/** What every job handler can read: the union of what each domain's handlers need. */
export interface JobServices extends CoreServices {
  db: Database;
  /** Publishing retry policy and step waits (tests shorten them). */
  publishing?: PublishingOptions;
  /** Retries of failing webhook work before it is parked (tests shorten them); unset → DEFAULT_WEBHOOK_RETRY. */
  webhookRetry?: WebhookRetryPolicy;
  /** Resends of WhatsApp messages throttled after a 200 (tests shorten the waits); unset → DEFAULT_OUTBOUND_RESEND. */
  outboundResend?: OutboundResendPolicy;
  /** Comment polling settings (tests and the benchmark shorten them); unset → DEFAULT_COMMENTS_OPTIONS. */
  comments?: Partial<CommentsOptions>;
  /** Password reset e-mail (mailer unset without SMTP_URL) and the origin of its link. */
  accounts?: AccountsMailServices;
  /** Notification e-mail (mailer unset without SMTP_URL) and the links it carries. */
  notifications?: NotificationServices;
  /** Where `archive.run` writes (unset: the job fails, asking for it). */
  archive?: ArchiveStore;
}

/** Every background job of the product. A task id not listed here cannot run. */
export const jobDefinitions: JobList<JobServices> = [...systemJobs, ...accountsJobs, ...channelsJobs, ...publishingJobs, ...inboxJobs, ...commentsJobs, ...commentTriageJobs, ...autoreplyJobs, ...triageJobs, ...kpisJobs, ...topicsJobs, ...billingJobs, ...notificationsJobs, ...archiveJobs];

export const jobsById: ReadonlyMap<string, JobList<JobServices>[number]> = new Map(jobDefinitions.map((d) => [d.id, d]));

/** Cron runs in UTC (graphile-worker has no zones); tasks that care about a local time check it themselves. */
export const cronItems: readonly JobCronItem[] = [...systemCron, ...accountsCron, ...channelsCron, ...publishingCron, ...inboxCron, ...commentsCron, ...kpisCron, ...topicsCron, ...billingCron, ...notificationsCron, ...archiveCron];

export interface JobWorkerOptions {
  pool: pg.Pool;
  services: JobServices;
  logger: Logger;
  concurrency: number;
  pollInterval: number;
  liveness?: LivenessOptions;
  /** Tests swap a definition for one that also records what it saw; the product runs `jobDefinitions`. */
  definitions?: JobList<JobServices>;
}

/** The worker of this process: every domain's jobs and cron items over one pool. */
export function startJobWorker(opts: JobWorkerOptions): Promise<Runner> {
  return startWorker({ ...opts, definitions: opts.definitions ?? jobDefinitions, cron: cronItems });
}
