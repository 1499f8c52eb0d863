// Notifications read the states other domains keep (shared reads) on a minute cron: the domains that raise them
// never import this package, and a scan is idempotent, so retries and restarts never notify twice.
import { defineJob, type JobCronItem } from "@sillage/queue";
import { z } from "zod";

/** Opens, updates and resolves every workspace's notifications from the current states. */
export const scanNotificationsJob = defineJob({
  id: "notifications.scan",
  schema: z.object({ workspaceId: z.uuid().optional() }).passthrough(),
  maxAttempts: 3,
  handler: () => import("./scan"),
});

export const notificationsJobs = [scanNotificationsJob] as const;

export const notificationsCron: JobCronItem[] = [{ task: scanNotificationsJob.id, match: "* * * * *", identifier: scanNotificationsJob.id, options: { backfillPeriod: 0 } }];
