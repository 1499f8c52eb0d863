/**
 * The offline embedder: hashed word 1–2-grams and character 3–5-grams (inside words, with boundary marks) with
 * sublinear TF and a fixed IDF (function words of French and English weigh little), L2-normalised, in a fixed
 * dimension. Deterministic and data-free: the same text gives the same vector on every machine, so stored
 * knowledge embeddings never go stale until the version in its id changes.
 */
import { normalize, words } from "./text";

export type Vector = Float32Array;

export interface Embedder {
  /** Names provider, model and dimension; stored with every chunk (knowledge_chunks.embedder). */
  readonly id: string;
  readonly dimension: number;
  embed(texts: string[], opts?: { signal?: AbortSignal }): Promise<Vector[]>;
}

export const OFFLINE_DIMENSION = 512;

const STOPWORDS = new Set(
  (
    "le la les l un une des du de d et est je j tu il elle on nous vous ils elles me m te t se s mon ma mes ton ta tes son sa ses " +
    "notre nos votre vos leur leurs ce c cet cette ces que qu qui quoi pour pas ne n plus avec sans sur dans en au aux y a " +
    "mais ou donc car si tres bien aussi ai as avons avez ont suis es sommes etes sont fait " +
    "the a an and is are was were be been i you he she it we they me my your his her its our their this that these those " +
    "to of in on at for with without not no but or so if do does did have has had am can could would will there here " +
    // Greetings and politeness say nothing about the subject.
    "bonjour bonsoir salut coucou hello hi hey merci thanks thank please svp stp plait madame monsieur"
  ).split(" "),
);

/**
 * Feature weights (the fixed IDF): words 1, word bigrams 0.3, each character n-gram 1 (they carry morphology and
 * typos: "remboursement" ~ "rembourser"), function words 0.15. Tuned on FR/EN FAQ-style samples; changing them
 * changes the version in the embedder id, which re-embeds stored knowledge.
 */
export const EMBED_WEIGHTS = Object.freeze({ word: 1, bigram: 0.3, char: 1, stop: 0.15 });

/** FNV-1a, 32 bits. */
function hash(s: string, seed = 0x811c9dc5): number {
  let h = seed;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export class OfflineEmbedder implements Embedder {
  readonly id: string;
  constructor(readonly dimension = OFFLINE_DIMENSION) {
    this.id = `offline:hash-ngrams-v2:${dimension}`;
  }

  embed(texts: string[]): Promise<Vector[]> {
    return Promise.resolve(texts.map((t) => this.embedOne(t)));
  }

  // The pipeline embeds the same batch text for examples, retrieval and the answer: one entry of memory is enough.
  private last: { text: string; vector: Vector } | null = null;

  /** The returned vector is shared with later calls for the same text: do not modify it. */
  embedOne(text: string): Vector {
    if (this.last?.text === text) return this.last.vector;
    const vector = this.embedWords(words(normalize(text)));
    this.last = { text, vector };
    return vector;
  }

  /** For callers that already normalized and split the text (the pipeline does it once per batch). */
  embedWords(ws: readonly string[]): Vector {
    // feature → [term frequency, weight]; the weight plays the IDF part (fixed, so stored vectors stay valid).
    const feats = new Map<string, [number, number]>();
    const add = (feature: string, weight: number) => {
      const f = feats.get(feature);
      if (f) f[0]++;
      else feats.set(feature, [1, weight]);
    };
    for (let i = 0; i < ws.length; i++) {
      const w = ws[i]!;
      const stop = STOPWORDS.has(w);
      add(`w:${w}`, stop ? EMBED_WEIGHTS.stop : EMBED_WEIGHTS.word);
      const next = ws[i + 1];
      if (next !== undefined && !(stop && STOPWORDS.has(next))) add(`b:${w} ${next}`, EMBED_WEIGHTS.bigram);
      if (stop || w.length < 3) continue;
      const padded = `<${w}>`;
      for (let n = 3; n <= 5; n++) {
        for (let j = 0; j + n <= padded.length; j++) add(padded.slice(j, j + n), EMBED_WEIGHTS.char);
      }
    }
    const v = new Float32Array(this.dimension);
    for (const [feature, [tf, weight]] of feats) {
      const h = hash(feature);
      // Sublinear TF; the sign bit spreads hash collisions around zero.
      const value = (1 + Math.log(tf)) * weight;
      v[h % this.dimension]! += h & 0x80000000 ? -value : value;
    }
    return l2normalize(v);
  }
}

export function l2normalize(v: Vector): Vector {
  let sum = 0;
  for (let i = 0; i < v.length; i++) sum += v[i]! * v[i]!;
  if (sum === 0) return v;
  const inv = 1 / Math.sqrt(sum);
  for (let i = 0; i < v.length; i++) v[i]! *= inv;
  return v;
}

/** Cosine of two vectors (plain dot product when both are normalised, which every embedder here returns). */
export function cosine(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = Math.min(a.length, b.length);
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < n; i++) {
    dot += a[i]! * b[i]!;
    na += a[i]! * a[i]!;
    nb += b[i]! * b[i]!;
  }
  return na && nb ? dot / Math.sqrt(na * nb) : 0;
}

export function dot(a: Vector, b: Vector): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}
