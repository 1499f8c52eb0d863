// @sillage/comments: Instagram comments on published posts (and on media published outside Sillage), stored once
// whichever path sees them first (webhook or polling), their threads and states, and the polling of posts.
export * from "./jobs";
// The comments surface: what /comments reads, the actions on a comment, triage then reply or hide.
export * from "./threads";
export * from "./actions";
export * from "./action-errors";
export * from "./triage";
export * from "./jobs/triage";
