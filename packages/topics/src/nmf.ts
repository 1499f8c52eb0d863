/**
 * An NMF topic-proportion block over language-independent features (issue 17, docs/benchmarks.md "An NMF block over
 * the bilingual concepts"). A word-level block (topics6) split the French/English shop set by language: NMF's
 * non-negative factors were each one language's words. Here a text's bag is the bilingual concepts it names
 * (`concepts.ts` and triage's topic tokens: one token for "rembourser" and "refund") plus the stems of its content
 * words that no concept covers — in a corpus of two languages, only the stems both languages' texts use —,
 * TF-IDF weighted (terms in ≥ 2 texts), rows L2-normalised; X ≈ W·H (Frobenius) by HALS (Cichocki & Phan 2009: an
 * exact non-negative least-squares step per factor column, far fewer sweeps than Lee & Seung's updates) from a seeded
 * uniform start (deterministic). k = √(n / 2) (the usual rule of thumb for a number of groups), between 5 and 80.
 * Each text's row of W, L2-normalised, joins the row UMAP reads at `NMF_SHARE` of its squared norm (as the corpus and
 * pretrained vectors are joined) times the share of its bag the factorisation explains: a text the topics do not
 * explain keeps the row it had. Measured against main, UMAP seeds 17 / 1 / 2: BANKING77 whole sample +0.016, halves
 * +0.018 / +0.014, French/English shop set +0.007; 20 sweeps instead of 40 left the odd half flat.
 */
import { stemsIn } from "@sillage/triage";
import { conceptsOf } from "./concepts";
import { topicFeatures } from "./embedder";
import { normalizeRow } from "./reduce";
import { seededRandom } from "./random";

const EPS = 1e-12;
/** The most of a row's squared norm the block takes: the corpus and pretrained blocks' 30 %. */
export const NMF_SHARE = 0.3;
/** HALS sweeps (1.6 s CPU for 20 on 5,000 texts, k = 50). */
export const NMF_SWEEPS = 40;

/** A language holding less than this share of the texts whose language is known is not one the corpus is in. */
const MIN_LANGUAGE_SHARE = 0.1;

/** A word's concepts, cached (a corpus repeats its words). */
const wordConcepts = new Map<string, boolean>();
function coveredByConcept(w: string): boolean {
  let hit = wordConcepts.get(w);
  if (hit === undefined) {
    hit = conceptsOf([w]).size > 0;
    if (wordConcepts.size < 50_000) wordConcepts.set(w, hit);
  }
  return hit;
}

/**
 * A text's language-independent bag: `#concept` once per concept it names, and the stem (in its language) of each
 * word no concept covers — a word of a concept phrase alone ("money" of "money back") is covered only if it is a
 * concept entry by itself.
 */
export function nmfTermsOf(text: string): string[] {
  const { terms, content, language } = topicFeatures(text);
  // The concepts (`#refund`), as the embedder found them; the triage topic tokens it also gives (`#delivery`) are
  // bilingual too.
  const out = [...terms.keys()].filter((t) => t.startsWith("#"));
  // Content words only: function words are each one language's.
  for (const w of content) if (!coveredByConcept(w)) out.push(stemsIn(w, language)[0]!);
  return out;
}

export function withNmfBlock(rows: readonly Float64Array[], texts: readonly string[], sweeps = NMF_SWEEPS): Float64Array[] {
  const n = texts.length;
  const bags = texts.map(nmfTermsOf);
  keepTermsOfEveryLanguage(texts, bags);
  const df = new Map<string, number>();
  for (const bag of bags) for (const t of new Set(bag)) df.set(t, (df.get(t) ?? 0) + 1);
  const vocabulary = new Map<string, number>();
  for (const [t, f] of df) if (f >= 2) vocabulary.set(t, vocabulary.size);
  const v = vocabulary.size;
  const k = Math.max(5, Math.min(80, Math.round(Math.sqrt(n / 2))));
  if (v < 2 * k) return rows.map((r) => r);
  const idf = new Float64Array(v);
  for (const [t, c] of vocabulary) idf[c] = Math.log((1 + n) / (1 + df.get(t)!)) + 1;
  // Sparse rows of X: TF-IDF, L2-normalised.
  const cols: Int32Array[] = [];
  const vals: Float64Array[] = [];
  for (const bag of bags) {
    const tf = new Map<number, number>();
    for (const t of bag) {
      const c = vocabulary.get(t);
      if (c !== undefined) tf.set(c, (tf.get(c) ?? 0) + 1);
    }
    cols.push(Int32Array.from(tf.keys()));
    vals.push(normalizeRow(Float64Array.from([...tf.entries()].map(([col, f]) => f * idf[col]!))));
  }
  const { W, H } = hals(cols, vals, n, v, k, sweeps);
  const explained = explainedShares(cols, vals, W, H, k, v);
  return rows.map((row, i) => {
    const s = NMF_SHARE * explained[i]!;
    const rest = Math.sqrt(1 - s);
    const share = Math.sqrt(s);
    const block = normalizeRow(W.slice(i * k, (i + 1) * k));
    const out = new Float64Array(row.length + k);
    for (let j = 0; j < row.length; j++) out[j] = rest * row[j]!;
    // A text without a known term keeps a zero block: once normalised, the row it had without.
    if (cols[i]!.length) for (let t = 0; t < k; t++) out[row.length + t] = share * block[t]!;
    return normalizeRow(out);
  });
}

/**
 * Each row's share of its bag the factorisation explains: 1 − ‖x − wH‖² / ‖x‖², clipped to [0, 1] (rows of X are
 * unit-length: ‖x − wH‖² = 1 − 2 w·(H x) + w (H Hᵀ) wᵀ).
 */
function explainedShares(cols: readonly Int32Array[], vals: readonly Float64Array[], W: Float64Array, H: Float64Array, k: number, v: number): Float64Array {
  const B = new Float64Array(k * k);
  gramOfRows(H, k, v, B);
  return Float64Array.from(cols, (c, i) => {
    if (!c.length) return 0;
    const x = vals[i]!;
    let cross = 0;
    for (let e = 0; e < c.length; e++) for (let t = 0; t < k; t++) cross += x[e]! * W[i * k + t]! * H[t * v + c[e]!]!;
    let quad = 0;
    for (let t = 0; t < k; t++) for (let u = 0; u < k; u++) quad += W[i * k + t]! * B[t * k + u]! * W[i * k + u]!;
    return Math.min(1, Math.max(0, 2 * cross - quad));
  });
}

/**
 * A bilingual corpus's stems that only one language's texts use make NMF factors of one language (the word-level
 * block split the shop set so). When the corpus is in two languages (each ≥ `MIN_LANGUAGE_SHARE` of the texts whose
 * language is known), a stem is kept only if texts of both use it; concepts are bilingual by construction. A corpus
 * in one language keeps every stem. Bags are filtered in place.
 */
function keepTermsOfEveryLanguage(texts: readonly string[], bags: string[][]): void {
  const languages = texts.map((t) => topicFeatures(t).language);
  const fr = languages.filter((l) => l === "fr").length;
  const en = languages.filter((l) => l === "en").length;
  if (!fr || !en || Math.min(fr, en) < MIN_LANGUAGE_SHARE * (fr + en)) return;
  const seen = new Map<string, number>(); // bit 1: a French text, bit 2: an English one
  bags.forEach((bag, i) => {
    const bit = languages[i] === "fr" ? 1 : languages[i] === "en" ? 2 : 0;
    for (const t of bag) seen.set(t, (seen.get(t) ?? 0) | bit);
  });
  for (let i = 0; i < bags.length; i++) bags[i] = bags[i]!.filter((t) => t.startsWith("#") || seen.get(t) === 3);
}

/**
 * X (n × v, sparse rows) ≈ W (n × k) · H (k × v), both non-negative, by HALS: each sweep updates W's columns then
 * H's rows in turn, each by its exact least-squares step clipped at 0. Costs per sweep: two sparse products
 * (nnz · k) and the k × k Gram terms (n · k² + v · k²).
 */
export function hals(cols: readonly Int32Array[], vals: readonly Float64Array[], n: number, v: number, k: number, iterations: number): { W: Float64Array; H: Float64Array } {
  const random = seededRandom(17);
  let mean = 0;
  for (const x of vals) for (const y of x) mean += y;
  mean /= n * v;
  const scale = Math.sqrt(mean / k);
  const W = Float64Array.from({ length: n * k }, () => random.next() * scale);
  const H = Float64Array.from({ length: k * v }, () => random.next() * scale);
  // H and Wᵀ X are kept transposed (v × k) while iterating, and B, D are symmetric: every inner loop then reads
  // contiguous memory. Each element is still summed in the same order, so the result is the same to the bit.
  const Ht = transposed(H, k, v);
  const A = new Float64Array(n * k); // X Hᵀ
  const B = new Float64Array(k * k); // H Hᵀ
  const Ct = new Float64Array(v * k); // (Wᵀ X)ᵀ
  const D = new Float64Array(k * k); // Wᵀ W
  for (let it = 0; it < iterations; it++) {
    A.fill(0);
    sparseProduct(cols, vals, k, A, Ht, true);
    gramOfColumns(Ht, v, k, B);
    // Rows of W are independent within a sweep: row by row, column by column, as column by column row by row.
    halsRows(W, A, B, n, k);
    Ct.fill(0);
    sparseProduct(cols, vals, k, W, Ct, false);
    gramOfColumns(W, n, k, D);
    // Columns of H likewise.
    halsRows(Ht, Ct, D, v, k);
  }
  return { W, H: transposed(Ht, v, k) };
}

/**
 * One HALS step on each row of `F` (rows × k): F[r, t] ← max(ε, F[r, t] + (P[r, t] − Σᵤ F[r, u] G[t, u]) / (G[t, t] + ε)),
 * t ascending, G symmetric. Four rows at a time: each row's sum is still taken u ascending from 0 (the same bits),
 * but four independent sums keep the processor busy where one waited on each addition, and G is read once for four.
 * (Products commute exactly in floating point: Σ G·F for H's step is the same as Σ F·G.)
 */
function halsRows(F: Float64Array, P: Float64Array, G: Float64Array, rows: number, k: number): void {
  let i = 0;
  for (; i + 4 <= rows; i += 4) {
    const r0 = i * k;
    const r1 = r0 + k;
    const r2 = r1 + k;
    const r3 = r2 + k;
    for (let t = 0; t < k; t++) {
      const gt = t * k;
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      for (let u = 0; u < k; u++) {
        const g = G[gt + u]!;
        s0 += F[r0 + u]! * g;
        s1 += F[r1 + u]! * g;
        s2 += F[r2 + u]! * g;
        s3 += F[r3 + u]! * g;
      }
      const diagonal = G[gt + t]! + EPS;
      F[r0 + t] = Math.max(EPS, F[r0 + t]! + (P[r0 + t]! - s0) / diagonal);
      F[r1 + t] = Math.max(EPS, F[r1 + t]! + (P[r1 + t]! - s1) / diagonal);
      F[r2 + t] = Math.max(EPS, F[r2 + t]! + (P[r2 + t]! - s2) / diagonal);
      F[r3 + t] = Math.max(EPS, F[r3 + t]! + (P[r3 + t]! - s3) / diagonal);
    }
  }
  for (; i < rows; i++) {
    const r = i * k;
    for (let t = 0; t < k; t++) {
      const gt = t * k;
      let s = 0;
      for (let u = 0; u < k; u++) s += F[r + u]! * G[gt + u]!;
      F[r + t] = Math.max(EPS, F[r + t]! + (P[r + t]! - s) / (G[gt + t]! + EPS));
    }
  }
}

/** H Hᵀ (k × k) for H stored k × v, row-major. */
function gramOfRows(H: Float64Array, k: number, v: number, out: Float64Array): void {
  for (let a = 0; a < k; a++) for (let b = a; b < k; b++) {
    let s = 0;
    for (let c = 0; c < v; c++) s += H[a * v + c]! * H[b * v + c]!;
    out[a * k + b] = s;
    out[b * k + a] = s;
  }
}

/** M (rows × cols, row-major) transposed. */
function transposed(M: Float64Array, rows: number, cols: number): Float64Array {
  const out = new Float64Array(rows * cols);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[c * rows + r] = M[r * cols + c]!;
  return out;
}

/** H Hᵀ (k × k) from Hᵀ stored v × k, row-major; each entry summed over the v terms in order. */
function gramOfColumns(Ht: Float64Array, v: number, k: number, out: Float64Array): void {
  out.fill(0);
  // Four rows of Hᵀ per pass over `out`: ((o + x₀y₀) + x₁y₁) + … is the same sum in the same order, with a quarter
  // of the loads and stores of `out`.
  let c = 0;
  for (; c + 4 <= v; c += 4) {
    const r0 = c * k;
    const r1 = r0 + k;
    const r2 = r1 + k;
    const r3 = r2 + k;
    for (let a = 0; a < k; a++) {
      const x0 = Ht[r0 + a]!;
      const x1 = Ht[r1 + a]!;
      const x2 = Ht[r2 + a]!;
      const x3 = Ht[r3 + a]!;
      const o = a * k;
      for (let b = a; b < k; b++) out[o + b] = out[o + b]! + x0 * Ht[r0 + b]! + x1 * Ht[r1 + b]! + x2 * Ht[r2 + b]! + x3 * Ht[r3 + b]!;
    }
  }
  for (; c < v; c++) {
    const r = c * k;
    for (let a = 0; a < k; a++) {
      const x = Ht[r + a]!;
      for (let b = a; b < k; b++) out[a * k + b]! += x * Ht[r + b]!;
    }
  }
  for (let a = 0; a < k; a++) for (let b = 0; b < a; b++) out[a * k + b] = out[b * k + a]!;
}

/**
 * The two products with the sparse X (rows `cols` / `vals`): X Hᵀ added into `nk` (n × k) from Hᵀ = `vk` (v × k)
 * when `intoRows`, else (Wᵀ X)ᵀ added into `vk` from W = `nk`.
 */
function sparseProduct(cols: readonly Int32Array[], vals: readonly Float64Array[], k: number, nk: Float64Array, vk: Float64Array, intoRows: boolean): void {
  for (let i = 0; i < cols.length; i++) {
    const c = cols[i]!;
    const x = vals[i]!;
    const r = i * k;
    if (intoRows) {
      // A row's terms two at a time: (a + v₀h₀) + v₁h₁ is the same sum in the same order, with half the stores.
      let e = 0;
      for (; e + 2 <= c.length; e += 2) {
        const col0 = c[e]! * k;
        const col1 = c[e + 1]! * k;
        const val0 = x[e]!;
        const val1 = x[e + 1]!;
        for (let t = 0; t < k; t++) nk[r + t] = nk[r + t]! + val0 * vk[col0 + t]! + val1 * vk[col1 + t]!;
      }
      if (e < c.length) {
        const col = c[e]! * k;
        const val = x[e]!;
        for (let t = 0; t < k; t++) nk[r + t]! += val * vk[col + t]!;
      }
    } else
      for (let e = 0; e < c.length; e++) {
        const col = c[e]! * k;
        const val = x[e]!;
        for (let t = 0; t < k; t++) vk[col + t]! += val * nk[r + t]!;
      }
  }
}
