/**
 * Partial outlier reduction (BERTopic's `reduce_outliers` with a threshold, made relative to each topic): HDBSCAN
 * leaves as noise every text it cannot place with confidence in the reduced space, including texts that plainly say
 * what a topic's members say. A noise text joins its most similar topic (cosine to the topic's centroid in the space
 * that was clustered, before UMAP) only when it is at least as similar as the topic's own members typically are:
 * ≥ the 10th percentile of the members' similarities, i.e. a robust minimum (the very least similar member may itself
 * be a borderline case). A text less similar to every topic than that stays noise: real outliers are still shown as
 * such, unlike assigning every noise text to its nearest topic. Works on any embedding (offline or a model's): only
 * cosine similarities are used.
 */
import { centroidOf, dotProduct } from "./reduce";

/** The share of a topic's members allowed to be less similar to its centroid than a text that joins it. */
export const MEMBER_SIMILARITY_QUANTILE = 0.1;

export interface OutlierReduction {
  /** Topic per text after reduction (-1: still noise). */
  labels: Int32Array;
  /** How many noise texts joined a topic. */
  assigned: number;
}

/**
 * `vectors` L2-normalised rows; `labels` topic per text (0…k-1, -1 noise). Topics' centroids and thresholds come from
 * HDBSCAN's members only, so the order of noise texts changes nothing (deterministic).
 */
export function reduceOutliers(vectors: readonly ArrayLike<number>[], labels: Int32Array, quantile = MEMBER_SIMILARITY_QUANTILE): OutlierReduction {
  const out = Int32Array.from(labels);
  let k = 0;
  for (const c of labels) if (c + 1 > k) k = c + 1;
  if (!k) return { labels: out, assigned: 0 };
  const membersOf: number[][] = Array.from({ length: k }, () => []);
  labels.forEach((c, i) => c >= 0 && membersOf[c]!.push(i));
  const centroids = membersOf.map((members) => centroidOf(members.map((i) => vectors[i]!)));
  const thresholds = membersOf.map((members, c) => {
    const sims = members.map((i) => dotProduct(vectors[i]!, centroids[c]!)).sort((a, b) => a - b);
    return sims.length ? sims[Math.floor(quantile * (sims.length - 1))]! : Infinity;
  });
  // Every noise text against every centroid: one flat array of centroids and the text's non-zero coordinates (few in
  // the offline embedder's hashed vectors, all of them in a model's) keep this loop short and monomorphic.
  const d = vectors[0]!.length;
  const flat = new Float64Array(k * d);
  // A topic without members (none from HDBSCAN) keeps a zero centroid and an infinite threshold: nobody joins it.
  centroids.forEach((centroid, t) => centroid.length === d && flat.set(centroid, t * d));
  const at = new Int32Array(d);
  const value = new Float64Array(d);
  let assigned = 0;
  labels.forEach((c, i) => {
    if (c >= 0) return;
    const v = vectors[i]!;
    let nonZero = 0;
    for (let j = 0; j < d; j++) {
      if (v[j] === 0) continue;
      at[nonZero] = j;
      value[nonZero++] = v[j]!;
    }
    let best = -Infinity;
    let topic = -1;
    for (let t = 0; t < k; t++) {
      let s = 0;
      for (let q = 0, o = t * d; q < nonZero; q++) s += value[q]! * flat[o + at[q]!]!;
      if (s > best) {
        best = s;
        topic = t;
      }
    }
    if (topic >= 0 && best >= thresholds[topic]!) {
      out[i] = topic;
      assigned++;
    }
  });
  return { labels: out, assigned };
}
