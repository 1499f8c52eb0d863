/**
 * Why the inbox refuses a message, as a code with an English template: the API sends `inbox.<refusal>` with its
 * parameters (`@sillage/api` error-codes) and the SPA words it in the reader's language.
 */
export const INBOX_REFUSALS = {
  channel_reconnect: "The channel needs to be reconnected before messages can be sent.",
  whatsapp_window_closed: "More than 24 hours since the customer's last message: WhatsApp only allows an approved template now.",
  whatsapp_not_written: "The customer has not written to this number yet: WhatsApp only allows an approved template.",
  templates_whatsapp_only: "Templates are a WhatsApp feature.",
  instagram_not_written: "The customer has not written to this account: Instagram allows replies only after they write.",
  instagram_window_7_days: "More than 7 days since the customer's last message: Instagram does not allow a reply now.",
  instagram_window_automatic: "More than 24 hours since the customer's last message: automatic replies are not allowed now.",
  instagram_window_no_human_agent: "More than 24 hours since the customer's last message: Instagram does not allow a reply now (this account lacks the Human Agent permission).",
  ai_off: "blocked: AI control off",
  human_takeover: "blocked: a person answered this conversation recently",
  thread_other_app: "blocked: another app (Meta's inbox or a bot) handles this Instagram conversation",
  comment_human_takeover: "blocked: a person answered this comment",
  conversation_not_found: "Conversation not found",
  message_not_found: "Message not found",
  comment_channel_gone: "The comment's channel no longer exists.",
  comment_instagram_only: "Only Instagram comments can be answered.",
  reply_empty: "The reply is empty.",
  comment_reply_too_long: "A reply to a comment is limited to {{max}} characters.",
  private_reply_too_long: "A private reply must be under 1,000 characters (fewer with emoji or accents).",
  comment_too_old: "The comment is more than 7 days old: Instagram no longer allows a private reply.",
  private_reply_exists: "This comment already received a private reply: Instagram allows one per comment.",
  label_taken: 'A label named "{{name}}" already exists',
  unknown: "{{message}}",
} as const satisfies Record<string, string>;

export type InboxRefusal = keyof typeof INBOX_REFUSALS;

/** The error a caller can show: `code` names the rule (what callers act on), `refusal` + `params` say it in words. */
export class InboxError extends Error {
  override readonly name = "InboxError";
  readonly params: Record<string, string | number>;
  /** WhatsApp outside the 24 h window: approved templates may still be sent. */
  readonly templatesAvailable: boolean;
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
    readonly refusal: InboxRefusal,
    options: { params?: Record<string, string | number>; templatesAvailable?: boolean } = {},
  ) {
    const params = options.params ?? {};
    super(INBOX_REFUSALS[refusal].replace(/\{\{(\w+)\}\}/g, (_, k: string) => String(params[k] ?? "")));
    this.params = params;
    this.templatesAvailable = options.templatesAvailable ?? false;
  }
}

/** The AI control refused an automatic message (the outbox row is `blocked`, not `failed`). */
export function isAiBlocked(err: InboxError): boolean {
  return err.code === "ai_off" || err.code === "human_takeover";
}

/**
 * What became of a triage decision's reply (`ai_decisions.outcome`; not_applicable: IGNORE and ESCALATE send nothing;
 * superseded: the customer edited the burst and a new decision replaced this one before its reply went out;
 * withdrawn: the customer unsent everything it answered before its reply went out).
 */
export type DecisionOutcome = "pending" | "sent" | "blocked_ai_off" | "suppressed_human" | "window_closed" | "not_applicable" | "failed" | "superseded" | "withdrawn";

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
