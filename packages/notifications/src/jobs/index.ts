// Notifications read the states other domains keep (shared reads) on a minute cron: the domains that raise them
// never import this package, and a scan is idempotent, so retries and restarts never notify twice.
import type { JobCronItem } from "@sillage/queue";
import { digestJob, emailDeliverJob, scanNotificationsJob, webhookDeliverJob } from "./declarations";

export { digestJob, emailDeliverJob, scanNotificationsJob, webhookDeliverJob };

export const notificationsJobs = [scanNotificationsJob, emailDeliverJob, webhookDeliverJob, digestJob] as const;

export const notificationsCron: JobCronItem[] = [
  { task: scanNotificationsJob.id, match: "* * * * *", identifier: scanNotificationsJob.id, options: { backfillPeriod: 0 } },
  // Each minute, not each hour: zones a half or quarter hour off UTC start their local hours then.
  { task: digestJob.id, match: "* * * * *", identifier: digestJob.id, options: { backfillPeriod: 0 } },
];
