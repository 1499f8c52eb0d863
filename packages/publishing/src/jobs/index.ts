// The publishing jobs; handlers sit beside, loaded on first use.
import { defineJob, type JobCronItem } from "@sillage/queue";
import { z } from "zod";

const publicationRef = z.object({ publicationId: z.uuid(), workspaceId: z.uuid() });

/**
 * Publishes one publication (an occurrence on a channel): job_key `publication:<id>`, run_at = its instant, added
 * in the transaction that creates or moves it. Platform errors are retried by Sillage's own policy (a new job at
 * the right time); graphile-worker's attempts only cover infrastructure failures (a thrown handler).
 */
export const publishPostJob = defineJob({
  id: "posts.publish",
  schema: publicationRef,
  maxAttempts: 10,
  handler: () => import("./publish-post"),
});

/**
 * Looks up the media id and permalink of a live Instagram post recovered from a PUBLISHED container (job_key
 * `media-lookup:<id>`); it re-adds itself at growing intervals until found or given up.
 */
export const lookupPublishedMediaJob = defineJob({
  id: "posts.lookup_media",
  schema: publicationRef,
  maxAttempts: 5,
  handler: () => import("./lookup-published-media"),
});

/** Repair sweep (every minute): re-adds missing jobs of due publications, never duplicating one. */
export const enqueueDuePostsJob = defineJob({
  id: "posts.enqueue_due",
  schema: z.object({}).passthrough(),
  handler: () => import("./enqueue-due-posts"),
});

export const publishingJobs = [publishPostJob, lookupPublishedMediaJob, enqueueDuePostsJob] as const;

export const publishingCron: JobCronItem[] = [
  // Re-adds any due publication whose job is missing (after a restore, say).
  { task: enqueueDuePostsJob.id, match: "* * * * *", identifier: "enqueue_due_posts", options: { backfillPeriod: 0 } },
];
