// The handler side of `comments.triage` (declared in ./index.ts, where storage adds it): decide, then reply or hide.
// Kept in its own list so the server registers it beside the storage and polling jobs.
import { defineJob } from "@sillage/queue";
import { triageCommentJob } from "./index";

/** Decides a new customer comment with the triage engine, then queues the automatic reply or hides spam. */
export const commentTriageJob = defineJob({ ...triageCommentJob, handler: () => import("./triage-comment") });

export const commentTriageJobs = [commentTriageJob] as const;
