// Why an action on a comment was refused, as a code the SPA words in the reader's language (FR / EN), with an
// English sentence for the API's message, the CLI and logs.

import { isPlatformError, type PlatformError } from "@sillage/connectors";
import { InboxError } from "@sillage/inbox";

export type CommentErrorReason =
  | "not_found" // no such comment in this workspace
  | "comment_deleted" // deleted on Instagram (by its author, or on the app) meanwhile
  | "own_comment" // the account's own comments cannot be hidden or privately answered
  | "private_reply_exists" // Instagram allows one private reply per comment
  | "comment_too_old" // a private reply is allowed within 7 days of the comment
  | "invalid_input" // empty or too long reply
  | "channel_unavailable" // the account needs reconnecting
  | "auth_expired" // Meta refused the token
  | "permission" // a permission is missing
  | "rate_limited" // Meta asks to slow down
  | "platform"; // anything else Meta refused (its words in `message`)

export class CommentActionError extends Error {
  override readonly name = "CommentActionError";
  constructor(
    readonly reason: CommentErrorReason,
    message: string,
    /** The gate's or the platform's own error, when there was one. */
    readonly source?: unknown,
  ) {
    super(message);
  }
}

/** A refusal from the outbound gate or from Meta, as a comment action error; anything else is rethrown as is. */
export function toCommentActionError(err: unknown): unknown {
  if (err instanceof InboxError) {
    const reason: CommentErrorReason =
      err.code === "comment_too_old" || err.code === "private_reply_exists" || err.code === "invalid_input" || err.code === "channel_unavailable" || err.code === "not_found"
        ? err.code
        : "platform";
    return new CommentActionError(reason, err.message, err);
  }
  if (isPlatformError(err)) return fromPlatform(err);
  return err;
}

function fromPlatform(err: PlatformError): CommentActionError {
  const reason: CommentErrorReason =
    err.kind === "not_found"
      ? "comment_deleted"
      : err.kind === "auth_expired" || err.kind === "permission" || err.kind === "rate_limited"
        ? err.kind
        : err.kind === "duplicate"
          ? "private_reply_exists"
          : "platform";
  return new CommentActionError(reason, err.userMessage, err);
}
