/**
 * Sillage's own retry policy for publishing (graphile-worker's backoff is meant for infrastructure failures):
 * at most 3 attempts for retryable platform errors, seconds then minutes apart, never sooner than the platform's
 * rate-limit hint. Quota waits do not count as attempts.
 */
import { isPlatformError } from "@sillage/connectors";
import { INSTAGRAM_SUBCODE_REASONS, platformReason, publicationReason, reasonText, type PublicationReason } from "./reasons";

export interface RetryPolicy {
  maxAttempts: number;
  /** Delay after attempt 1, 2, … (the last one repeats). */
  delaysMs: number[];
  /** ± this share of the delay, so posts failing together do not come back together. */
  jitter: number;
  maxDelayMs: number;
  /** Longest quota wait before the limit is read again. */
  maxQuotaWaitMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 3,
  delaysMs: [10_000, 60_000, 300_000],
  jitter: 0.2,
  maxDelayMs: 15 * 60_000,
  maxQuotaWaitMs: 60 * 60_000,
};

export type RetryDecision =
  | { action: "retry"; delayMs: number }
  | { action: "wait_quota"; delayMs: number }
  | { action: "fail" };

export interface ErrorSummary {
  kind: string;
  retryable: boolean;
  retryAfterMs: number | undefined;
  message: string;
  userMessage: string;
  /** The same as a code with parameters, worded by the SPA in the reader's language. */
  reason: PublicationReason;
}

export function summarizeError(err: unknown): ErrorSummary {
  if (isPlatformError(err)) {
    // Meta's own words (an answer with a Graph error code) stay as a detail; Sillage's sentences are the code's.
    const detail = err.code !== undefined ? err.message : undefined;
    // An Instagram publishing subcode says more than its kind ("the video's codec", not "the media file").
    const bySubcode = err.platform === "instagram" && err.subcode !== undefined ? INSTAGRAM_SUBCODE_REASONS[err.subcode] : undefined;
    const reason = bySubcode ? publicationReason(bySubcode, detail ? { detail } : {}) : platformReason(err.kind, err.platform, detail);
    return { kind: err.kind, retryable: err.retryable, retryAfterMs: err.retryAfterMs, message: err.message, userMessage: err.userMessage, reason };
  }
  const message = err instanceof Error ? err.message : String(err);
  // Our own bug or infrastructure trouble: worth another try, and the person sees it plainly.
  return { kind: "internal", retryable: true, retryAfterMs: undefined, message, userMessage: reasonText("internal_error"), reason: publicationReason("internal_error") };
}

/** What to do after attempt number `attempt` (1-based) failed with `err`. */
export function decideRetry(err: ErrorSummary, attempt: number, policy: RetryPolicy = DEFAULT_RETRY_POLICY, random = Math.random): RetryDecision {
  if (err.kind === "quota") {
    return { action: "wait_quota", delayMs: Math.min(Math.max(err.retryAfterMs ?? policy.maxQuotaWaitMs, 1000), policy.maxQuotaWaitMs) };
  }
  if (!err.retryable || attempt >= policy.maxAttempts) return { action: "fail" };
  const base = policy.delaysMs[Math.min(attempt - 1, policy.delaysMs.length - 1)] ?? 10_000;
  const jittered = base * (1 + policy.jitter * (2 * random() - 1));
  const delayMs = Math.min(Math.max(jittered, err.retryAfterMs ?? 0), policy.maxDelayMs);
  return { action: "retry", delayMs: Math.round(delayMs) };
}
