import type { Connectors } from "@sillage/connectors";
import type { Database } from "@sillage/db";
import type { SecretBox } from "@sillage/crypto";
import type { Clock } from "@sillage/time";
import type { MediaServices } from "@sillage/media";
import type { OutboundResendPolicy } from "./outbound-resends";

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
  /** How WhatsApp's asynchronous throttling failures are resent (tests shorten the waits). */
  outboundResend?: OutboundResendPolicy;
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
