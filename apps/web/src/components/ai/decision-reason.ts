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

/** Codes whose sentence states the confidence itself ("… (confiance 92 %)"). */
const STATES_CONFIDENCE = new Set(["auto_reply", "low_confidence"]);
/** Codes whose sentence names the rule that decided ("Transmis par la règle « Suivi de commande » …"). */
const NAMES_RULE = new Set(["rule_deny", "rule_escalate", "auto_reply", "low_confidence"]);

/**
 * The line under a decision in the thread: the confidence and the rule, then the reason — each said once (the reason's
 * sentence often states the confidence or names the rule already: "Confiance 100 % — … (confiance 100 %)" read twice).
 */
export function decisionFacts(
  t: TFunction,
  percent: (ratio: number) => string,
  decision: { confidence: number | null; rule: string | null; reason: string | null; reasonCode?: string | null; reasonParams?: Record<string, unknown> | null },
): string {
  const code = decision.reason ? (decision.reasonCode ?? "") : "";
  const facts = [
    decision.confidence !== null && !STATES_CONFIDENCE.has(code) ? `${t("ai.try.confidence")} ${percent(decision.confidence)}` : null,
    decision.rule && !(NAMES_RULE.has(code) && (code.startsWith("rule_") || decision.reasonParams?.rule)) ? decision.rule : null,
  ].filter(Boolean);
  const reason = decision.reason ? decisionReason(t, { reason: decision.reason, reasonCode: decision.reasonCode, reasonParams: decision.reasonParams }) : null;
  return [facts.join(" · "), reason].filter(Boolean).join(" — ");
}
