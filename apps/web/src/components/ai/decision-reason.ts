import type { TFunction } from "i18next";

/**
 * A decision's reason as the reader sees it. Today the stored sentence (written in the workspace's locale);
 * the triage branch brings `formatReason(t, { reasonCode, reasonParams, reason })` in `lib/reasons.ts`, which
 * renders coded reasons in the reader's language: the lead swaps this body for that call at merge time.
 */
export function decisionReason(_t: TFunction, decision: { reason: string }): string {
  return decision.reason;
}
