/**
 * Word vectors learned from the texts being clustered (no pretrained model, no download, deterministic): a fixed
 * lexical hash cannot see that "where is my card" and "my card hasn't arrived" ask the same thing, but words used in
 * the same company of words get close vectors. PPMI-SVD (Levy & Goldberg 2014; Levy, Goldberg & Dagan 2015):
 * co-occurrence of terms within a text, positive PMI with context distribution smoothing (α = 0.75), truncated SVD
 * (randomized, seeded) to `dimension`, rows L2-normalised; a text's vector is the IDF-weighted mean of its words'.
 * Joined to the offline lexical rows (`withCorpusVectors`), measured on BANKING77's two halves × UMAP seeds 17 / 1 / 2:
 * NMI +0.015 on average, up at all six (even 0.673–0.682 → 0.688–0.691, odd 0.720–0.733 → 0.739–0.750); whole
 * sample 0.689 → 0.702; French/English shop set 0.484–0.499 → 0.500–0.508; 10,000 texts +2 s end to end.
 * The daily run learns them once from the workspace's month (`learnCorpusVectors`), so small scopes get them too:
 * BANKING77 200-text samples NMI 0.715 without → 0.745 with vectors learned from the whole sample.
 */
import { EigenvalueDecomposition, Matrix } from "ml-matrix";
import { seededRandom } from "./random";
import { dotProduct, normalizeRow } from "./reduce";

export interface CorpusVectorOptions {
  /** Dimension of the word vectors (Levy et al. use 100–500; 100 keeps UMAP's input small). */
  dimension?: number;
  /** Words in fewer texts than this get no vector: their co-occurrences are too few to place them. */
  minDocumentFrequency?: number;
  /** Context distribution smoothing: PMI's bias towards rare contexts lowered (0.75, as word2vec's negative sampling). */
  contextSmoothing?: number;
  /**
   * Singular values raised to this power weight the dimensions (Levy et al.: 0 or 0.5 beat the plain SVD's 1).
   * On BANKING77's halves × 3 UMAP seeds both gave +0.015 NMI on average; 0.5 raised all six, 0 left one at −0.003.
   */
  eigenvalueWeight?: number;
  seed?: number;
}

export interface WordVectors {
  /** Row of each word in `vectors`. */
  index: Map<string, number>;
  /** One L2-normalised row per word. */
  vectors: Float64Array[];
  /** log(n / df) of each word (same rows). */
  idf: Float64Array;
}

const DEFAULT_DIMENSION = 100;
const OVERSAMPLING = 10;
const POWER_ITERATIONS = 3;

/** Sparse symmetric-pattern matrix, compressed rows. */
interface SparseRows {
  size: number;
  starts: Int32Array;
  columns: Int32Array;
  values: Float64Array;
}

/** Learns a vector per word of the corpus from `documents` (each a text's terms; repeats count once). */
export function learnWordVectors(documents: readonly (readonly string[])[], opts: CorpusVectorOptions = {}): WordVectors {
  const minDf = opts.minDocumentFrequency ?? 2;
  const df = new Map<string, number>();
  const sets = documents.map((terms) => [...new Set(terms)]);
  for (const terms of sets) for (const t of terms) df.set(t, (df.get(t) ?? 0) + 1);
  const words = [...df.keys()].filter((w) => df.get(w)! >= minDf).sort();
  const index = new Map(words.map((w, i) => [w, i]));
  const size = words.length;
  const n = documents.length;
  const idf = Float64Array.from(words, (w) => Math.log(n / df.get(w)!));
  const dimension = Math.min(opts.dimension ?? DEFAULT_DIMENSION, Math.max(1, size - 1));
  if (size < 2) return { index, vectors: words.map(() => new Float64Array(dimension)), idf };

  const ppmi = positivePmi(
    sets.map((terms) => terms.flatMap((t) => (index.has(t) ? [index.get(t)!] : []))),
    size,
    opts.contextSmoothing ?? 0.75,
  );
  const { u, singularValues } = truncatedSvd(ppmi, dimension, opts.seed ?? 17);
  const p = opts.eigenvalueWeight ?? 0.5;
  const vectors = words.map((_, i) => {
    const row = new Float64Array(dimension);
    for (let k = 0; k < dimension; k++) row[k] = u[i]![k]! * (p ? singularValues[k]! ** p : 1);
    return normalizeRow(row);
  });
  return { index, vectors, idf };
}

/** A text's vector: the IDF-weighted mean of its known words' vectors, L2-normalised (zero when it has none). */
export function textVector(terms: readonly string[], words: WordVectors): Float64Array {
  const dimension = words.vectors[0]?.length ?? 0;
  const out = new Float64Array(dimension);
  for (const t of new Set(terms)) {
    const i = words.index.get(t);
    if (i === undefined) continue;
    const v = words.vectors[i]!;
    const w = words.idf[i]!;
    for (let k = 0; k < dimension; k++) out[k]! += w * v[k]!;
  }
  return normalizeRow(out);
}

/**
 * PPMI of word–context pairs counted once per text where both occur (a customer's message is one short context):
 * log(P(w, c) / (P(w) · P_α(c))), P_α the context counts raised to α and renormalised (the total count cancels);
 * negatives are 0.
 */
function positivePmi(documents: readonly number[][], size: number, alpha: number): SparseRows {
  const counts = new Map<number, number>();
  for (const doc of documents)
    for (const a of doc)
      for (const b of doc) {
        if (a === b) continue;
        const key = a * size + b;
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
  const keys = Float64Array.from(counts.keys()).sort();
  const rowTotals = new Float64Array(size);
  for (const [key, c] of counts) rowTotals[Math.floor(key / size)]! += c;
  // Symmetric counts: a word's context total is its row total.
  const smoothed = rowTotals.map((c) => c ** alpha);
  const smoothedTotal = smoothed.reduce((s, c) => s + c, 0);
  const starts = new Int32Array(size + 1);
  const columns: number[] = [];
  const values: number[] = [];
  let row = 0;
  for (const key of keys) {
    const w = Math.floor(key / size);
    const c = key - w * size;
    while (row < w) starts[++row] = columns.length;
    const pmi = Math.log((counts.get(key)! * smoothedTotal) / (rowTotals[w]! * smoothed[c]!));
    if (pmi <= 0) continue;
    columns.push(c);
    values.push(pmi);
  }
  while (row < size) starts[++row] = columns.length;
  return { size, starts, columns: Int32Array.from(columns), values: Float64Array.from(values) };
}

/** A dense matrix, row-major. */
interface Dense {
  rows: number;
  columns: number;
  data: Float64Array;
}

/** M · X when `transpose` is false, Mᵀ · X otherwise. */
function multiply(m: SparseRows, x: Dense, transpose: boolean): Dense {
  const k = x.columns;
  const out = new Float64Array(m.size * k);
  const xs = x.data;
  for (let i = 0; i < m.size; i++)
    for (let p = m.starts[i]!; p < m.starts[i + 1]!; p++) {
      const j = m.columns[p]!;
      const v = m.values[p]!;
      const from = transpose ? i * k : j * k;
      const to = transpose ? j * k : i * k;
      for (let c = 0; c < k; c++) out[to + c]! += v * xs[from + c]!;
    }
  return { rows: m.size, columns: k, data: out };
}

/**
 * Randomized truncated SVD (Halko, Martinsson & Tropp 2011): a seeded Gaussian sketch, a few power iterations
 * (orthonormalised each time), then the exact SVD of the small projected matrix through the eigenvectors of B·Bᵀ
 * (`ml-matrix`). The tall products and orthonormalisations are written here on flat arrays: ml-matrix's QR, element
 * by element, took 3.4 of 5.1 s on 10,000 texts.
 */
function truncatedSvd(m: SparseRows, rank: number, seed: number): { u: Float64Array[]; singularValues: number[] } {
  const random = seededRandom(seed);
  const width = Math.min(m.size, rank + OVERSAMPLING);
  const sketch: Dense = { rows: m.size, columns: width, data: Float64Array.from({ length: m.size * width }, () => random.gaussian()) };
  let q = orthonormalize(multiply(m, sketch, false));
  for (let it = 0; it < POWER_ITERATIONS; it++) q = orthonormalize(multiply(m, orthonormalize(multiply(m, q, true)), false));
  // B = Qᵀ M (width × size); B·Bᵀ = (Mᵀ Q)ᵀ (Mᵀ Q).
  const bt = multiply(m, q, true);
  const gram = new Matrix(width, width);
  for (let a = 0; a < width; a++)
    for (let b = a; b < width; b++) {
      let s = 0;
      for (let i = 0; i < bt.rows; i++) s += bt.data[i * width + a]! * bt.data[i * width + b]!;
      gram.set(a, b, s);
      gram.set(b, a, s);
    }
  const eig = new EigenvalueDecomposition(gram, { assumeSymmetric: true });
  const vectors = eig.eigenvectorMatrix;
  const kept = eig.realEigenvalues
    .map((value, k) => ({ value, k }))
    .sort((a, b) => b.value - a.value || a.k - b.k)
    .slice(0, rank);
  // U = Q · (B·Bᵀ's eigenvectors); an eigenvector's sign is arbitrary, fixed so its largest component is positive.
  const signs = kept.map(({ k }) => {
    let best = 0;
    for (let r = 0; r < width; r++) if (Math.abs(vectors.get(r, k)) > Math.abs(best)) best = vectors.get(r, k);
    return best < 0 ? -1 : 1;
  });
  const small = kept.map(({ k }, col) => Float64Array.from({ length: width }, (_, r) => signs[col]! * vectors.get(r, k)));
  const u = Array.from({ length: m.size }, (_, i) => {
    const row = new Float64Array(rank);
    for (let col = 0; col < kept.length; col++) {
      let s = 0;
      for (let r = 0; r < width; r++) s += q.data[i * width + r]! * small[col]![r]!;
      row[col] = s;
    }
    return row;
  });
  return { u, singularValues: kept.map(({ value }) => Math.sqrt(Math.max(0, value))) };
}

/** Orthonormal columns spanning X's (modified Gram–Schmidt, run twice for accuracy; columns made contiguous). */
function orthonormalize(x: Dense): Dense {
  const { rows, columns } = x;
  const cols = Array.from({ length: columns }, (_, c) => Float64Array.from({ length: rows }, (_, i) => x.data[i * columns + c]!));
  for (let pass = 0; pass < 2; pass++)
    for (let c = 0; c < columns; c++) {
      const v = cols[c]!;
      for (let p = 0; p < c; p++) {
        const w = cols[p]!;
        let dot = 0;
        for (let i = 0; i < rows; i++) dot += v[i]! * w[i]!;
        for (let i = 0; i < rows; i++) v[i]! -= dot * w[i]!;
      }
      normalizeRow(v);
    }
  const data = new Float64Array(rows * columns);
  for (let c = 0; c < columns; c++) for (let i = 0; i < rows; i++) data[i * columns + c] = cols[c]![i]!;
  return { rows, columns, data };
}

/**
 * The corpus vectors' share of a row's squared norm when joined to the lexical row: the lexical evidence stays the
 * main one and the learned vectors bring the synonyms and paraphrases it cannot see. Measured on BANKING77's two
 * halves × UMAP seeds 17 / 1 / 2 (docs/benchmarks.md): 0.3 raised all six, 0.5 (equal norms) mixed, 0.75 and the
 * corpus vectors alone lowered all six.
 */
export const CORPUS_VECTOR_SHARE = 0.3;

/**
 * Word vectors need at least this many words per dimension: with fewer the SVD compresses nothing and a word's
 * "vector" is its co-occurrence row from a handful of texts. Measured on samples of the French/English shop set
 * learning from the sample itself: 60 texts (~125 words) NMI −0.095 / −0.085 / −0.007, 150 texts (~260 words)
 * −0.021 / +0.072 / +0.008, 300 texts (~500 words) −0.002 / +0.025 / +0.025. It applies to the training corpus
 * (the workspace's history in the daily run), not to the scope being clustered.
 */
export const MIN_WORDS_PER_DIMENSION = 2;

/**
 * Word vectors with the term extraction they were learned with (a text is embedded with the same terms), and the
 * training texts' common part, removed from every text's vector ("all-but-the-top", Mu & Viswanath 2018): their mean
 * (what every text of the workspace shares) and their first principal direction once centred (in a French and
 * English workspace, the language). Without that, a small scope learning from a bilingual history collapsed into a
 * French and an English topic: shop set, 60-text samples, NMI 0.624 → 0.244 (9 draws × seeds); with it 0.602.
 */
export interface CorpusVectors {
  words: WordVectors;
  termsOf: (text: string) => string[];
  mean: Float64Array;
  dominantDirection: Float64Array;
}

const POWER_ITERATIONS_DOMINANT = 100;

/**
 * Word vectors learned from `trainingTexts` — a workspace's recent history, wider than any one scope, so a post's 20
 * comments or a quiet day get the vectors of the whole month — or null when that corpus has too few words
 * (`MIN_WORDS_PER_DIMENSION`).
 */
export function learnCorpusVectors(trainingTexts: readonly string[], termsOf: (text: string) => string[], opts: CorpusVectorOptions = {}): CorpusVectors | null {
  const documents = trainingTexts.map(termsOf);
  const words = learnWordVectors(documents, opts);
  if (words.index.size < MIN_WORDS_PER_DIMENSION * (opts.dimension ?? DEFAULT_DIMENSION)) return null;
  const dimension = words.vectors[0]!.length;
  const vectors = documents.map((d) => textVector(d, words)).filter((v) => v.some((x) => x !== 0));
  const mean = new Float64Array(dimension);
  for (const v of vectors) for (let k = 0; k < dimension; k++) mean[k]! += v[k]! / vectors.length;
  const centred = vectors.map((v) => v.map((x, k) => x - mean[k]!));
  // Power iteration from the uniform direction (deterministic) on the centred vectors' covariance.
  let direction: Float64Array = new Float64Array(dimension).fill(1 / Math.sqrt(dimension));
  for (let it = 0; it < POWER_ITERATIONS_DOMINANT; it++) {
    const next = new Float64Array(dimension);
    for (const v of centred) {
      const d = dotProduct(v, direction);
      for (let k = 0; k < dimension; k++) next[k]! += d * v[k]!;
    }
    direction = normalizeRow(next);
  }
  return { words, termsOf, mean, dominantDirection: direction };
}

/** A text's corpus vector without the training texts' common part (`CorpusVectors`); zero when it has no known word. */
function corpusTextVector(text: string, corpus: CorpusVectors): Float64Array {
  const raw = textVector(corpus.termsOf(text), corpus.words);
  if (raw.every((x) => x === 0)) return raw;
  const centred = raw.map((x, k) => x - corpus.mean[k]!);
  const d = dotProduct(centred, corpus.dominantDirection);
  for (let k = 0; k < centred.length; k++) centred[k]! -= d * corpus.dominantDirection[k]!;
  return normalizeRow(centred);
}

/**
 * Each lexical row (L2-normalised) joined with its text's corpus vector, `CORPUS_VECTOR_SHARE` of the squared norm;
 * a text without any known word gets a zero corpus part (its lexical row alone, padded to the same width).
 */
export function withCorpusVectors(lexical: Float64Array[], texts: readonly string[], corpus: CorpusVectors): Float64Array[] {
  const lexicalWeight = Math.sqrt(1 - CORPUS_VECTOR_SHARE);
  const corpusWeight = Math.sqrt(CORPUS_VECTOR_SHARE);
  return lexical.map((row, i) => {
    const vector = corpusTextVector(texts[i]!, corpus);
    const out = new Float64Array(row.length + vector.length);
    for (let k = 0; k < row.length; k++) out[k] = lexicalWeight * row[k]!;
    for (let k = 0; k < vector.length; k++) out[row.length + k] = corpusWeight * vector[k]!;
    return normalizeRow(out);
  });
}
