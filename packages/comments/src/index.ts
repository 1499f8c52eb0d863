// @sillage/comments: Instagram comments on published posts (and on media published outside Sillage), stored once
// whichever path sees them first (webhook or polling), their threads and states, and the polling of posts.
export * from "./jobs";
