/** The error a caller can show: `code` names the rule, `message` says what to do. */
export class InboxError extends Error {
  override readonly name = "InboxError";
  constructor(
    readonly code:
      | "window_closed"
      | "not_found"
      | "invalid_input"
      | "channel_unavailable"
      | "ai_off"
      | "human_takeover"
      // Comment replies: a private reply past the comment's 7 days, or a second one (Instagram allows one).
      | "comment_too_old"
      | "private_reply_exists",
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

/** What became of a triage decision's reply (`ai_decisions.outcome`; not_applicable: IGNORE and ESCALATE send nothing). */
export type DecisionOutcome = "pending" | "sent" | "blocked_ai_off" | "suppressed_human" | "window_closed" | "not_applicable" | "failed";

/** What an automatic reply's refusal means for its triage decision (`ai_decisions.outcome`). */
export function decisionOutcomeOf(err: InboxError): "blocked_ai_off" | "suppressed_human" | "window_closed" | "failed" {
  return err.code === "ai_off" ? "blocked_ai_off" : err.code === "human_takeover" ? "suppressed_human" : err.code === "window_closed" ? "window_closed" : "failed";
}

/** The decision's outcome and why its reply did not go out: the error class (the SPA words it) and the sentence given. */
export interface DecisionOutcomeUpdate {
  outcome: DecisionOutcome;
  outcome_error: string | null;
  outcome_message: string | null;
}

/** The gate (`assertMaySend`) refused an automatic reply, at queue time or right before the platform call. */
export function decisionRefusedBy(err: InboxError): DecisionOutcomeUpdate {
  return { outcome: decisionOutcomeOf(err), outcome_error: err.code, outcome_message: err.message };
}

/** The platform refused an automatic reply, at the call or later in a `failed` status (WhatsApp's async 131047). */
export function decisionFailedOnPlatform(errorClass: string, message: string): DecisionOutcomeUpdate {
  return { outcome: errorClass === "window_closed" ? "window_closed" : "failed", outcome_error: errorClass, outcome_message: message };
}

/** Outcomes a delivery may still change: a reply on its way, or one the platform accepted then reported failed. */
export const OPEN_DECISION_OUTCOMES = ["pending", "sent"] as const;

/** Thrown by ingestion when an event must wait for another job (e.g. an echo racing its own send). */
export class RetryLaterError extends Error {
  override readonly name = "RetryLaterError";
}
