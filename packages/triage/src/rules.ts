/**
 * Rules compiled once per rules version: keywords split into words, patterns checked and compiled, examples embedded
 * with the offline embedder (similarity to examples is always computed offline: fast, free, deterministic).
 */
import { dot, OfflineEmbedder, type Vector } from "./embedding";
import { CompiledPattern } from "./patterns";
import { compileKeyword, type CompiledKeyword, type WordIndex } from "./text";
import type { AiRule, RuleType } from "./types";

export interface CompiledRule {
  rule: AiRule;
  keywords: CompiledKeyword[];
  patterns: CompiledPattern[];
  examples: { text: string; vector: Vector }[];
}

export interface CompiledRules {
  /** Enabled rules of each type, by priority (then by their order in the input). */
  byType: Record<RuleType, CompiledRule[]>;
  embedder: OfflineEmbedder;
}

export const exampleEmbedder = new OfflineEmbedder();

export function compileRules(rules: readonly AiRule[]): CompiledRules {
  const sorted = rules
    .map((rule, i) => ({ rule, i }))
    .filter(({ rule }) => rule.enabled)
    .sort((a, b) => a.rule.priority - b.rule.priority || a.i - b.i);
  const byType: Record<RuleType, CompiledRule[]> = { deny: [], escalate: [], auto: [] };
  for (const { rule } of sorted) {
    byType[rule.type].push({
      rule,
      keywords: rule.keywords.map(compileKeyword).filter((k): k is CompiledKeyword => k !== null),
      // Patterns were checked when saved; one that no longer passes (a stricter check) is skipped, not fatal.
      patterns: rule.patterns.flatMap((p) => {
        try {
          return [new CompiledPattern(p)];
        } catch {
          return [];
        }
      }),
      examples: rule.examples.filter((e) => e.trim()).map((text) => ({ text, vector: exampleEmbedder.embedOne(text) })),
    });
  }
  return { byType, embedder: exampleEmbedder };
}

export interface RuleMatch {
  via: "keyword" | "pattern" | "example";
  /** The keyword, the words a pattern matched in the message (never the pattern), or the example. */
  matched: string;
  /** Similarity for example matches; 1 for keywords and patterns. */
  score: number;
}

export interface MessageView {
  text: string;
  normalized: string;
  index: WordIndex;
  /** Offline vector of the batch, computed on first use. */
  vector: () => Vector;
}

export function matchRule(r: CompiledRule, m: MessageView): RuleMatch | null {
  for (const k of r.keywords) if (m.index.matches(k)) return { via: "keyword", matched: k.source, score: 1 };
  for (const p of r.patterns) {
    const found = p.find(m.text, m.normalized);
    if (found !== null) return { via: "pattern", matched: found.trim().slice(0, 80), score: 1 };
  }
  if (r.examples.length) {
    const v = m.vector();
    let best: { text: string; score: number } | null = null;
    for (const e of r.examples) {
      const s = dot(v, e.vector);
      if (!best || s > best.score) best = { text: e.text, score: s };
    }
    if (best && best.score >= r.rule.similarityThreshold) return { via: "example", matched: best.text, score: best.score };
  }
  return null;
}
