/**
 * The provider used when no model key is set: answers are built from the best knowledge passages (the sentences that
 * share most with the question), in the customer's language; confidence comes from the retrieval score. It cannot
 * translate, so a passage in another language than the customer's does not support an answer.
 */
import { dot, OfflineEmbedder, type Vector } from "../embedding";
import { splitSentences } from "../knowledge";
import { detectLanguage, type Language } from "../text";
import type { Passage } from "../types";
import type { AnswerRequest, ModelAnswer, ModelProvider } from "./provider";

/** Cosine scores of the offline embedder: unrelated texts sit below ~0.15, a passage on the topic above ~0.25. */
export const OFFLINE_RETRIEVAL_THRESHOLD = 0.2;
/** The score at which an offline answer is fully confident. */
const OFFLINE_CONFIDENT_SCORE = 0.45;

const TEMPLATES: Record<Language, { hello: string; source: (t: string) => string; wrongLanguage: string; noPassage: string; supported: string }> = {
  fr: {
    hello: "Bonjour !",
    source: (t) => `(Source : ${t})`,
    wrongLanguage: "La base de connaissances ne contient pas de passage en français sur ce sujet.",
    noPassage: "Rien dans la base de connaissances ne répond à ce message.",
    supported: "Réponse construite à partir de la base de connaissances.",
  },
  en: {
    hello: "Hello!",
    source: (t) => `(Source: ${t})`,
    wrongLanguage: "The knowledge base has no passage in English on this subject.",
    noPassage: "Nothing in the knowledge base answers this message.",
    supported: "Answer built from the knowledge base.",
  },
};

export class OfflineProvider implements ModelProvider {
  readonly id = "offline";
  readonly embedder: OfflineEmbedder;
  readonly retrievalThreshold: number;
  constructor(opts: { dimension?: number; retrievalThreshold?: number } = {}) {
    this.embedder = new OfflineEmbedder(opts.dimension);
    this.retrievalThreshold = opts.retrievalThreshold ?? OFFLINE_RETRIEVAL_THRESHOLD;
  }

  answer(req: AnswerRequest): Promise<ModelAnswer> {
    return Promise.resolve(this.answerSync(req));
  }

  answerSync(req: AnswerRequest): ModelAnswer {
    const t = TEMPLATES[req.language];
    const usable = req.passages.filter((p) => p.score >= this.retrievalThreshold);
    if (!usable.length) return { triage: "ESCALATE", confidence: 0, reason: t.noPassage, reply: null, usedSources: [] };
    const question = this.embedder.embedOne(req.messages.join("\n"));
    // The sentences that would be sent must be in the customer's language (a chunk may mix languages).
    let found: { best: Passage; sentences: string } | null = null;
    for (const p of usable) {
      const sentences = pickSentences(this.embedder, p, question, req.language);
      if (sentences) {
        found = { best: p, sentences };
        break;
      }
    }
    if (!found) return { triage: "ESCALATE", confidence: 0.3, reason: t.wrongLanguage, reply: null, usedSources: [] };
    const { best, sentences } = found;
    const reply = `${t.hello} ${sentences} ${t.source(best.title)}`;
    const span = OFFLINE_CONFIDENT_SCORE - this.retrievalThreshold;
    const confidence = Math.min(1, Math.max(0, 0.5 + (0.5 * (best.score - this.retrievalThreshold)) / span));
    return { triage: "AUTO_REPLY", confidence: round(confidence), reason: t.supported, reply, usedSources: [best.chunkId] };
  }
}

/**
 * The two consecutive sentences of the passage closest to the question (cosine), both in the customer's language (a
 * chunk may mix languages); a single sentence when no pair qualifies; null when nothing is in that language.
 */
function pickSentences(embedder: OfflineEmbedder, p: Passage, question: Vector, language: Language): string | null {
  const sentences = splitSentences(p.text).map((s) => s.trim());
  const ok = sentences.map((s) => detectLanguage(s, language) === language);
  const windows: string[] = [];
  for (let i = 0; i + 1 < sentences.length; i++) if (ok[i] && ok[i + 1]) windows.push(`${sentences[i]} ${sentences[i + 1]}`);
  if (!windows.length) sentences.forEach((s, i) => ok[i] && windows.push(s));
  let best: { score: number; text: string | null } = { score: -Infinity, text: null };
  for (const text of windows) {
    const score = windows.length === 1 ? 0 : dot(question, embedder.embedOne(text));
    if (score > best.score) best = { score, text };
  }
  return best.text;
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
