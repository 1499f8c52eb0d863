/**
 * A triage decision's reason in the reader's language: the code and parameters stored with the decision
 * (`reasonCode`, `reasonParams`, issue 12) rendered through `reasons.*`; decisions stored before codes existed
 * (or with a code this build does not know) show their stored sentence.
 */
import type { TFunction } from "i18next";

export interface ReasonInput {
  reasonCode?: string | null;
  reasonParams?: Record<string, unknown> | null;
  /** The sentence stored with the decision, in the workspace's language. */
  reason: string;
}

/** The codes this build renders (@sillage/triage's `REASON_CODES`; a test keeps the two in step). */
export const KNOWN_REASON_CODES: ReadonlySet<string> = new Set([
  "empty",
  "safety",
  "rule_deny",
  "rule_escalate",
  "human_takeover",
  "needs_person",
  "no_knowledge",
  "weak_knowledge",
  "not_cited",
  "model_error",
  "model_declined",
  "low_confidence",
  "wrong_language",
  "auto_reply",
  "acknowledgement",
  "addressed_to_other",
  "compliment",
  "no_credits",
  "thread_other_app",
]);

// Parameters come from stored JSON: only strings and finite numbers are shown.
function str(v: unknown): string {
  return typeof v === "string" ? v : typeof v === "number" && Number.isFinite(v) ? String(v) : "";
}

export function formatReason(t: TFunction, { reasonCode, reasonParams, reason }: ReasonInput): string {
  if (!reasonCode || !KNOWN_REASON_CODES.has(reasonCode)) return reason;
  const p = reasonParams ?? {};
  const s = (k: string) => str(p[k]);
  switch (reasonCode) {
    case "safety": {
      const category = s("category");
      const label = ["complaint", "refund", "legal", "urgency", "human", "injection"].includes(category) ? t(`reasons.categories.${category}` as "reasons.categories.complaint") : category;
      return t("reasons.safety", { category: label, matched: s("matched") });
    }
    case "rule_deny":
    case "rule_escalate": {
      const via = ["keyword", "pattern", "example"].includes(s("via")) ? s("via") : "keyword";
      const how = t(`reasons.via.${via}` as "reasons.via.keyword", { matched: s("matched"), similarity: s("similarity") });
      return t(`reasons.${reasonCode}` as "reasons.rule_deny", { rule: s("rule"), how });
    }
    case "human_takeover": {
      const hours = Number(p.hours);
      const ago = !(hours >= 1) ? t("reasons.lessThanAnHour") : t("reasons.hours", { count: Math.floor(hours) });
      return t("reasons.human_takeover", { ago, window: s("window") });
    }
    case "needs_person": {
      const topic = ["stock", "order", "health", "negotiation", "fraud", "age", "grief"].includes(s("topic")) ? t(`reasons.topics.${s("topic")}` as "reasons.topics.stock") : s("topic");
      return t("reasons.needs_person", { topic, matched: s("matched") });
    }
    case "wrong_language":
      return t("reasons.wrong_language", { language: s("language") === "en" ? t("reasons.languages.en") : t("reasons.languages.fr") });
    case "low_confidence":
    case "auto_reply":
      return p.rule ? t(`reasons.${reasonCode}` as "reasons.auto_reply", { rule: s("rule"), confidence: s("confidence"), threshold: s("threshold") }) : t(`reasons.${reasonCode}_default` as "reasons.auto_reply_default", { confidence: s("confidence"), threshold: s("threshold") });
    default:
      return t(`reasons.${reasonCode}` as "reasons.no_knowledge", { title: s("title"), score: s("score"), threshold: s("threshold"), error: s("error"), explanation: s("explanation") });
  }
}
