/**
 * Refinement of HDBSCAN's topics in the space that was clustered (the rows before UMAP): UMAP's layout can place a
 * text with a topic its own vector is not closest to. Two steps from the literature, both on cosine similarities only
 * (any embedding):
 * - `refineByCentroids`: spherical k-means (Dhillon & Modha 2001) seeded by the topics, as "HDBSCAN then k-means
 *   polishing" pipelines do: each clustered text moves to the topic whose centroid it is most similar to, centroids
 *   are recomputed, until no text moves (Lloyd's iterations converge) or `MAX_REFINE_ITERATIONS`. Noise stays noise:
 *   admitting it is `reduceOutliers`' rule, applied afterwards.
 * - `mergeCloseTopics`: two topics are one when the average member of each would be admitted into the other by that
 *   same outlier rule (mean cosine to the other's centroid ≥ the other's 10th-percentile leave-one-out similarity).
 */
import { leaveOneOutSimilarities, MEMBER_SIMILARITY_QUANTILE } from "./outliers";
import { centroidOf } from "./reduce";

/** Lloyd's iterations usually settle in a few; a cap keeps the cost bounded on a pathological input. */
export const MAX_REFINE_ITERATIONS = 10;

export interface Refinement {
  /** Topic per text (0…clusterCount-1 in order of first member, -1 noise). */
  labels: Int32Array;
  clusterCount: number;
  /** Texts whose topic changed (reassigned or merged). */
  moved: number;
  /** Reassignment passes run (the last one moved nothing unless the cap was reached). */
  iterations: number;
}

/** Labels renumbered 0…k-1 in order of first member (HDBSCAN's order), topics left without members dropped. */
function compact(labels: Int32Array): { labels: Int32Array; clusterCount: number } {
  const map = new Map<number, number>();
  const out = labels.map((c) => {
    if (c < 0) return -1;
    let m = map.get(c);
    if (m === undefined) map.set(c, (m = map.size));
    return m;
  });
  return { labels: out, clusterCount: map.size };
}

/** A row's non-zero coordinates: the offline embedder's hashed part is sparse, so similarities cost far less. */
interface SparseRow {
  at: Int32Array;
  value: Float64Array;
}

function sparse(v: ArrayLike<number>): SparseRow {
  let nonZero = 0;
  for (let j = 0; j < v.length; j++) if (v[j] !== 0) nonZero++;
  const at = new Int32Array(nonZero);
  const value = new Float64Array(nonZero);
  for (let j = 0, q = 0; j < v.length; j++)
    if (v[j] !== 0) {
      at[q] = j;
      value[q++] = v[j]!;
    }
  return { at, value };
}

/**
 * `vectors` L2-normalised rows; `labels` topic per text (-1 noise). A text moves only to a strictly more similar
 * centroid (ties keep it where it is), so a stable assignment comes back unchanged. A topic that loses every member
 * is dropped.
 */
export function refineByCentroids(vectors: readonly ArrayLike<number>[], labels: Int32Array, maxIterations = MAX_REFINE_ITERATIONS): Refinement {
  const current = Int32Array.from(labels);
  let k = 0;
  for (const c of labels) if (c + 1 > k) k = c + 1;
  const clustered: number[] = [];
  labels.forEach((c, i) => c >= 0 && clustered.push(i));
  if (k < 2 || !clustered.length) return { ...compact(current), moved: 0, iterations: 0 };
  const d = vectors[0]!.length;
  const rows = new Map<number, SparseRow>(clustered.map((i) => [i, sparse(vectors[i]!)]));
  const centroids = new Float64Array(k * d);
  const size = new Int32Array(k);
  let iterations = 0;
  while (iterations < maxIterations) {
    iterations++;
    centroids.fill(0);
    size.fill(0);
    for (const i of clustered) {
      const c = current[i]!;
      size[c]!++;
      const { at, value } = rows.get(i)!;
      for (let q = 0, o = c * d; q < at.length; q++) centroids[o + at[q]!]! += value[q]!;
    }
    for (let t = 0; t < k; t++) {
      let s = 0;
      for (let j = t * d; j < (t + 1) * d; j++) s += centroids[j]! * centroids[j]!;
      const inv = s > 0 ? 1 / Math.sqrt(s) : 0;
      for (let j = t * d; j < (t + 1) * d; j++) centroids[j]! *= inv;
    }
    // Every text is scored against the centroids of this pass before any moves (Lloyd, not MacQueen): the result does
    // not depend on the order of the texts.
    const next = Int32Array.from(current);
    let moves = 0;
    for (const i of clustered) {
      const { at, value } = rows.get(i)!;
      const own = current[i]!;
      let best = -Infinity;
      let topic = own;
      for (let t = 0; t < k; t++) {
        if (!size[t]) continue;
        let s = 0;
        for (let q = 0, o = t * d; q < at.length; q++) s += value[q]! * centroids[o + at[q]!]!;
        if (s > best || (s === best && t === own)) {
          best = s;
          topic = t;
        }
      }
      if (topic !== own) {
        next[i] = topic;
        moves++;
      }
    }
    current.set(next);
    if (!moves) break;
  }
  let moved = 0;
  labels.forEach((c, i) => c !== current[i] && moved++);
  return { ...compact(current), moved, iterations };
}

/**
 * Merges topics pairwise, the pair with the larger of the two smaller margins first, recomputed after each merge:
 * A and B merge when mean over A's members of cos(member, centroid B) ≥ B's threshold and the same for B towards A,
 * a threshold being what `reduceOutliers` asks of a noise text (the topic's `MEMBER_SIMILARITY_QUANTILE` leave-one-out
 * similarity). The mean cosine of A's members to a centroid is the cosine of A's member sum, divided by |A|.
 */
export function mergeCloseTopics(vectors: readonly ArrayLike<number>[], labels: Int32Array, quantile = MEMBER_SIMILARITY_QUANTILE): Refinement {
  const current = Int32Array.from(labels);
  let k = 0;
  for (const c of labels) if (c + 1 > k) k = c + 1;
  if (k < 2) return { ...compact(current), moved: 0, iterations: 0 };
  const d = vectors[0]!.length;
  const membersOf: number[][] = Array.from({ length: k }, () => []);
  labels.forEach((c, i) => c >= 0 && membersOf[c]!.push(i));
  const alive = membersOf.map((m) => m.length > 0);
  const meanRow = (members: number[]) => {
    const s = new Float64Array(d);
    for (const i of members) {
      const v = vectors[i]!;
      for (let j = 0; j < d; j++) s[j]! += v[j]!;
    }
    for (let j = 0; j < d; j++) s[j]! /= members.length;
    return s;
  };
  const thresholdOf = (members: number[]) => {
    const sims = leaveOneOutSimilarities(members.map((i) => vectors[i]!)).sort((a, b) => a - b);
    return sims.length ? sims[Math.floor(quantile * (sims.length - 1))]! : Infinity;
  };
  const means = membersOf.map((m) => (m.length ? meanRow(m) : new Float64Array(d)));
  const centroids = membersOf.map((m) => (m.length ? centroidOf(m.map((i) => vectors[i]!)) : new Float64Array(d)));
  const thresholds = membersOf.map((m) => (m.length ? thresholdOf(m) : Infinity));
  const dot = (x: Float64Array, y: Float64Array) => {
    let s = 0;
    for (let j = 0; j < d; j++) s += x[j]! * y[j]!;
    return s;
  };
  // meanToCentroid[a·k + b]: mean cosine of a's members to b's centroid; only a merged topic's row and column change.
  const meanToCentroid = new Float64Array(k * k);
  for (let a = 0; a < k; a++) for (let b = 0; b < k; b++) if (alive[a] && alive[b] && a !== b) meanToCentroid[a * k + b] = dot(means[a]!, centroids[b]!);
  // margin(a → b): how far a's average member is above b's admission threshold.
  const cross = (a: number, b: number) => meanToCentroid[a * k + b]! - thresholds[b]!;
  let merges = 0;
  for (;;) {
    let best = -Infinity;
    let pair: [number, number] | null = null;
    for (let a = 0; a < k; a++) {
      if (!alive[a]) continue;
      for (let b = a + 1; b < k; b++) {
        if (!alive[b]) continue;
        const margin = Math.min(cross(a, b), cross(b, a));
        if (margin >= 0 && margin > best) {
          best = margin;
          pair = [a, b];
        }
      }
    }
    if (!pair) break;
    const [a, b] = pair;
    membersOf[a] = [...membersOf[a]!, ...membersOf[b]!].sort((x, y) => x - y);
    for (const i of membersOf[b]!) current[i] = a;
    membersOf[b] = [];
    alive[b] = false;
    means[a] = meanRow(membersOf[a]!);
    centroids[a] = centroidOf(membersOf[a]!.map((i) => vectors[i]!));
    thresholds[a] = thresholdOf(membersOf[a]!);
    for (let t = 0; t < k; t++)
      if (alive[t] && t !== a) {
        meanToCentroid[a * k + t] = dot(means[a]!, centroids[t]!);
        meanToCentroid[t * k + a] = dot(means[t]!, centroids[a]!);
      }
    merges++;
  }
  let moved = 0;
  labels.forEach((c, i) => c !== current[i] && moved++);
  return { ...compact(current), moved, iterations: merges };
}
