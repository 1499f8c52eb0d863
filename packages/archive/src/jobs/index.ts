// The archive's job; the handler sits beside, loaded on first use.
import { defineJob, type JobCronItem } from "@sillage/queue";
import { z } from "zod";

/**
 * `archive.run`: every night (UTC, after the other nightly prunes), rows past their retention go to the archive.
 * One at a time (queue + advisory lock); an outage fails the job and graphile-worker retries it with backoff.
 */
export const archiveRunJob = defineJob({
  id: "archive.run",
  schema: z.object({ before: z.iso.datetime().optional() }).passthrough(),
  queue: "archive",
  maxAttempts: 10,
  handler: () => import("./archive-run"),
});

export const archiveJobs = [archiveRunJob] as const;

export const archiveCron: JobCronItem[] = [{ task: archiveRunJob.id, match: "17 1 * * *", identifier: `${archiveRunJob.id}.nightly`, options: { backfillPeriod: 0 } }];
