// Jobs over the live-event log: its table belongs to @sillage/db, which sits below the queue and so cannot hold a job.
import { defineJob, type JobCronItem } from "@sillage/queue";
import { z } from "zod";

/** Trims the live-event log: subscribers replay at most the last 7 days (daily cron). */
export const eventsPruneJob = defineJob({
  id: "events.prune",
  schema: z.object({ keepDays: z.number().int().min(1).max(90).default(7) }).passthrough(),
  handler: () => import("./events-prune"),
});

/** Raises an event in a workspace's live stream: operators use it to check that live updates reach browsers. */
export const workspacePingJob = defineJob({
  id: "workspace.ping",
  schema: z.object({ workspaceId: z.uuid(), message: z.string().max(200).default("ping") }),
  handler: () => import("./workspace-ping"),
});

export const systemJobs = [eventsPruneJob, workspacePingJob] as const;

export const systemCron: JobCronItem[] = [
  { task: eventsPruneJob.id, match: "41 2 * * *", identifier: `${eventsPruneJob.id}.daily`, options: { backfillPeriod: 86_400_000 } },
];
