/**
 * An NMF topic-proportion block (measured, switch `SILLAGE_NMF`): the texts' TF-IDF bags of terms factorised as
 * X ≈ W·H (non-negative, Frobenius, Lee & Seung's multiplicative updates from a seeded start: deterministic), each
 * text's row of W — how much of each of k latent topics it holds — L2-normalised and joined to the row UMAP reads
 * at `NMF_SHARE` of its squared norm, as the corpus and pretrained vectors are joined.
 * k = √(n / 2) (the usual rule of thumb for a number of groups), between 5 and 80.
 */
import { normalizeRow } from "./reduce";
import { seededRandom } from "./random";

const NMF_SHARE = 0.3;
const ITERATIONS = 50;
const EPS = 1e-10;

export function withNmfBlock(rows: readonly Float64Array[], texts: readonly string[], termsOf: (text: string) => string[]): Float64Array[] {
  const n = texts.length;
  const bags = texts.map(termsOf);
  const df = new Map<string, number>();
  for (const bag of bags) for (const t of new Set(bag)) df.set(t, (df.get(t) ?? 0) + 1);
  const vocabulary = new Map<string, number>();
  for (const [t, f] of df) if (f >= 2) vocabulary.set(t, vocabulary.size);
  const v = vocabulary.size;
  const k = Math.max(5, Math.min(80, Math.round(Math.sqrt(n / 2))));
  if (v < k) return rows.map((r) => r);
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
    const c = Int32Array.from(tf.keys());
    const x = Float64Array.from([...tf.entries()].map(([col, f]) => f * idf[col]!));
    cols.push(c);
    vals.push(normalizeRow(x));
  }
  const random = seededRandom(17);
  let mean = 0;
  for (const x of vals) for (const y of x) mean += y;
  mean /= n * v;
  const scale = Math.sqrt(mean / k);
  const W = Float64Array.from({ length: n * k }, () => random.next() * scale);
  const H = Float64Array.from({ length: k * v }, () => random.next() * scale);
  const XHt = new Float64Array(n * k);
  const HHt = new Float64Array(k * k);
  const XtW = new Float64Array(v * k);
  const WtW = new Float64Array(k * k);
  for (let it = 0; it < ITERATIONS; it++) {
    // W ← W ∘ (X Hᵀ) / (W H Hᵀ)
    XHt.fill(0);
    for (let i = 0; i < n; i++) {
      const c = cols[i]!;
      const x = vals[i]!;
      for (let e = 0; e < c.length; e++) {
        const col = c[e]!;
        const val = x[e]!;
        for (let t = 0; t < k; t++) XHt[i * k + t]! += val * H[t * v + col]!;
      }
    }
    gram(H, k, v, HHt);
    for (let i = 0; i < n; i++) {
      for (let t = 0; t < k; t++) {
        let s = 0;
        for (let u = 0; u < k; u++) s += W[i * k + u]! * HHt[u * k + t]!;
        W[i * k + t]! *= XHt[i * k + t]! / (s + EPS);
      }
    }
    // H ← H ∘ (Wᵀ X) / (Wᵀ W H)
    XtW.fill(0);
    for (let i = 0; i < n; i++) {
      const c = cols[i]!;
      const x = vals[i]!;
      for (let e = 0; e < c.length; e++) {
        const col = c[e]!;
        const val = x[e]!;
        for (let t = 0; t < k; t++) XtW[col * k + t]! += val * W[i * k + t]!;
      }
    }
    WtW.fill(0);
    for (let i = 0; i < n; i++) for (let t = 0; t < k; t++) {
      const w = W[i * k + t]!;
      if (w === 0) continue;
      for (let u = 0; u < k; u++) WtW[t * k + u]! += w * W[i * k + u]!;
    }
    for (let col = 0; col < v; col++) {
      for (let t = 0; t < k; t++) {
        let s = 0;
        for (let u = 0; u < k; u++) s += WtW[t * k + u]! * H[u * v + col]!;
        H[t * v + col]! *= XtW[col * k + t]! / (s + EPS);
      }
    }
  }
  const rest = Math.sqrt(1 - NMF_SHARE);
  const share = Math.sqrt(NMF_SHARE);
  return rows.map((row, i) => {
    const block = normalizeRow(W.slice(i * k, (i + 1) * k));
    const out = new Float64Array(row.length + k);
    for (let j = 0; j < row.length; j++) out[j] = rest * row[j]!;
    // A text without a known term keeps a zero block: once normalised, the row it had without.
    if (cols[i]!.length) for (let t = 0; t < k; t++) out[row.length + t] = share * block[t]!;
    return normalizeRow(out);
  });
}

/** H Hᵀ (k × k) for H stored k × v, row-major. */
function gram(H: Float64Array, k: number, v: number, out: Float64Array): void {
  for (let a = 0; a < k; a++) for (let b = a; b < k; b++) {
    let s = 0;
    for (let c = 0; c < v; c++) s += H[a * v + c]! * H[b * v + c]!;
    out[a * k + b] = s;
    out[b * k + a] = s;
  }
}
