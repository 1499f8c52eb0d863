import type { Connectors } from "@sillage/connectors";
import type { Database } from "@sillage/db";
import type { Clock, SecretBox } from "@sillage/domain";
import type { MediaServices } from "@sillage/media";

/** Enough of a pino logger for the inbox (jobs pass theirs). */
export interface InboxLogger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

/** What inbox code needs from the process: the same things jobs get (`JobServices`). */
export interface InboxDeps {
  db: Database;
  clock: Clock;
  connectors: Connectors;
  secretBox: SecretBox;
  media: MediaServices;
  logger?: InboxLogger;
  /** How failing webhook work is retried before it is parked as a dead letter (tests shorten it). */
  webhookRetry?: WebhookRetryPolicy;
}

/**
 * A delivery whose processing fails, or an event of it that fails on its own, is tried `attempts` times in all, then
 * parked. An event waits `delayMs(n)` after its n-th failure (a delivery job waits graphile-worker's own backoff,
 * exp(n) seconds, the same curve).
 */
export interface WebhookRetryPolicy {
  attempts: number;
  delayMs(failures: number): number;
}

/** The error a caller can show: `code` names the rule, `message` says what to do. */
export class InboxError extends Error {
  override readonly name = "InboxError";
  constructor(
    readonly code: "window_closed" | "not_found" | "invalid_input" | "channel_unavailable" | "ai_off" | "human_takeover",
    message: string,
    /** WhatsApp outside the 24 h window: approved templates may still be sent. */
    readonly templatesAvailable = false,
  ) {
    super(message);
  }
}

/** The AI control refused an automatic message (the outbox row is `blocked`, not `failed`). */
export function isAiBlocked(err: InboxError): boolean {
  return err.code === "ai_off" || err.code === "human_takeover";
}

/** What an automatic reply's refusal means for its triage decision (`ai_decisions.outcome`). */
export function decisionOutcomeOf(err: InboxError): "blocked_ai_off" | "suppressed_human" | "failed" {
  return err.code === "ai_off" ? "blocked_ai_off" : err.code === "human_takeover" ? "suppressed_human" : "failed";
}

/** Thrown by ingestion when an event must wait for another job (e.g. an echo racing its own send). */
export class RetryLaterError extends Error {
  override readonly name = "RetryLaterError";
}
