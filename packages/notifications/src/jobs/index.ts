// Notifications read the states other domains keep (shared reads) on a minute cron: the domains that raise them
// never import this package, and a scan is idempotent, so retries and restarts never notify twice.
import type { JobCronItem } from "@sillage/queue";
import { emailDeliverJob, scanNotificationsJob, webhookDeliverJob } from "./declarations";

export { emailDeliverJob, scanNotificationsJob, webhookDeliverJob };

export const notificationsJobs = [scanNotificationsJob, emailDeliverJob, webhookDeliverJob] as const;

export const notificationsCron: JobCronItem[] = [{ task: scanNotificationsJob.id, match: "* * * * *", identifier: scanNotificationsJob.id, options: { backfillPeriod: 0 } }];
