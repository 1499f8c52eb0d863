import type { TFunction } from "i18next";
import { formatReason } from "../../lib/reasons";

/**
 * A decision's reason as the reader sees it: a coded reason (issue 12) rendered in the reader's language by
 * `formatReason`, else the stored sentence (written in the workspace's locale), e.g. for older decisions or where
 * only the sentence is at hand (the thread's messages).
 */
export function decisionReason(t: TFunction, decision: { reason: string; reasonCode?: string | null; reasonParams?: Record<string, unknown> | null }): string {
  return formatReason(t, { reason: decision.reason, reasonCode: decision.reasonCode ?? null, reasonParams: decision.reasonParams ?? null });
}

/**
 * The line under a decision in the thread: the confidence and the rule, then the reason — each said once (the reason's
 * sentence often states the confidence or names the rule already: "Confiance 100 % — … (confiance 100 %)" read twice).
 * `auto_reply` and `low_confidence` state the confidence (and name their rule when they have one), `rule_*` the rule.
 */
export function decisionFacts(
  t: TFunction,
  percent: (ratio: number) => string,
  d: { confidence: number | null; rule: string | null; reason: string | null; reasonCode?: string | null; reasonParams?: Record<string, unknown> | null },
): string {
  const code = d.reason ? (d.reasonCode ?? "") : "";
  const answer = code === "auto_reply" || code === "low_confidence";
  const facts = [d.confidence !== null && !answer && `${t("ai.try.confidence")} ${percent(d.confidence)}`, d.rule && !code.startsWith("rule_") && !(answer && d.reasonParams?.rule) && d.rule].filter(Boolean).join(" · ");
  return [facts, d.reason && decisionReason(t, { reason: d.reason, reasonCode: d.reasonCode, reasonParams: d.reasonParams })].filter(Boolean).join(" — ");
}
