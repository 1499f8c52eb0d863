// The comments' jobs: comment webhooks handed on by the inbox (`inbox.comment_event`, declared there), the polling
// cycle (dispatch, media listing, one check per post). Triage of a new customer comment is declared here (storage
// adds it) and handled by the comments surface (decide, then reply).
import { commentEventJob as commentEventSpec } from "@sillage/inbox";
import { defineJob, type JobCronItem } from "@sillage/queue";
import { dispatchSpec, listMediaSpec, pollPostSpec } from "./declarations";

export { triageCommentJob } from "./declarations";

/** A comment webhook stored through the one storage path (idempotent on the comment's id). */
export const commentEventJob = defineJob({ ...commentEventSpec, handler: () => import("./comment-event") });

export const pollPostJob = defineJob({ ...pollPostSpec, handler: () => import("./poll-post") });

export const listMediaJob = defineJob({ ...listMediaSpec, handler: () => import("./list-media") });

export const dispatchJob = defineJob({ ...dispatchSpec, handler: () => import("./dispatch") });

/** The jobs this package handles (`comments.triage` is handled by the comments surface). */
export const commentsJobs = [commentEventJob, pollPostJob, listMediaJob, dispatchJob] as const;

export const commentsCron: JobCronItem[] = [{ task: dispatchJob.id, match: "* * * * *", identifier: dispatchJob.id, options: { backfillPeriod: 0 } }];
