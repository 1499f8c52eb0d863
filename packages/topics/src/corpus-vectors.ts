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
 * Adjacent word pairs ("card arrive", "not arrived") get vectors too, folded in after the words' SVD
 * (`WORD_PAIR_PREFIX`).
 */
import { EigenvalueDecomposition, Matrix } from "ml-matrix";
import { seededRandom } from "./random";
import { pretrainedTextVector, type PretrainedBlock } from "./pretrained-vectors";
import { commonPartOf, normalizeRow, withoutCommonPart, type CommonPart } from "./reduce";

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
  /** Word pairs (`WORD_PAIR_PREFIX`) in fewer texts than this get no vector (in 2 texts a pair's company is those texts). */
  minPairDocumentFrequency?: number;
}

export interface WordVectors {
  /** Row of each word in `vectors`. */
  index: Map<string, number>;
  /** One L2-normalised row per word. */
  vectors: Float64Array[];
  /**
   * A row's weight in a text's vector: log(n / df) for a word; for a pair, log(df of its rarer word / its df), what
   * it says beyond its two words (which the text's mean already holds): a pair that always comes with its rarer word
   * weighs nothing. With the pairs' IDF instead, the shop set lost 0.018 (they outweighed the words).
   */
  idf: Float64Array;
  /** How many rows are words (the first ones); the others are word pairs. */
  wordCount: number;
}

const DEFAULT_DIMENSION = 100;
const OVERSAMPLING = 10;
const POWER_ITERATIONS = 3;
const MIN_PAIR_DOCUMENT_FREQUENCY = 3;

/**
 * Terms starting with this are adjacent word pairs, `b:<word> <word>` (`corpusTermsOf`). They are rows of the PPMI
 * matrix only, never contexts, and are placed after the words' SVD by folding in (as LSA places a new document): a
 * pair's PPMI row over the words, projected on the words' right singular vectors. So the pairs add neither
 * co-occurrence counts between pairs (quadratic in a text's terms) nor rows to the SVD, and leave the words' vectors
 * as they were (pairs as rows and contexts of one SVD: 10,000 texts' vocabulary 2.2k → 13.6k, learning 1.7 → 10.5 s).
 */
export const WORD_PAIR_PREFIX = "b:";

/** Sparse matrix, compressed rows. */
interface SparseRows {
  rows: number;
  columns: number;
  starts: Int32Array;
  indices: Int32Array;
  values: Float64Array;
}

/**
 * Learns a vector per word of the corpus from `documents` (each a text's terms; repeats count once), and per word
 * pair (`WORD_PAIR_PREFIX`) in at least `minPairDocumentFrequency` texts.
 */
export function learnWordVectors(documents: readonly (readonly string[])[], opts: CorpusVectorOptions = {}): WordVectors {
  const minDf = opts.minDocumentFrequency ?? 2;
  const minPairDf = opts.minPairDocumentFrequency ?? MIN_PAIR_DOCUMENT_FREQUENCY;
  const df = new Map<string, number>();
  const sets = documents.map((terms) => [...new Set(terms)]);
  for (const terms of sets) for (const t of terms) df.set(t, (df.get(t) ?? 0) + 1);
  const isPair = (t: string) => t.startsWith(WORD_PAIR_PREFIX);
  const words = [...df.keys()].filter((w) => !isPair(w) && df.get(w)! >= minDf).sort();
  const pairs = [...df.keys()].filter((w) => isPair(w) && df.get(w)! >= minPairDf).sort();
  const index = new Map([...words, ...pairs].map((w, i) => [w, i]));
  const size = words.length;
  const n = documents.length;
  const pairWeight = (pair: string) => {
    const rarer = Math.min(...pair.slice(WORD_PAIR_PREFIX.length).split(" ").map((w) => df.get(w) ?? n));
    return Math.log(Math.max(rarer, df.get(pair)!) / df.get(pair)!);
  };
  const idf = Float64Array.from([...words.map((w) => Math.log(n / df.get(w)!)), ...pairs.map(pairWeight)]);
  const dimension = Math.min(opts.dimension ?? DEFAULT_DIMENSION, Math.max(1, size - 1));
  if (size < 2) return { index, vectors: [...words, ...pairs].map(() => new Float64Array(dimension)), idf, wordCount: size };

  // Rows: the words, then the pairs; columns: the words. Each text's ids sorted, so its words come first.
  const ppmi = positivePmi(
    sets.map((terms) => Int32Array.from(terms.flatMap((t) => (index.has(t) ? [index.get(t)!] : []))).sort()),
    index.size,
    size,
    opts.contextSmoothing ?? 0.75,
  );
  const block: SparseRows = { ...ppmi, rows: size, starts: ppmi.starts.subarray(0, size + 1) };
  const { u, singularValues } = truncatedSvd(block, dimension, opts.seed ?? 17);
  const p = opts.eigenvalueWeight ?? 0.5;
  const vectors = words.map((_, i) => {
    const row = new Float64Array(dimension);
    for (let k = 0; k < dimension; k++) row[k] = u[i]![k]! * (p ? singularValues[k]! ** p : 1);
    return normalizeRow(row);
  });
  if (!pairs.length) return { index, vectors, idf, wordCount: size };
  // Folding in: V = Mᵀ U Σ⁻¹ (the words' right singular vectors), a pair's U row = m · V · Σ⁻¹, weighted as a word's.
  const inverse = singularValues.map((s) => (s > 1e-9 * singularValues[0]! ? 1 / s : 0));
  const us: Dense = { rows: size, columns: dimension, data: new Float64Array(size * dimension) };
  u.forEach((row, i) => us.data.set(row.subarray(0, dimension), i * dimension));
  const v = multiply(block, us, true);
  for (let i = 0; i < size; i++) for (let k = 0; k < dimension; k++) v.data[i * dimension + k]! *= inverse[k]!;
  const folded = multiply({ ...ppmi, rows: pairs.length, starts: ppmi.starts.subarray(size) }, v, false);
  for (let r = 0; r < pairs.length; r++) {
    const row = new Float64Array(dimension);
    for (let k = 0; k < dimension; k++) row[k] = folded.data[r * dimension + k]! * inverse[k]! * (p ? singularValues[k]! ** p : 1);
    vectors.push(normalizeRow(row));
  }
  return { index, vectors, idf, wordCount: size };
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
 * PPMI of term–word pairs counted once per text where both occur (a customer's message is one short context):
 * log(P(w, c) / (P(w) · P_α(c))), P_α the context counts raised to α and renormalised (the total count cancels);
 * negatives are 0. Rows are the terms (the `contexts` words first, then the pairs), columns the words; each text's
 * ids come sorted. A row's counts are gathered from the texts holding it in a dense counter: work in proportion to
 * the (term, word) meetings, no hash of keys (a Map keyed by pair took 1.6 s with the pairs as contexts too).
 */
function positivePmi(documents: readonly Int32Array[], rows: number, contexts: number, alpha: number): SparseRows {
  // The texts holding each term, compressed by term.
  const holding = new Int32Array(rows + 1);
  for (const doc of documents) for (const t of doc) holding[t + 1]!++;
  for (let t = 0; t < rows; t++) holding[t + 1]! += holding[t]!;
  const textsOf = new Int32Array(holding[rows]!);
  const next = holding.slice(0, rows);
  documents.forEach((doc, d) => {
    for (const t of doc) textsOf[next[t]!++] = d;
  });
  const wordsIn = documents.map((doc) => {
    let k = 0;
    while (k < doc.length && doc[k]! < contexts) k++;
    return k;
  });
  const counter = new Int32Array(contexts);
  const touched = new Int32Array(contexts);
  const starts = new Int32Array(rows + 1);
  const indices: number[] = [];
  const counts: number[] = [];
  const rowTotals = new Float64Array(rows);
  for (let t = 0; t < rows; t++) {
    let seen = 0;
    for (let p = holding[t]!; p < holding[t + 1]!; p++) {
      const d = textsOf[p]!;
      const doc = documents[d]!;
      for (let k = 0; k < wordsIn[d]!; k++) {
        const c = doc[k]!;
        if (c !== t && counter[c]!++ === 0) touched[seen++] = c;
      }
    }
    for (const c of touched.subarray(0, seen).sort()) {
      indices.push(c);
      counts.push(counter[c]!);
      rowTotals[t]! += counter[c]!;
      counter[c] = 0;
    }
    starts[t + 1] = indices.length;
  }
  // Symmetric word–word counts: a word's context total is its row total.
  const smoothed = rowTotals.subarray(0, contexts).map((c) => c ** alpha);
  const smoothedTotal = smoothed.reduce((s, c) => s + c, 0);
  const kept = new Int32Array(rows + 1);
  const columns: number[] = [];
  const values: number[] = [];
  for (let t = 0; t < rows; t++) {
    for (let p = starts[t]!; p < starts[t + 1]!; p++) {
      const c = indices[p]!;
      const pmi = Math.log((counts[p]! * smoothedTotal) / (rowTotals[t]! * smoothed[c]!));
      if (pmi <= 0) continue;
      columns.push(c);
      values.push(pmi);
    }
    kept[t + 1] = columns.length;
  }
  return { rows, columns: contexts, starts: kept, indices: Int32Array.from(columns), values: Float64Array.from(values) };
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
  const out = new Float64Array((transpose ? m.columns : m.rows) * k);
  const xs = x.data;
  for (let i = 0; i < m.rows; i++)
    for (let p = m.starts[i]!; p < m.starts[i + 1]!; p++) {
      const j = m.indices[p]!;
      const v = m.values[p]!;
      const from = transpose ? i * k : j * k;
      const to = transpose ? j * k : i * k;
      for (let c = 0; c < k; c++) out[to + c]! += v * xs[from + c]!;
    }
  return { rows: transpose ? m.columns : m.rows, columns: k, data: out };
}

/**
 * Randomized truncated SVD (Halko, Martinsson & Tropp 2011): a seeded Gaussian sketch, a few power iterations
 * (orthonormalised each time), then the exact SVD of the small projected matrix through the eigenvectors of B·Bᵀ
 * (`ml-matrix`). The tall products and orthonormalisations are written here on flat arrays: ml-matrix's QR, element
 * by element, took 3.4 of 5.1 s on 10,000 texts.
 */
function truncatedSvd(m: SparseRows, rank: number, seed: number): { u: Float64Array[]; singularValues: number[] } {
  const random = seededRandom(seed);
  const width = Math.min(m.rows, rank + OVERSAMPLING);
  const sketch: Dense = { rows: m.columns, columns: width, data: Float64Array.from({ length: m.columns * width }, () => random.gaussian()) };
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
  const u = Array.from({ length: m.rows }, (_, i) => {
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
 * The pretrained English block's share of a row's squared norm (`pretrained-vectors.ts`), set once as the corpus
 * vectors' (30 % of the row it joins), not tuned: measured at UMAP seeds 17 / 1 / 2 (docs/benchmarks.md, "Pretrained
 * English word vectors") against 15 % taken from the corpus vectors' share, which gained less on BANKING77.
 */
export const PRETRAINED_VECTOR_SHARE = 0.3;

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
export interface CorpusVectors extends CommonPart {
  words: WordVectors;
  termsOf: (text: string) => string[];
  /** General English word vectors for the English texts (`pretrained-vectors.ts`), when installed. */
  pretrained?: PretrainedBlock | null;
}

/**
 * Word vectors learned from `trainingTexts` — a workspace's recent history, wider than any one scope, so a post's 20
 * comments or a quiet day get the vectors of the whole month — or null when that corpus has too few words
 * (`MIN_WORDS_PER_DIMENSION`).
 */
export function learnCorpusVectors(trainingTexts: readonly string[], termsOf: (text: string) => string[], opts: CorpusVectorOptions = {}): CorpusVectors | null {
  const documents = trainingTexts.map(termsOf);
  const words = learnWordVectors(documents, opts);
  if (words.wordCount < MIN_WORDS_PER_DIMENSION * (opts.dimension ?? DEFAULT_DIMENSION)) return null;
  const dimension = words.vectors[0]!.length;
  const vectors = documents.map((d) => textVector(d, words)).filter((v) => v.some((x) => x !== 0));
  return { words, termsOf, ...commonPartOf(vectors, dimension) };
}

/** A text's corpus vector without the training texts' common part (`CorpusVectors`); zero when it has no known word. */
function corpusTextVector(text: string, corpus: CorpusVectors): Float64Array {
  return withoutCommonPart(textVector(corpus.termsOf(text), corpus.words), corpus);
}

/**
 * Each lexical row (L2-normalised) joined with its text's corpus vector, `CORPUS_VECTOR_SHARE` of the squared norm,
 * then with its pretrained block when there is one (`PRETRAINED_VECTOR_SHARE`); a text without any known word gets a
 * zero corpus part (its lexical row alone, padded to the same width).
 */
export function withCorpusVectors(lexical: Float64Array[], texts: readonly string[], corpus: CorpusVectors): Float64Array[] {
  const block = corpus.pretrained;
  const pretrainedWidth = block?.table.dimension ?? 0;
  // The pretrained block joins the lexical and corpus row as the corpus vectors join the lexical one: 30 % of it.
  const rest = block ? Math.sqrt(1 - PRETRAINED_VECTOR_SHARE) : 1;
  const lexicalWeight = rest * Math.sqrt(1 - CORPUS_VECTOR_SHARE);
  const corpusWeight = rest * Math.sqrt(CORPUS_VECTOR_SHARE);
  const pretrainedWeight = Math.sqrt(PRETRAINED_VECTOR_SHARE);
  return lexical.map((row, i) => {
    const vector = corpusTextVector(texts[i]!, corpus);
    const out = new Float64Array(row.length + vector.length + pretrainedWidth);
    for (let k = 0; k < row.length; k++) out[k] = lexicalWeight * row[k]!;
    for (let k = 0; k < vector.length; k++) out[row.length + k] = corpusWeight * vector[k]!;
    // A text without a block (French, or no known word) keeps zeros there: once normalised, the row it had without.
    const pretrained = block && pretrainedTextVector(texts[i]!, block);
    if (pretrained) for (let k = 0; k < pretrainedWidth; k++) out[row.length + vector.length + k] = pretrainedWeight * pretrained[k]!;
    return normalizeRow(out);
  });
}
