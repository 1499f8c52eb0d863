import { z } from "zod";
import { defineJob } from "../define";

/**
 * Publishes one publication (an occurrence on a channel): job_key `publication:<id>`, run_at = its instant, added
 * in the transaction that creates or moves it. Platform errors are retried by Sillage's own policy (a new job at
 * the right time); graphile-worker's attempts only cover infrastructure failures (a thrown handler).
 */
export const publishPost = defineJob({
  id: "posts.publish",
  schema: z.object({ publicationId: z.uuid(), workspaceId: z.uuid() }),
  maxAttempts: 10,
  handler: () => import("../handlers/publish-post"),
});

/**
 * Looks up the media id and permalink of a live Instagram post recovered from a PUBLISHED container (job_key
 * `media-lookup:<id>`); it re-adds itself at growing intervals until found or given up.
 */
export const lookupPublishedMediaJob = defineJob({
  id: "posts.lookup_media",
  schema: z.object({ publicationId: z.uuid(), workspaceId: z.uuid() }),
  maxAttempts: 5,
  handler: () => import("../handlers/lookup-published-media"),
});

/** Repair sweep (every minute): re-adds missing jobs of due publications, never duplicating one. */
export const enqueueDuePostsJob = defineJob({
  id: "posts.enqueue_due",
  schema: z.object({}).passthrough(),
  handler: () => import("../handlers/enqueue-due-posts"),
});
