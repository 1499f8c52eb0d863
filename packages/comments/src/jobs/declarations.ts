// The comments' job specs (ids, payloads, queue settings), apart from their handlers so storage can queue them.
import { declareJob } from "@sillage/queue";
import { z } from "zod";

/**
 * One new customer comment to decide (job key `comment-triage:<commentId>`, so it runs once per comment). Declared
 * here, where storage adds it; handled by the triage of comments (the comments surface).
 */
export const triageCommentJob = declareJob({
  id: "comments.triage",
  schema: z.object({ workspaceId: z.uuid(), commentId: z.uuid() }),
  priority: -5,
  maxAttempts: 8,
});

/** One check of one post's comments (key `comments.poll:<postId>`), queued by the dispatcher at the post's instant. */
export const pollPostSpec = declareJob({
  id: "comments.poll_post",
  schema: z.object({ workspaceId: z.uuid(), postId: z.uuid() }),
  priority: 5,
  maxAttempts: 3,
});

/** One account's recent media (key `comments.media:<channelId>`), once per cycle. */
export const listMediaSpec = declareJob({
  id: "comments.list_media",
  schema: z.object({ workspaceId: z.uuid(), channelId: z.uuid() }),
  priority: 5,
  maxAttempts: 3,
});

/** Each minute: queue the checks due within the minute and the media listings due. */
export const dispatchSpec = declareJob({
  id: "comments.dispatch",
  schema: z.object({}).passthrough(),
  priority: 0,
  maxAttempts: 3,
});

export const pollPostJob = pollPostSpec;
export const listMediaJob = listMediaSpec;
