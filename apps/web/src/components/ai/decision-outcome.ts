/**
 * What became of a triage decision, for people: each `ai_decisions.outcome` (with the decision's triage for
 * IGNORE and ESCALATE, which send nothing) mapped to a sentence key and a tone, and the error classes a failed or
 * refused reply can carry mapped to a sentence. Pure, so the mapping is tested without a browser.
 */

export type OutcomeTone = "success" | "progress" | "warning" | "danger" | "muted";

export type OutcomeLabel = "sent" | "pending" | "blockedAiOff" | "suppressedHuman" | "windowClosed" | "failed" | "ignored" | "escalated" | "superseded" | "withdrawn" | "unknown";

export interface OutcomeView {
  /** Key under `ai.outcome.label`. */
  label: OutcomeLabel;
  tone: OutcomeTone;
}

const VIEWS: Record<string, OutcomeView> = {
  sent: { label: "sent", tone: "success" },
  pending: { label: "pending", tone: "progress" },
  blocked_ai_off: { label: "blockedAiOff", tone: "warning" },
  suppressed_human: { label: "suppressedHuman", tone: "warning" },
  window_closed: { label: "windowClosed", tone: "danger" },
  failed: { label: "failed", tone: "danger" },
  // The customer edited the burst and a newer decision replaced this one (its reply, if queued, was cancelled).
  superseded: { label: "superseded", tone: "muted" },
  // The customer unsent what it answered before its reply went out.
  withdrawn: { label: "withdrawn", tone: "muted" },
};

/** The outcome of a decision (`null` when a message has a triage but no stored decision) in words and colour. */
export function outcomeView(triage: string, outcome: string | null): OutcomeView {
  // Whatever it decided, a replaced decision reads as replaced.
  if (outcome === "superseded" || outcome === "withdrawn") return VIEWS[outcome]!;
  if (outcome === "not_applicable" || outcome === null || triage !== "AUTO_REPLY") {
    if (triage === "IGNORE") return { label: "ignored", tone: "muted" };
    if (triage === "ESCALATE") return { label: "escalated", tone: "warning" };
  }
  return (outcome !== null && VIEWS[outcome]) || { label: "unknown", tone: "muted" };
}

/** Error classes worded under `ai.outcome.error`: the gate's codes (InboxError) and the connectors' error kinds. */
export const WORDED_ERRORS = [
  "window_closed",
  "channel_unavailable",
  "not_found",
  "uncertain",
  "auth_expired",
  "permission",
  "policy",
  "undeliverable",
  "invalid_input",
  "rate_limited",
  "retryable",
  "circuit_open",
] as const;
export type WordedError = (typeof WORDED_ERRORS)[number];

export function wordedError(errorClass: string | null | undefined): WordedError | null {
  return (WORDED_ERRORS as readonly string[]).includes(errorClass ?? "") ? (errorClass as WordedError) : null;
}

/** Passages behind a decision (`ai.test` and the replay return them once retrieval reports them; optional until then). */
export interface DecisionPassage {
  title: string;
  text: string;
  score: number;
}

/** The `passages` of a decision-like value when present and well formed, else none. */
export function passagesOf(value: unknown): DecisionPassage[] {
  const passages = (value as { passages?: unknown } | null)?.passages;
  if (!Array.isArray(passages)) return [];
  return passages.filter(
    (p): p is DecisionPassage => typeof p === "object" && p !== null && typeof (p as DecisionPassage).title === "string" && typeof (p as DecisionPassage).text === "string" && typeof (p as DecisionPassage).score === "number",
  );
}
