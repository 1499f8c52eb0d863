/**
 * Self-training: the first clustering tells which dimensions tell topics apart, and the layout is made once more
 * with those dimensions weighted up — unsupervised feature selection. Each dimension of the rows UMAP reads (hashed
 * terms after the corpus IDF, corpus word vectors) gets its adjusted correlation ratio with the first pass's topics,
 * ε² = (SS_between − (k − 1) · MS_within) / SS_total (Kelley 1935; η² corrected for the k groups, as the adjusted R²
 * is; noise texts left out), floored at 0; the coordinates are scaled by √ε², so a dimension's share of a squared
 * distance follows the share of its variance the topics explain, and rows are L2-normalised again. Then UMAP, HDBSCAN
 * and the outlier reduction run once more on the reweighted rows. Greetings, politeness and words spread over every
 * topic stop pulling different needs together; nothing is chosen on a labelled set (no threshold, no exponent tuned).
 * Not wired into `findTopics` (docs/benchmarks.md, "Self-training", 2026-12-03): NMI +0.008 to +0.016 on BANKING77's
 * halves at UMAP seeds 17 / 1 / 2, whole sample +0.003 to +0.009, shop set +0.004 on average, but samples of 60–200
 * texts lose 0.008–0.023 on average (a word in one text gets ε² = 0, so texts differing only by such words become
 * duplicates, and UMAP then links them to the nearest other topic) and 10,000 texts cost +9 s of CPU (the second
 * layout's epochs, HDBSCAN, and `neighboursAfterWeighting`): over the 30 s budget until UMAP's neighbour search is
 * faster. The hook, for when it is: after the first HDBSCAN and outlier reduction, `weightByTopics(weighted, found)`,
 * then UMAP with `setPrecomputedKNN(neighboursAfterWeighting(...))`, HDBSCAN and `reduceOutliers` on the new rows.
 */
import { normalizeRow } from "./reduce";

/** √ε² per dimension of `rows` against `topics` (-1 noise, left out); zeros when fewer than two topics. */
export function topicSeparationWeights(rows: readonly ArrayLike<number>[], topics: Int32Array): Float64Array {
  const d = rows[0]?.length ?? 0;
  const weights = new Float64Array(d);
  let k = 0;
  for (const c of topics) if (c + 1 > k) k = c + 1;
  const sums = Array.from({ length: k }, () => new Float64Array(d));
  const counts = new Float64Array(k);
  const total = new Float64Array(d);
  const totalSquares = new Float64Array(d);
  let n = 0;
  rows.forEach((row, i) => {
    const c = topics[i]!;
    if (c < 0) return;
    n++;
    counts[c]!++;
    const sum = sums[c]!;
    for (let j = 0; j < d; j++) {
      sum[j]! += row[j]!;
      total[j]! += row[j]!;
      totalSquares[j]! += row[j]! * row[j]!;
    }
  });
  const groups = counts.filter((c) => c > 0).length;
  if (groups < 2 || n <= groups) return weights;
  for (let j = 0; j < d; j++) {
    const meanPart = (total[j]! * total[j]!) / n;
    const ssTotal = totalSquares[j]! - meanPart;
    if (ssTotal <= 1e-12 * Math.max(1, totalSquares[j]!)) continue;
    let ssBetween = -meanPart;
    for (let c = 0; c < k; c++) if (counts[c]) ssBetween += (sums[c]![j]! * sums[c]![j]!) / counts[c]!;
    const msWithin = (ssTotal - ssBetween) / (n - groups);
    weights[j] = Math.sqrt(Math.max(0, (ssBetween - (groups - 1) * msWithin) / ssTotal));
  }
  return weights;
}

/**
 * The rows with each dimension scaled by its weight, L2-normalised again; null when the first pass found fewer than
 * two topics (nothing separates anything yet: the first pass stands).
 */
export function weightByTopics(rows: readonly ArrayLike<number>[], topics: Int32Array): Float64Array[] | null {
  const weights = topicSeparationWeights(rows, topics);
  if (!weights.some((w) => w > 0)) return null;
  return rows.map((row) => normalizeRow(Float64Array.from(row, (x, j) => x * weights[j]!)));
}

/** Neighbour lists as umap-js keeps them: per text, indices and distances, nearest first (the text itself included). */
export interface NeighbourLists {
  indices: number[][];
  distances: number[][];
}

/**
 * The second layout's neighbours without a second search: for each text, among its first-pass neighbours and their
 * neighbours (NN-descent's local join, Dong et al. 2011, once), the `k` nearest in the reweighted rows (Euclidean, as
 * UMAP's). The reweighting moves texts between close neighbourhoods, not across the space, so the candidates hold
 * the new neighbours, for a fraction of the search's cost.
 */
export function neighboursAfterWeighting(rows: readonly ArrayLike<number>[], first: NeighbourLists, k: number): NeighbourLists {
  const indices: number[][] = [];
  const distances: number[][] = [];
  const seen = new Int32Array(rows.length).fill(-1);
  rows.forEach((row, i) => {
    const candidates: { j: number; d: number }[] = [];
    const consider = (j: number) => {
      if (j < 0 || seen[j] === i) return;
      seen[j] = i;
      const other = rows[j]!;
      let s = 0;
      for (let m = 0; m < row.length; m++) {
        const x = row[m]! - other[m]!;
        s += x * x;
      }
      candidates.push({ j, d: Math.sqrt(s) });
    };
    consider(i);
    for (const j of first.indices[i]!) {
      consider(j);
      if (j >= 0) for (const l of first.indices[j]!) consider(l);
    }
    candidates.sort((a, b) => a.d - b.d || a.j - b.j);
    const kept = candidates.slice(0, k);
    indices.push(kept.map((c) => c.j));
    distances.push(kept.map((c) => c.d));
  });
  return { indices, distances };
}
