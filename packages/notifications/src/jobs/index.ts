// Notifications read the states other domains keep (shared reads) on a minute cron: the domains that raise them
// never import this package, and a scan is idempotent, so retries and restarts never notify twice.
import type { JobCronItem } from "@sillage/queue";
import { emailDeliverJob, scanNotificationsJob } from "./declarations";

export { emailDeliverJob, scanNotificationsJob };

export const notificationsJobs = [scanNotificationsJob, emailDeliverJob] as const;

export const notificationsCron: JobCronItem[] = [{ task: scanNotificationsJob.id, match: "* * * * *", identifier: scanNotificationsJob.id, options: { backfillPeriod: 0 } }];
