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
