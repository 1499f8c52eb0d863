import type { SafetyCategoryId } from "./safety";
import type { ReasonCode, ReasonParams } from "./reasons";
import type { Language } from "./text";

export type Triage = "IGNORE" | "ESCALATE" | "AUTO_REPLY";
export const TRIAGES = ["IGNORE", "ESCALATE", "AUTO_REPLY"] as const;

export type RuleType = "deny" | "escalate" | "auto";
export const RULE_TYPES = ["deny", "escalate", "auto"] as const;

/** One row of ai_rules, in the pipeline's terms. */
export interface AiRule {
  id: string;
  type: RuleType;
  name: string;
  keywords: string[];
  patterns: string[];
  examples: string[];
  /** Cosine similarity to one of `examples` at or above which the rule matches (default 0.70). */
  similarityThreshold: number;
  /** An automatic reply needs at least this confidence (default 0.7). */
  confidenceMin: number;
  enabled: boolean;
  /** Lower runs first. */
  priority: number;
  /** An auto rule's answers to Instagram comments: public, private (a DM), or null (the workspace's setting). */
  commentReplyMode?: "public" | "private" | null;
}

export interface TriageMessage {
  id: string;
  text: string;
}

/** A burst of customer messages of one conversation, or one comment: triaged and answered once. */
export interface TriageBatch {
  /** Unique per batch (ai_decisions.batch_key): conversation + last message of the burst, or the comment. */
  key: string;
  messages: TriageMessage[];
  /** When a person last answered this conversation (the human-takeover window counts from it). */
  lastHumanReplyAt?: Date | null;
  /**
   * Another app controls the Instagram thread (handover protocol): a message of the burst came in standby, or the
   * thread was taken since. Never answered automatically.
   */
  otherAppThread?: boolean;
  /**
   * A comment's post caption: context for the answer (which product, which offer), never matched by rules or
   * safety (a word of the caption must not hide or escalate every comment under it).
   */
  context?: string | null;
}

export interface TriageSettings {
  /** Workspace locale: the language of reasons, and of replies when the customer's cannot be told. */
  locale: Language;
  safetyDisabled: readonly string[];
  humanTakeoverHours: number;
  rulesVersion: number;
  /** Used when no auto rule matched. */
  defaultConfidenceMin?: number;
  topK?: number;
}

export interface Passage {
  chunkId: string;
  documentId: string;
  title: string;
  text: string;
  /** Relevance 0..1: lexical coverage of the question mixed with vector similarity (KnowledgeIndex). */
  score: number;
  /** Share of the question's lexical weight found in the passage (0..1). */
  lexical?: number;
  /** Cosine similarity of the embedder's vectors. */
  vector?: number;
  /**
   * Set by the pipeline on a passage in the customer's language admitted under the threshold because it covers the
   * question's words as well as a supported passage in the other language (that passage's score).
   */
  supportedAt?: number;
}

export interface DecisionSource {
  chunkId: string;
  documentId: string;
  title: string;
  score: number;
}

export type DecisionStage = "empty" | "safety" | "deny" | "escalate" | "human" | "acknowledgement" | "knowledge" | "model" | "auto";

/** Everything needed to explain a decision later (stored as ai_decisions.snapshot). */
export interface DecisionSnapshot {
  batchKey: string;
  messageIds: string[];
  rulesVersion: number;
  stage: DecisionStage;
  reasonCode: string;
  language: Language;
  provider: string;
  embedder: string;
  safety: { category: SafetyCategoryId; matched: string } | null;
  match: { ruleId: string; via: "keyword" | "pattern" | "example"; matched: string; score?: number } | null;
  retrieval: { chunkId: string; score: number }[];
  retrievalThreshold: number;
  model: { triage: Triage; confidence: number; usedSources: string[]; error?: string } | null;
  confidenceMin: number | null;
  /** Messages of the burst set aside by a deny rule (the rest was triaged). */
  ignored: IgnoredMessage[];
  at: string;
}

/** A message of a burst that a deny rule set aside, and why. */
export interface IgnoredMessage {
  messageId: string;
  rule: { id: string; name: string };
  reasonCode: ReasonCode;
  reasonParams: ReasonParams;
}

/** A passage shown with a decision (ai.test, replay): what the answer was looked for in, with its relevance. */
export interface DecisionPassage {
  title: string;
  text: string;
  score: number;
}

export interface TriageDecision {
  triage: Triage;
  /** 0..1. For rule and safety matches, how sure the match is; for answers, the answer's confidence. */
  confidence: number;
  /** For the people of the workspace, in its locale (legacy text; the web app renders reasonCode + reasonParams). */
  reason: string;
  reasonCode: ReasonCode;
  reasonParams: ReasonParams;
  rule: { id: string; name: string; type: RuleType } | null;
  reply: string | null;
  sources: DecisionSource[];
  /** The passages retrieved for the message, best first (empty when the decision came before retrieval). */
  passages: DecisionPassage[];
  /** Messages of the burst ignored by deny rules while the rest was triaged. */
  ignored: IgnoredMessage[];
  language: Language;
  snapshot: DecisionSnapshot;
}
