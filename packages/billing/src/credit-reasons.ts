/**
 * Why a credit moved, as a code with parameters (`credit_ledger.reason_code` / `reason_params`): the SPA words each
 * code in the reader's language (`billing.reasons.*`), so the server stores no sentence. The database CHECK of
 * migration 0046 (0048 added `ai_reply_proved_sent`) lists the same codes.
 */
export const CREDIT_REASONS = [
  /** The period's grant; `plan`. */
  "monthly_grant",
  /** The previous period's unused grant, expired at the billing day. */
  "monthly_expiry",
  /** One automatic reply's credit. */
  "ai_reply",
  /** Taken again: a reply refunded as `refund_uncertain_send` was proved sent afterwards (a status, an echo). */
  "ai_reply_proved_sent",
  /** Refunds: the reply failed for good on the send path. */
  "refund_not_delivered",
  /** The send's answer was lost and nothing proved it went out. */
  "refund_uncertain_send",
  /** Refused before it was queued (AI off meanwhile, a person took over, window closed). */
  "refund_refused_before_sending",
  /** Accepted by the platform, then refused by a later status. */
  "refund_refused_by_platform",
  /** The customer unsent every message it answered. */
  "refund_cancelled_unsent",
  /** The customer edited what it answered: decided again, this decision's reply dropped. */
  "refund_superseded_edited",
  /** An operator's top-up; `note`, the operator's own words. */
  "top_up",
  /** A row written before codes whose sentence matched none of the above; `text`, that sentence. */
  "legacy",
] as const;

export type CreditReasonCode = (typeof CREDIT_REASONS)[number];
export type RefundReason = Extract<CreditReasonCode, `refund_${string}`>;
export type CreditReasonParams = Record<string, string>;
