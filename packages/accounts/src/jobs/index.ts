// The accounts' jobs; handlers sit beside, loaded on first use.
import { defineJob, type JobCronItem } from "@sillage/queue";
import { z } from "zod";
import { passwordResetEmailJob } from "./declarations";

export { passwordResetEmailJob } from "./declarations";

/** Deletes expired sessions, login attempts the throttle no longer reads and old password reset rows (hourly cron). */
export const authCleanupJob = defineJob({
  id: "auth.cleanup",
  schema: z.object({}).passthrough(),
  handler: () => import("./auth-cleanup"),
});

export const accountsJobs = [authCleanupJob, passwordResetEmailJob] as const;

export const accountsCron: JobCronItem[] = [
  { task: authCleanupJob.id, match: "17 * * * *", identifier: `${authCleanupJob.id}.hourly`, options: { backfillPeriod: 0 } },
];
