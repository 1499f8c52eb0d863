/**
 * The provider used when no model key is set: answers are built from the best knowledge passages (the sentences that
 * share most with the question), in the customer's language; confidence comes from the passage's relevance. It
 * cannot translate, so a passage in another language than the customer's does not support an answer.
 */
import { OfflineEmbedder } from "../embedding";
import { splitSentences } from "../knowledge";
import { lexicalTerms, STOPWORDS, stemsOf, SYNONYM_TOKENS, termsOfWords, TOPIC_WEIGHT } from "../lexicon";
import { questionParts } from "../questions";
import { askedKinds, valueKinds, type ValueKind } from "../slots";
import { detectLanguage, normalize, words, type Language } from "../text";
import type { Passage } from "../types";
import type { AnswerRequest, ModelAnswer, ModelProvider } from "./provider";

/**
 * Relevance (KnowledgeIndex: lexical coverage mixed with cosine) at or above which a passage supports an answer.
 * Calibrated on the labelled shop set (test/shop-set.test.ts prints the sweep): see docs/benchmarks.md.
 */
export const OFFLINE_RETRIEVAL_THRESHOLD = 0.275;
/**
 * The relevance at which an offline answer is fully confident. The threshold itself maps to 75 %: on the labelled
 * set every reply above it carried its expected facts, so a passage that clears it is more often right than not;
 * a rule's confidence_min above 75 % then asks for a closer match.
 */
const OFFLINE_CONFIDENT_SCORE = 0.6;
const CONFIDENCE_AT_THRESHOLD = 0.75;

const TEMPLATES: Record<Language, { hello: string; bye: string; noPassage: string; noSentence: string; supported: string; wrongLanguage: string }> = {
  fr: {
    wrongLanguage: "La base de connaissances ne contient pas de passage en français sur ce sujet.",
    hello: "Bonjour !",
    bye: "N'hésitez pas si vous avez une autre question. Bonne journée !",
    noPassage: "Rien dans la base de connaissances ne répond à ce message.",
    noSentence: "Aucune phrase des passages trouvés ne répond à la question posée.",
    supported: "Réponse construite à partir de la base de connaissances.",
  },
  en: {
    wrongLanguage: "The knowledge base has no passage in English on this subject.",
    hello: "Hello!",
    bye: "Let us know if you have any other question. Have a nice day!",
    noPassage: "Nothing in the knowledge base answers this message.",
    noSentence: "No sentence of the passages found answers the question asked.",
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

  /**
   * A reply made of whole sentences of the best passage that answer the question (shared stems and topics), in the
   * customer's language: no heading, no internal note, no sentence starting with a pronoun whose noun is not in the
   * reply; greeted and closed like a person. The sources stay in the decision, not in the customer's message.
   */
  answerSync(req: AnswerRequest): ModelAnswer {
    const t = TEMPLATES[req.language];
    const usable = req.passages.filter((p) => Math.max(p.score, p.supportedAt ?? 0) >= this.retrievalThreshold);
    if (!usable.length) return { triage: "ESCALATE", confidence: 0, reason: t.noPassage, reply: null, usedSources: [] };
    // Every question of the message gets its sentences, or none is answered (questions.ts).
    const pieces = questionParts(req.messages.join("\n"));
    const parts = pieces.map((q) => lexicalTerms(q));
    // Each question, with the others' words as a light context ("il faut un rendez-vous ?" after "un réglage de freins").
    const questions = parts.map((own, i) => {
      const terms = new Map(own);
      for (const [j, other] of parts.entries()) if (j !== i) for (const [t, w] of other) if (!terms.has(t)) terms.set(t, w * OTHER_QUESTION_WEIGHT);
      return terms;
    });
    // What each question asks for (a day, a price, a place…): "what day is the class?" asks no duration, though "day"
    // is a duration word.
    const asked = pieces.map((q, i) => {
      const kinds = askedKinds(q);
      if (kinds.length && !kinds.includes("duration")) questions[i]!.delete("#duration");
      return kinds;
    });
    const candidates = usable.map((p) => ({ p, sentences: sentencesOf(p, req.language) }));
    // Rarity of each term among the sentences that could be sent.
    const df = new Map<string, number>();
    let n = 0;
    for (const c of candidates) {
      if (c.sentences === NOT_IN_LANGUAGE) continue;
      for (const s of c.sentences) {
        if (!s) continue;
        n++;
        for (const t of s.terms) df.set(t, (df.get(t) ?? 0) + 1);
      }
    }
    const idf = (t: string) => Math.log(1 + n / (df.get(t) ?? 1));
    const inLanguage = candidates.some((c) => c.sentences !== NOT_IN_LANGUAGE);
    const answers = questions.map((question, qi) => {
      // The passage whose best sentence answers most; on a tie, the more relevant passage.
      let found: { p: Passage; text: string; score: number } | null = null;
      for (const { p, sentences } of candidates) {
        if (sentences === NOT_IN_LANGUAGE) continue;
        const picked = pickSentences(sentences, question, idf, asked[qi]!, titleTermsOf(p));
        if (picked && (!found || picked.score > found.score + 1e-9 || (Math.abs(picked.score - found.score) <= 1e-9 && p.score > found.p.score))) found = { p, ...picked };
      }
      return found;
    });
    // "Do you sell aftercare cream?" is not answered by how to apply the cream: a question about selling something needs
    // a sentence that speaks of selling it.
    pieces.forEach((q, i) => {
      const asked = normalize(q).replace(/'/g, " ");
      const said = normalize(answers[i]?.text ?? "");
      if (answers[i] && ASKS_IF_SOLD.test(asked) && !SPEAKS_OF_SALE.test(said)) answers[i] = null;
      // …and "do you cut long hair?" is not answered by "we cut short hair": the reply says the opposite of the
      // question's word, not the word itself (what the shop does about it is the owner's to say).
      if (answers[i] && OPPOSITES.some(([a, b]) => a.test(asked) && b.test(said) && !a.test(said))) answers[i] = null;
      // "Vous faites des bijoux en or massif ?", "do you do wholesale?": a question about what the shop offers names the
      // thing offered; when no passage found says one of its words, a reply would speak of something else.
      if (answers[i] && unnamedOffer(asked, saidBy(candidates))) answers[i] = null;
      // "Do you sell vases?" is not answered by "we sell houseplants" because a care page says "vase water": the
      // sentence that speaks of selling must name the thing sold.
      if (answers[i] && ASKS_IF_SOLD.test(asked) && unnamedOffer(asked, new Set(lexicalTerms(answers[i]!.text).keys()))) answers[i] = null;
    });
    if (answers.every((a) => a !== null)) {
      const span = OFFLINE_CONFIDENT_SCORE - this.retrievalThreshold;
      const weakest = Math.min(...answers.map((a) => Math.max(a.p.score, a.p.supportedAt ?? 0)));
      const confidence = Math.min(1, CONFIDENCE_AT_THRESHOLD + ((1 - CONFIDENCE_AT_THRESHOLD) * (weakest - this.retrievalThreshold)) / span);
      // Two questions answered by the same sentences say them once.
      const text = [...new Set(answers.map((a) => a.text))].filter((x, _, all) => !all.some((y) => y !== x && y.includes(x))).join(" ");
      return { triage: "AUTO_REPLY", confidence: round(confidence), reason: t.supported, reply: `${t.hello} ${text} ${t.bye}`, usedSources: [...new Set(answers.map((a) => a.p.chunkId))] };
    }
    return inLanguage
      ? { triage: "ESCALATE", confidence: 0.3, reason: t.noSentence, reply: null, usedSources: [] }
      : { triage: "ESCALATE", confidence: 0.3, reason: t.wrongLanguage, reply: null, usedSources: [], declined: "wrong_language" };
  }
}

const NOT_IN_LANGUAGE = "not-in-language" as const;
const ASKS_IF_SOLD = /\b((do|does|d) (you|u|they) (sell|stock|carry)|(is|are) (it|they|\w+) (sold|for sale)|(can|could) (i|we) buy|(vous |tu )(vendez|vends|proposez a la vente)|(on peut|je peux|peut on) (acheter|en acheter)|(est|sont) (en vente|a vendre))\b/;
const OPPOSITE_WORDS: [RegExp, RegExp][] = [
  [/\blong(ue)?s?\b/, /\b(short|courte?s?)\b/],
  [/\b(hot|warm|chaude?s?)\b/, /\b(cold|froide?s?)\b/],
  [/\b(big|large|grande?s?)\b/, /\b(small|petite?s?)\b/],
];
const OPPOSITES = OPPOSITE_WORDS.flatMap(([a, b]): [RegExp, RegExp][] => [[a, b], [b, a]]);
const ASKS_IF_OFFERED =
  /\b(?:(?:do|does|d) (?:you|u|they) (?:do|make|offer|have|sell|stock|carry|provide)|(?:vous|tu) (?:faites|fais|proposez|proposes|avez|as|vendez|vends|fabriquez|realisez)|(?:faites|proposez|avez|vendez|fabriquez|realisez)[- ]vous)\s+([^?.!\n]+)/;

// Words that name no particular thing ("des options végé", "une photo dessus", "touch ups"): not looked for.
const VAGUE = new Set("plusieurs several multiple quelques differents differentes option options choix choice choices chose choses truc trucs thing things stuff genre type types sorte sortes kind kinds aussi also too encore dessus dessous ici here there service services produit produits product products article articles".split(" "));

/**
 * Half or more of the words of the thing a question asks to be offered ("des bijoux en or massif", "wholesale for
 * shops") are said by no passage in the reply's language: a reply would speak of something else.
 */
function unnamedOffer(asked: string, said: ReadonlySet<string>): boolean {
  const offered = ASKS_IF_OFFERED.exec(asked)?.[1];
  if (!offered) return false;
  const ws = words(offered);
  // "Des pizzas à la pâte de sarrasin", "des places en terrasse": what follows "à / en / with / in" is what tells the
  // thing asked for from what the pages speak of (pizzas, places); half of it unsaid, and a reply is about another one.
  const qualifier = ws.findIndex((w, i) => i > 0 && QUALIFYING.has(w));
  return (qualifier > 0 && halfUnsaid(ws.slice(qualifier + 1), said)) || halfUnsaid(ws, said);
}

/** The terms said by the sentences that could be sent. */
function saidBy(candidates: readonly { sentences: readonly (Sentence | null)[] | typeof NOT_IN_LANGUAGE }[]): Set<string> {
  const said = new Set<string>();
  for (const c of candidates) if (c.sentences !== NOT_IN_LANGUAGE) for (const s of c.sentences) if (s) for (const t of s.terms) said.add(t);
  return said;
}

// Words that open what qualifies a thing ("à la", "au", "en", "with", "in", "made of").
const QUALIFYING = new Set("a au aux en with in".split(" "));

/** Half or more of the words that name something are said by no sentence (none named: false). */
function halfUnsaid(ws: readonly string[], said: ReadonlySet<string>): boolean {
  // A set phrase ("cartes cadeaux") stands for its topic, not for its words.
  const whole = termsOfWords(ws);
  let named = 0;
  let unsaid = 0;
  for (const w of ws) {
    if (w.length < 3 || !/\p{L}/u.test(w) || STOPWORDS.has(w) || VAGUE.has(w) || stemsOf(w).some((st) => STOPWORDS.has(st))) continue;
    const own = [...termsOfWords([w]).keys()];
    if (!own.length || !own.some((t) => whole.has(t))) continue;
    named++;
    // The word itself (or a synonym of it) must be said, not only its kind: "parking" is an address word, and "vous
    // avez un parking ?" is not answered by the street. Its kind stands for it only when the question reads it as a
    // set phrase's topic ("cartes cadeaux").
    const read = own.filter((t) => whole.has(t));
    const stems = read.filter((t) => !t.startsWith("#") || SYNONYM_TOKENS.has(t));
    if (!(stems.length ? stems : read).some((t) => said.has(t))) unsaid++;
  }
  return named > 0 && unsaid * 2 >= named;
}

const SPEAKS_OF_SALE = /\b(sell|sells|sold|sale|buy|bought|vend\w*|vente|achet\w*|achat)\b/;
const OTHER_QUESTION_WEIGHT = 0.25;
/** A question word found only in a page's title counts for its sentences, at this share of a word they say. */
const TITLE_SHARE = 0.5;
/** A sentence carrying the kind of value asked for weighs like a topic word of the question (lexicon.ts). */
const SLOT_WEIGHT = TOPIC_WEIGHT;
const valueTerm = (k: ValueKind) => `@${k}`;
const VALUE_TOPIC: Record<ValueKind, string> = { day: "#hours", clock: "#hours", price: "#price", place: "#address", duration: "#duration", offset: "#duration" };

const titleCache = new Map<string, ReadonlySet<string>>();
function titleTermsOf(p: Passage): ReadonlySet<string> {
  let hit = titleCache.get(p.title);
  if (!hit) {
    hit = new Set(lexicalTerms(p.title).keys());
    if (titleCache.size >= SENTENCE_CACHE_SIZE) titleCache.delete(titleCache.keys().next().value!);
    titleCache.set(p.title, hit);
  }
  return hit;
}

// A sentence opening with one of these leans on a noun said before it.
const DANGLING = /^(elle|elles|il|ils|celle-ci|celui-ci|ceux-ci|celles-ci|cela|ça|ca|it|they|this|these|those|that)\b/i;
// A three-word line is a heading or a label ("Horaires d'été") unless it has one of these ("Quotes are free.").
const SHORT_SENTENCE_VERBS = new Set("is are was were be has have do does can will est sont etait a ont fait font peut peuvent sera seront".split(" "));
// Notes for the team, never for customers.
const INTERNAL = /^(note interne|interne|internal note|internal|à ne pas|ne pas communiquer|do not share|todo)\b|\bsource ?:/i;
const SOURCE_NOTE = /\s*\((?:source|sources|note|interne|internal)\b[^)]*\)/gi;

interface Sentence {
  text: string;
  terms: ReadonlySet<string>;
  /** The kinds of value it gives (slots.ts). */
  kinds: ReadonlySet<ValueKind>;
}

// The same passages come back question after question: their sentences are parsed once (bounded).
const sentenceCache = new Map<string, readonly (Sentence | null)[] | typeof NOT_IN_LANGUAGE>();
const SENTENCE_CACHE_SIZE = 5_000;

function sentencesOf(p: Passage, language: Language): readonly (Sentence | null)[] | typeof NOT_IN_LANGUAGE {
  const key = `${language}\u0000${p.title}\u0000${p.text}`;
  let hit = sentenceCache.get(key);
  if (hit === undefined) {
    hit = parseSentences(p, language);
    if (sentenceCache.size >= SENTENCE_CACHE_SIZE) sentenceCache.delete(sentenceCache.keys().next().value!);
    sentenceCache.set(key, hit);
  }
  return hit;
}

/** The sentences of a passage that may be sent: no note, no heading, no label, in the customer's language. */
function parseSentences(p: Passage, language: Language): (Sentence | null)[] | typeof NOT_IN_LANGUAGE {
  const title = normalize(p.title).replace(/[^\p{L}\p{N}]+/gu, " ").trim();
  const out = splitSentences(p.text).map((raw): Sentence | null => {
    let text = raw.replace(SOURCE_NOTE, "").trim();
    if (!text || INTERNAL.test(text)) return null;
    const bare = normalize(text).replace(/[^\p{L}\p{N}]+/gu, " ").trim();
    // A heading turned into a sentence by markdownToText ("Livraison."), or a short label line; a short line that gives a
    // day ("Fermé le lundi.", "Closed on Mondays.") answers a question about it.
    const short = !/[,;:]/.test(text) && bare.split(" ").length <= 3 && !/\p{N}/u.test(bare) && !bare.split(" ").some((w) => SHORT_SENTENCE_VERBS.has(w));
    if (bare === title || (short && !valueKinds(text).has("day"))) return null;
    // "Livraison : nous livrons…" → "Nous livrons…" (a label before the colon repeats the heading). A label that names
    // something else is what the sentence is about: "Coupe homme : 25 €", "Walk-ins: Tuesdays…" keep it.
    const label = /^([^.:;]{1,30}?)\s*:\s+(.+)$/u.exec(text);
    if (label && label[1]!.trim().split(/\s+/).length <= 2 && repeatsTitle(label[1]!, title)) text = label[2]!.charAt(0).toUpperCase() + label[2]!.slice(1);
    if (detectLanguage(withoutNames(text), language) !== language) return null;
    const kinds = valueKinds(text);
    const terms = withoutNegated(text, new Set(lexicalTerms(text).keys()));
    // The kinds of value count among the terms, so their rarity among the sentences retrieved weighs them; a value
    // also says its topic ("lasts 60 minutes" is about a duration though no duration word is in it).
    for (const k of kinds) terms.add(valueTerm(k)).add(VALUE_TOPIC[k]);
    return { text, terms, kinds };
  });
  return out.some((s) => s !== null) ? out : NOT_IN_LANGUAGE;
}

// A street ("8 rue de la Marne"), a postcode and its town, a name ("Auto-école du Beffroi", "Fleurs de Garonne") are
// the same in every language: their "de", "du", "la" do not make an English page's address line French.
const NAMES = [
  /\b\d+\s?(?:bis|ter)?,?\s+(?:rue|avenue|av|boulevard|bd|quai|place|chemin|allée|allee|impasse|route|cours|passage|square)\b[^,.;:()]*/giu,
  /\b\d{5}\s+\p{Lu}[\p{L}'’-]*/gu,
  /\p{Lu}[\p{L}'’-]*(?:\s+(?:du|de|des|de la|la|le|les|d['’]|da|di)\s*\p{Lu}[\p{L}'’-]*)+/gu,
];
function withoutNames(text: string): string {
  return NAMES.reduce((t, re) => t.replace(re, " "), text);
}

/** Every word of the label is in the heading ("Livraison" under "Livraison et retours"). */
function repeatsTitle(label: string, title: string): boolean {
  const heading = new Set(title.split(" "));
  return normalize(label).replace(/[^\p{L}\p{N}]+/gu, " ").trim().split(" ").every((w) => heading.has(w));
}

/**
 * "Un produit non ouvert", "non-refundable": the sentence says the opposite of the word, so the word does not make
 * it an answer to a question using it ("un produit que j'ai ouvert" is answered by "les produits ouverts…").
 */
function withoutNegated(text: string, terms: Set<string>): Set<string> {
  const ws = words(normalize(text));
  const negated = new Set<string>();
  const plain = new Set<string>();
  ws.forEach((w, i) => {
    if (i > 0 && ws[i - 1] === "non") for (const st of stemsOf(w)) negated.add(st);
    else for (const st of stemsOf(w)) plain.add(st);
  });
  for (const st of negated) if (!plain.has(st)) terms.delete(st);
  return terms;
}

// A sentence that says what is not done ("nous ne prenons pas", "we do not take", "no bookings").
const REFUSAL = /\b(ne|n) \S+ (pas|jamais|plus)\b|\b(do|does|can|will) not\b|\b(don|doesn|can|won) t\b|\bcannot\b|\bnever\b/;

/**
 * The sentence of the passage that shares most with the question — each shared term weighted by how rare it is
 * among the sentences retrieved, so "lundi" outweighs "boutique" — preceded by the one before it when it opens with
 * a pronoun ("Elle est ouverte…" comes with "La boutique… est au…"), and followed by the next ones (two at most)
 * while they answer as much, or go on about the same thing (a pronoun) and share a term with the question.
 */
function pickSentences(
  sentences: readonly (Sentence | null)[],
  question: Map<string, number>,
  idf: (term: string) => number,
  asked: readonly ValueKind[],
  title: ReadonlySet<string>,
): { text: string; score: number } | null {
  const scores = sentences.map((s) => {
    if (!s) return 0;
    let score = 0;
    let titled = 0;
    for (const [term, w] of question) {
      if (s.terms.has(term)) score += w * idf(term);
      else if (title.has(term)) titled += w * idf(term);
    }
    // Only a sentence that shares a word with the question may answer it; then the page's title speaks for what it
    // is about (less than its own words), and the value the question asks for ("what day…?" → a day) weighs in.
    if (score <= 0) return 0;
    let slot = 0;
    for (const k of asked) if (s.kinds.has(k)) slot = Math.max(slot, idf(valueTerm(k)));
    return score + TITLE_SHARE * titled + SLOT_WEIGHT * slot;
  });
  let best = -1;
  scores.forEach((score, i) => {
    if (score > 0 && (best < 0 || score > scores[best]!)) best = i;
  });
  if (best < 0) return null;
  const top = { text: sentences[best]!.text, score: scores[best]! };
  const out = [top.text];
  // Back to the sentence that names what the pronouns stand for.
  for (let i = best - 1; i >= 0 && DANGLING.test(out[0]!) && sentences[i]; i--) out.unshift(sentences[i]!.text);
  if (DANGLING.test(out[0]!)) return null;
  // At most two more sentences, and only while they go on answering.
  for (let i = best + 1; i <= best + 2; i++) {
    const next = sentences[i];
    const score = scores[i] ?? 0;
    if (!next || !(score >= top.score - 1e-9 || (score > 0 && DANGLING.test(next.text)))) break;
    out.push(next.text);
  }
  // A reply that only says what the shop does not do ("We do not take bookings by message.") brings the sentence beside
  // it that speaks of the same thing: how it is done instead ("Appointments are booked online on Planity.").
  if (out.length === 1 && REFUSAL.test(normalize(top.text).replace(/'/g, " "))) {
    const beside = [best - 1, best + 1].find((i) => sentences[i] && (scores[i] ?? 0) > 0 && !REFUSAL.test(normalize(sentences[i]!.text).replace(/'/g, " ")));
    if (beside !== undefined) (beside < best ? out.unshift : out.push).call(out, sentences[beside]!.text);
  }
  // A word of the question that the reply does not say yet ("dimanche" beside the week's hours) brings the sentence
  // of the passage that says it, if one does (once, in the passage's order, not leaning on a pronoun it lacks).
  const said = new Set<string>();
  for (const text of out) for (const t of sentences.find((s) => s?.text === text)?.terms ?? []) said.add(t);
  const chosen = new Set(out.map((text) => sentences.findIndex((s) => s?.text === text)));
  for (let round = 0; round < 2; round++) {
    let extra: { i: number; gain: number } | null = null;
    sentences.forEach((s, i) => {
      if (!s || chosen.has(i) || (DANGLING.test(s.text) && !chosen.has(i - 1))) return;
      let gain = 0;
      for (const [term, w] of question) if (!said.has(term) && s.terms.has(term)) gain += w * idf(term);
      if (gain > 0 && (!extra || gain > extra.gain)) extra = { i, gain };
    });
    if (!extra) break;
    const { i } = extra as { i: number };
    chosen.add(i);
    for (const t of sentences[i]!.terms) said.add(t);
  }
  const text = [...chosen].sort((a, b) => a - b).map((i) => sentences[i]!.text);
  return { text: text.join(" "), score: top.score };
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
