/**
 * Before UMAP: an IDF per embedding dimension measured on the texts being clustered. The offline embedder's weights
 * are fixed for every corpus; in a bank's messages "card" is everywhere and says little, "pin" is rare and says a
 * lot. Measured on BANKING77: noise 18 % → 15 % at equal NMI. Dense model embeddings (every dimension non-zero in
 * every row) get the same factor everywhere, so it changes nothing for them.
 */

export type Matrix = Float64Array[];

export function reweightByCorpus(vectors: readonly ArrayLike<number>[]): Matrix {
  const n = vectors.length;
  if (!n) return [];
  const d = vectors[0]!.length;
  const df = new Float64Array(d);
  for (const v of vectors) for (let i = 0; i < d; i++) if (v[i] !== 0) df[i]!++;
  const idf = df.map((f) => Math.log((1 + n) / (1 + f)) + 1);
  return vectors.map((v) => {
    const out = new Float64Array(d);
    for (let i = 0; i < d; i++) out[i] = v[i]! * idf[i]!;
    return normalizeRow(out);
  });
}

export function normalizeRow(v: Float64Array): Float64Array {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i]! * v[i]!;
  if (s > 0) {
    const inv = 1 / Math.sqrt(s);
    for (let i = 0; i < v.length; i++) v[i]! *= inv;
  }
  return v;
}


export function dotProduct(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

/** The mean of some rows, L2-normalised (a topic's direction; its cosine with a normalised row is a dot product). */
export function centroidOf(rows: readonly ArrayLike<number>[]): Float64Array {
  const centroid = new Float64Array(rows[0]?.length ?? 0);
  for (const v of rows) for (let j = 0; j < centroid.length; j++) centroid[j]! += v[j]!;
  return normalizeRow(centroid);
}

/**
 * What a set of text vectors shares, removed from each ("all-but-the-top", Mu & Viswanath 2018): their mean and,
 * once centred, their first principal direction (power iteration from the uniform direction: deterministic).
 */
export interface CommonPart {
  mean: Float64Array;
  dominantDirection: Float64Array;
}

const POWER_ITERATIONS_DOMINANT = 100;

export function commonPartOf(vectors: readonly Float64Array[], dimension: number): CommonPart {
  const mean = new Float64Array(dimension);
  for (const v of vectors) for (let k = 0; k < dimension; k++) mean[k]! += v[k]! / vectors.length;
  const centred = vectors.map((v) => v.map((x, k) => x - mean[k]!));
  let direction: Float64Array = new Float64Array(dimension).fill(1 / Math.sqrt(dimension));
  for (let it = 0; it < POWER_ITERATIONS_DOMINANT; it++) {
    const next = new Float64Array(dimension);
    for (const v of centred) {
      const d = dotProduct(v, direction);
      for (let k = 0; k < dimension; k++) next[k]! += d * v[k]!;
    }
    direction = normalizeRow(next);
  }
  return { mean, dominantDirection: direction };
}

/** `raw` less the common part, L2-normalised; a zero vector (no known word) stays zero. */
export function withoutCommonPart(raw: Float64Array, common: CommonPart): Float64Array {
  if (raw.every((x) => x === 0)) return raw;
  const centred = raw.map((x, k) => x - common.mean[k]!);
  const d = dotProduct(centred, common.dominantDirection);
  for (let k = 0; k < centred.length; k++) centred[k]! -= d * common.dominantDirection[k]!;
  return normalizeRow(centred);
}
