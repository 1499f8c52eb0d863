// @sillage/comments: Instagram comments on published posts (and on media published outside Sillage), stored once
// whichever path sees them first (webhook or polling), their threads and states, and the polling of posts.
export * from "./deps";
export * from "./jobs";
export { storeComments, markMissing, markDeletedByUs, markHidden, type IncomingComment, type PostRef, type StoreResult } from "./store";
export { followMedia, postForWebhook, phaseOf } from "./posts";
export { pollPost, recordUsage, type PollOutcome } from "./poll";
export { dispatchDue, listAccountMedia, pollingStates, DISPATCH_AHEAD_MS } from "./dispatch";
export { storeWebhookComment } from "./webhook";
// The comments surface: what /comments reads, the actions on a comment, triage then reply or hide.
export * from "./threads";
export * from "./actions";
export * from "./action-errors";
export * from "./triage";
export * from "./jobs/triage";
