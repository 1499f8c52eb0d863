import type { Connectors } from "@sillage/connectors";
import type { SecretBox } from "@sillage/crypto";
import type { Database } from "@sillage/db";
import type { Clock } from "@sillage/time";

/** Polling settings (tests and the benchmark change them; the product runs the defaults). */
export interface CommentsOptions {
  /** Time between two checks of a post (5 minutes: a new comment reaches the product within one interval). */
  intervalMs: number;
  /** Pages one check reads at most (50 comments each); a longer backlog continues at the next check. */
  maxPagesPerCheck: number;
  /** How long a Graph cursor saved by an interrupted check is trusted (Meta: do not persist cursors long-term). */
  cursorTtlMs: number;
  /** Usage (percent of Meta's budget) from which an account's checks are spaced out, and when they are spaced more. */
  slowAtPercent: number;
  slowerAtPercent: number;
}

export const DEFAULT_COMMENTS_OPTIONS: CommentsOptions = {
  intervalMs: 5 * 60_000,
  maxPagesPerCheck: 20,
  cursorTtlMs: 60 * 60_000,
  slowAtPercent: 75,
  slowerAtPercent: 90,
};

/** Enough of a pino logger (jobs pass theirs). */
export interface CommentsLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
}

/** What the comments need from the process: the same things jobs get (`JobServices`). */
export interface CommentsDeps {
  db: Database;
  clock: Clock;
  connectors: Connectors;
  secretBox: SecretBox;
  logger?: CommentsLogger;
  comments?: Partial<CommentsOptions>;
}

export function optionsOf(deps: Pick<CommentsDeps, "comments">): CommentsOptions {
  return { ...DEFAULT_COMMENTS_OPTIONS, ...deps.comments };
}

/** Seven days of polling after publication (the plan: comments come in the first week). */
export const POLL_DAYS_MS = 7 * 86_400_000;
