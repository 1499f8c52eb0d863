/**
 * The offline embedder for topics: the triage provider's offline embedder is tuned for retrieval (character n-grams
 * weigh as much as words, so "card arrived" and "card declined" look alike); topics group by what is asked, so here
 * words weigh most. Built from triage's lexicon (FR + EN stop words, Snowball stems of both languages, and its
 * bilingual topic tokens, which put "livraison" and "delivery" together) rather than a second tokenizer:
 * stems and topic tokens 1, adjacent stem pairs and function words `SECONDARY_WEIGHT`, character 3–5-grams of
 * content words `CHAR_WEIGHT` (typos), hashed (FNV-1a, sign bit) into a fixed dimension and L2-normalised.
 * Deterministic and data-free, like triage's.
 * Measured on BANKING77 (5,000): NMI 0.643 → 0.662 and noise 17 % → 13.6 % against triage's offline embedder
 * (same clustering parameters).
 * Function words (the stop words retrieval drops: "how", "why", "not", "can", "comment", "pourquoi", "pas") are kept
 * as features of their own (v2): in a customer's message they say what kind of request it is ("why was I charged"
 * vs "how do I pay", "arrived" vs "not arrived"). They are not given a stem's full weight: the corpus IDF before UMAP
 * (`reduce.ts`) then lowers the ubiquitous ones ("i", "my", "le") as any TF-IDF does (scikit-learn's default keeps
 * stop words too). Measured on two disjoint halves of BANKING77 (intents by even / odd index), UMAP seeds 1 and 2:
 * NMI 0.650 → 0.665 / 0.663 → 0.672 and 0.696 → 0.724 / 0.693 → 0.721; at weight 1 the 10-nearest-neighbour purity
 * fell on both halves while at 0.5 it rose on both.
 * A bilingual customer-service glossary (v3, `concepts.ts`) adds one token per concept a message names ("rembourser",
 * "refund", "remb" → `#refund`; "dispo", "in stock" → `#stock`), so French and English wordings of one need share a
 * feature. Measured with the leave-one-out outlier threshold (`outliers.ts`), UMAP seeds 17 / 1 / 2, against v2 with
 * it: the French/English shop set 0.510 / 0.509 / 0.501 → 0.566 / 0.560 / 0.569; BANKING77 halves even
 * 0.681 / 0.686 / 0.689 → 0.687 / 0.693 / 0.686, odd 0.726 / 0.737 / 0.728 → 0.731 / 0.729 / 0.721.
 * v4: a text's language picks its stems. Triage's `stemsOf` gives every word its French and English Snowball stems,
 * each at half weight (one word says nothing of its language): in an English message "charged" got a French stem
 * "charged" of its own and shared only half its weight with "charge" ("charg"). The language is guessed from the
 * whole text's function words (`language.ts`, triage's `detectLanguage`), and only that language's stem is kept;
 * when it cannot tell (no function word, as many of each) both stay, as before. Measured against v3, UMAP seeds
 * 17 / 1 / 2 (docs/benchmarks.md, "Language-picked stems"): BANKING77 halves even 0.690 / 0.690 / 0.689 →
 * 0.692 / 0.699 / 0.689, odd 0.734 / 0.734 / 0.735 → 0.740 / 0.743 / 0.741, whole sample 0.699 / 0.701 / 0.696 →
 * 0.701 / 0.700 / 0.696, French/English shop set 0.585 / 0.583 / 0.587 → 0.593 / 0.587 / 0.587.
 * With a model configured the provider's embedder is used instead (`embedderFor`).
 */
import { normalize, OfflineEmbedder, stemsIn, termsOfWordsStemmed, words, type Embedder, type Language, type ModelProvider, type Vector } from "@sillage/triage";
import { conceptsOf } from "./concepts";
import { learnCorpusVectors, WORD_PAIR_PREFIX, type CorpusVectorOptions, type CorpusVectors } from "./corpus-vectors";
import { learnPretrainedBlock, pretrainedVectors, type PretrainedVectors } from "./pretrained-vectors";
import { textLanguage } from "./language";

export const TOPIC_EMBED_DIMENSION = 512;
/** Character n-grams catch typos without drowning the words (0.1 and 1 both measured worse on BANKING77). */
export const CHAR_WEIGHT = 0.3;
/** Evidence that is not a content word (a pair of stems, a function word) weighs half a stem. */
export const SECONDARY_WEIGHT = 0.5;
/**
 * A customer-service concept (`concepts.ts`) weighs a quarter more than a stem. Measured with the leave-one-out
 * outlier threshold, UMAP seeds 17 / 1 / 2, against main: at 1.5 (triage's topic-token weight) the shop set gains
 * most (NMI 0.60) but BANKING77's odd half falls 0.005–0.006 (one bank's English merges distinct intents under
 * "failure", "account"…); at 1.25 the shop set gains 0.07–0.09 (0.56–0.57) and neither half falls (even +0.010, odd
 * +0.001 on average). Without that threshold, 1 kept about half of 1.25's shop gain (0.52–0.53 against 0.55–0.56).
 */
export const CONCEPT_WEIGHT = 1.25;

function hash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export class TopicTermsEmbedder implements Embedder {
  readonly id: string;
  constructor(readonly dimension = TOPIC_EMBED_DIMENSION) {
    this.id = `offline:topic-terms-v4:${dimension}`;
  }

  embed(texts: string[]): Promise<Vector[]> {
    return Promise.resolve(texts.map((t) => this.embedOne(t)));
  }

  embedOne(text: string): Vector {
    const v = new Float32Array(this.dimension);
    const add = (feature: string, weight: number) => {
      const h = hash(feature);
      v[h % this.dimension]! += h & 0x80000000 ? -weight : weight;
    };
    const { terms, content, functionWords, language } = topicFeatures(text);
    const stemOf = (w: string) => stemsIn(w, language)[0]!;
    for (const [term, weight] of terms) add(`t:${term}`, weight);
    for (const w of functionWords) add(`s:${w}`, SECONDARY_WEIGHT);
    for (let i = 0; i + 1 < content.length; i++) add(`b:${stemOf(content[i]!)} ${stemOf(content[i + 1]!)}`, SECONDARY_WEIGHT);
    for (const w of content) {
      if (w.length < 4) continue;
      const padded = `<${w}>`;
      for (let n = 3; n <= 5; n++) for (let j = 0; j + n <= padded.length; j++) add(`c:${padded.slice(j, j + n)}`, CHAR_WEIGHT);
    }
    let sum = 0;
    for (let i = 0; i < v.length; i++) sum += v[i]! * v[i]!;
    if (sum > 0) {
      const inv = 1 / Math.sqrt(sum);
      for (let i = 0; i < v.length; i++) v[i]! *= inv;
    }
    return v;
  }
}

/**
 * A text's stems (in its language, both when unknown) and topic tokens (with weights), its content words in order,
 * its function words and its language.
 */
export function topicFeatures(text: string): { terms: Map<string, number>; content: string[]; functionWords: string[]; language: Language | null } {
  const ws = words(normalize(text));
  const language = textLanguage(text);
  const stemsOf = (w: string) => stemsIn(w, language);
  const terms = termsOfWordsStemmed(ws, stemsOf);
  // Concepts named like triage's topics give its token (`#price`) once, at the concept's weight.
  for (const concept of conceptsOf(ws)) terms.set(`#${concept}`, CONCEPT_WEIGHT);
  // Content words are those that left a stem (stop words leave none).
  const content: string[] = [];
  const functionWords: string[] = [];
  for (const w of ws) (stemsOf(w).some((s) => terms.has(s)) ? content : functionWords).push(w);
  return { terms, content, functionWords, language };
}

/**
 * The words corpus vectors are learned over (`corpus-vectors.ts`, `learnCorpusVectors`): stems, topic tokens
 * and function words (without them NMI fell back to no gain on both BANKING77 halves), and adjacent word pairs
 * (`WORD_PAIR_PREFIX`: "not arrived" is not "arrived"; pairs of content stems only gained less on the whole sample).
 */
export function corpusTermsOf(text: string): string[] {
  const { terms, functionWords, language } = topicFeatures(text);
  const out = [...terms.keys(), ...functionWords.map((w) => `s:${w}`)];
  // Adjacent pairs of words, as stems or function words, but not two function words ("i have"): "top up", "not arrived".
  const units = words(normalize(text)).map((w) => {
    const stems = stemsIn(w, language);
    return stems.some((s) => terms.has(s)) ? stems[0]! : `s:${w}`;
  });
  for (let i = 0; i + 1 < units.length; i++)
    if (!(units[i]!.startsWith("s:") && units[i + 1]!.startsWith("s:"))) out.push(`${WORD_PAIR_PREFIX}${units[i]} ${units[i + 1]}`);
  return out;
}

/**
 * The words a text's pretrained block is made of (`pretrained-vectors.ts`; GloVe's vectors are of words, not stems).
 * An English text, or one whose language is unknown: its content words. A French text (there are no French vectors
 * on npm): the English names of the customer-service concepts and topics it names (`#refund` → "refund", `#gift_card`
 * → "gift", "card"), so "je veux être remboursée" meets "can I get my money back" in that block too; none named, a
 * zero block (its row is the one it had without). Its French words are never looked up: "car", "pain", "coin" are
 * English words too.
 */
export function pretrainedWordsOf(text: string): string[] {
  const { content, language, terms } = topicFeatures(text);
  if (language !== "fr") return content;
  return [...terms.keys()].filter((t) => t.startsWith("#")).flatMap((t) => t.slice(1).split("_"));
}

/**
 * The offline embedder's word vectors for a run: learned from `trainingTexts` (`learnCorpusVectors`), with the
 * pretrained English block when the vectors are installed (`pretrained`: the table, null for none; by default the
 * package's, `pretrainedVectors`).
 */
export function learnOfflineWordVectors(trainingTexts: readonly string[], opts: CorpusVectorOptions & { pretrained?: PretrainedVectors | null } = {}): CorpusVectors | null {
  const corpus = learnCorpusVectors(trainingTexts, corpusTermsOf, opts);
  const table = opts.pretrained === undefined ? pretrainedVectors() : opts.pretrained;
  return corpus && table ? { ...corpus, pretrained: learnPretrainedBlock(trainingTexts, table, pretrainedWordsOf) } : corpus;
}

/** The embedder topics use: the configured model's when there is one, else the topic-terms offline embedder. */
export function embedderFor(ai: ModelProvider | undefined): Embedder {
  if (!ai || ai.embedder instanceof OfflineEmbedder) return new TopicTermsEmbedder();
  return ai.embedder;
}
