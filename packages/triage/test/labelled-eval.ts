/**
 * Runs a labelled set (knowledge base stored the way the product stores uploads, rules, messages) through the offline
 * pipeline and counts what matters: exact decisions, must-escalate recall, replies holding their facts, and false
 * automatic replies (an AUTO_REPLY where a person or silence was expected, or one without its facts: the costliest error).
 */
import { chunkText, compileRules, KnowledgeIndex, markdownToText, triage, type AiRule, type OfflineProvider, type TriageDecision, type TriageSettings } from "../src/index";
import type { LabelledMessage } from "./shop-set";
import type { HeldoutShop } from "./heldout-shops";

export const EVAL_SETTINGS: TriageSettings = { locale: "fr", safetyDisabled: [], humanTakeoverHours: 12, rulesVersion: 1 };
const NOW = new Date("2026-03-10T10:00:00Z");

export function labelledIndex(provider: OfflineProvider, kb: { title: string; markdown: string }[]) {
  const chunks = kb.flatMap((doc, d) =>
    chunkText(markdownToText(doc.markdown)).map((text, i) => ({ chunkId: `d${d}c${i}`, documentId: `d${d}`, title: doc.title, text, vector: provider.embedder.embedOne(text) })),
  );
  return new KnowledgeIndex(provider.embedder, chunks);
}

export async function decide(provider: OfflineProvider, index: KnowledgeIndex, rules: AiRule[], m: LabelledMessage, key: string): Promise<TriageDecision> {
  const texts = Array.isArray(m.text) ? m.text : [m.text];
  return triage({ key, messages: texts.map((text, j) => ({ id: `${key}.${j}`, text })) }, { rules: compileRules(rules), provider, retriever: index, settings: EVAL_SETTINGS, now: NOW });
}

export function factsOk(m: LabelledMessage, reply: string | null): boolean {
  return !!reply && (m.facts ?? []).every((alternatives) => alternatives.some((f) => reply.includes(f)));
}

export interface Figures {
  exact: number;
  total: number;
  mustEscalate: number;
  mustEscalateEscalated: number;
  expectedAuto: number;
  answeredWithFacts: number;
  autoReplies: number;
  autoRepliesWithFacts: number;
  /** AUTO_REPLY where ESCALATE or IGNORE was expected. */
  falseAuto: number;
  expectedIgnore: number;
  ignored: number;
  failures: string[];
}

export const emptyFigures = (): Figures => ({
  exact: 0, total: 0, mustEscalate: 0, mustEscalateEscalated: 0, expectedAuto: 0, answeredWithFacts: 0, autoReplies: 0, autoRepliesWithFacts: 0, falseAuto: 0, expectedIgnore: 0, ignored: 0, failures: [],
});

export function tally(f: Figures, m: LabelledMessage, d: TriageDecision) {
  f.total++;
  const ignoredOk = JSON.stringify(d.ignored.map((x) => Number(x.messageId.split(".").at(-1)))) === JSON.stringify(m.ignored ?? []) || m.triage === "IGNORE";
  const sourceOk = !m.source || d.sources.some((s) => s.title === m.source);
  if (d.triage === m.triage && ignoredOk && sourceOk && (d.triage !== "AUTO_REPLY" || factsOk(m, d.reply))) f.exact++;
  else f.failures.push(`${JSON.stringify(m.text)} (want ${m.triage}) → ${d.triage} (${d.reasonCode} ${JSON.stringify(d.reasonParams)}) ${d.reply ?? ""} [${d.passages.map((p) => `${p.title} ${p.score}`).join("; ")}]`);
  if (m.mustEscalate) {
    f.mustEscalate++;
    if (d.triage === "ESCALATE") f.mustEscalateEscalated++;
  }
  if (m.triage === "AUTO_REPLY") {
    f.expectedAuto++;
    if (d.triage === "AUTO_REPLY" && factsOk(m, d.reply)) f.answeredWithFacts++;
  }
  if (m.triage === "IGNORE") {
    f.expectedIgnore++;
    if (d.triage === "IGNORE") f.ignored++;
  }
  if (d.triage === "AUTO_REPLY") {
    f.autoReplies++;
    if (factsOk(m, d.reply)) f.autoRepliesWithFacts++;
    if (m.triage !== "AUTO_REPLY") f.falseAuto++;
  }
}

export const pct = (a: number, b: number) => Math.round((a / Math.max(1, b)) * 1000) / 10;

export const describeFigures = (f: Figures) =>
  `${f.exact}/${f.total} exact (${pct(f.exact, f.total)} %), must-escalate ${f.mustEscalateEscalated}/${f.mustEscalate}, ` +
  `answerable answered with the fact ${f.answeredWithFacts}/${f.expectedAuto}, ignored ${f.ignored}/${f.expectedIgnore}, ` +
  `false auto-replies ${f.falseAuto}, replies without their facts ${f.autoReplies - f.autoRepliesWithFacts}/${f.autoReplies}`;

/**
 * Every message of every shop through the offline pipeline: the figures over all, per shop, and in the figures
 * `alsoIn` gives for a message (a split of the set).
 */
export async function evaluateShops<S extends HeldoutShop>(
  provider: OfflineProvider,
  shops: readonly S[],
  alsoIn: (shop: S, i: number) => Figures[] = () => [],
): Promise<{ all: Figures; byShop: Record<string, Figures> }> {
  const all = emptyFigures();
  const byShop: Record<string, Figures> = {};
  for (const shop of shops) {
    const index = labelledIndex(provider, shop.kb);
    const f = (byShop[shop.id] = emptyFigures());
    for (const [i, m] of shop.messages.entries()) {
      const d = await decide(provider, index, shop.rules, m, `${shop.id}:${i}`);
      for (const x of [f, all, ...alsoIn(shop, i)]) tally(x, m, d);
    }
  }
  return { all, byShop };
}
