// The comments' jobs: storage and polling are handled here; triage of a new customer comment is declared here (this
// package adds it when a comment is stored) and handled by the comments surface (decide, then reply).
import { declareJob, type JobCronItem } from "@sillage/queue";
import { z } from "zod";

/**
 * One new customer comment to decide (job key `comment-triage:<commentId>`, so it runs once per comment). Declared
 * here, where storage adds it; its handler lives with the triage of comments.
 */
export const triageCommentJob = declareJob({
  id: "comments.triage",
  schema: z.object({ workspaceId: z.uuid(), commentId: z.uuid() }),
  priority: -5,
  maxAttempts: 8,
});

/** The jobs this package handles (filled as storage and polling land). */
export const commentsJobs = [] as const;

export const commentsCron: JobCronItem[] = [];
