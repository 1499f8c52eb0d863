// Topics' jobs (`@sillage/topics/jobs`); each handler sits beside, loaded on first use.
import { defineJob, enqueue, type JobCronItem } from "@sillage/queue";
import type { Database } from "@sillage/db";
import { z } from "zod";

/**
 * Hourly tick (cron is UTC): adds `topics.cluster_workspace` for each workspace whose local 03:00 of today has passed
 * with no run for that date. Hourly so every zone's 03:00 is met within the hour and a missed hour is caught up.
 */
export const clusterDailyJob = defineJob({
  id: "topics.cluster_daily",
  schema: z.looseObject({}),
  maxAttempts: 3,
  handler: () => import("./cluster-daily"),
});

/** One workspace's run for one local date: embeds what is pending, then clusters (idempotent per date). */
export const clusterWorkspaceJob = defineJob({
  id: "topics.cluster_workspace",
  schema: z.object({ workspaceId: z.uuid(), runDate: z.iso.date() }),
  maxAttempts: 5,
  handler: () => import("./cluster-workspace"),
});

/**
 * Embeds new customer messages and comments in batches shortly after they arrive (every 5 minutes), and re-embeds in
 * the background what another provider, model or dimension made (a bounded number of texts per run).
 */
export const embedPendingJob = defineJob({
  id: "topics.embed_pending",
  schema: z.looseObject({ workspaceId: z.uuid().optional() }),
  maxAttempts: 3,
  handler: () => import("./embed-pending"),
});

export async function queueWorkspaceRun(db: Database, workspaceId: string, runDate: string): Promise<void> {
  await enqueue(db, clusterWorkspaceJob, { workspaceId, runDate }, { jobKey: `topics.cluster:${workspaceId}:${runDate}`, jobKeyMode: "preserve_run_at" });
}

export const topicsJobs = [clusterDailyJob, clusterWorkspaceJob, embedPendingJob] as const;

export const topicsCron: JobCronItem[] = [
  { task: clusterDailyJob.id, match: "7 * * * *", identifier: `${clusterDailyJob.id}.hourly`, options: { backfillPeriod: 0 } },
  { task: embedPendingJob.id, match: "*/5 * * * *", identifier: embedPendingJob.id, options: { backfillPeriod: 0 } },
];
