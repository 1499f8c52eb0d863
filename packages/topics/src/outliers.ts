/**
 * Partial outlier reduction (BERTopic's `reduce_outliers` with a threshold, made relative to each topic): HDBSCAN
 * leaves as noise every text it cannot place with confidence in the reduced space, including texts that plainly say
 * what a topic's members say. A noise text joins its most similar topic (cosine to the topic's centroid in the space
 * that was clustered, before UMAP) only when it is at least as similar as the topic's own members typically are:
 * ≥ the 10th percentile of the members' similarities to the centroid of the other members (leave-one-out, so a
 * member is not credited with its own share of the centroid), i.e. a robust minimum (the very least similar member
 * may itself be a borderline case). A text less similar to every topic than that stays noise: real outliers are
 * still shown as such, unlike assigning every noise text to its nearest topic. Works on any embedding (offline or a
 * model's): only cosine similarities are used.
 * Leave-one-out (measured, UMAP seeds 17 / 1 / 2): the shop set (672 FR/EN texts, topics of 7 texts typically)
 * noise 12.6–15.2 % → 6.5–8.0 %, NMI +0.01–0.02; BANKING77 random subsamples of 350 and 700 texts noise 8–13 % →
 * 3–8 %, NMI +0.01–0.02; BANKING77 halves (2,500, topics of ~20) NMI +0.004 to +0.008 on both, noise 5–7 % → 3–4 %.
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
 * Each member's cosine to the centroid of the topic's other members. A member's similarity to a centroid it is part
 * of is inflated by its own share of it (1 / size): in a topic of 3 short messages, members whose cosine with each
 * other is 0.3 have 0.73 with their centroid, while a text exactly as similar to them reaches only 0.41, so small
 * topics took no outlier at all. Leaving the member out compares like with like at any topic size (large topics
 * barely change: 0.554 → 0.54 at 100 members).
 */
export function leaveOneOutSimilarities(rows: readonly ArrayLike<number>[]): number[] {
  if (rows.length < 2) return [];
  const sum = new Float64Array(rows[0]!.length);
  for (const v of rows) for (let j = 0; j < sum.length; j++) sum[j]! += v[j]!;
  const sumSquared = dotProduct(sum, sum);
  return rows.map((v) => {
    const vs = dotProduct(v, sum);
    const vv = dotProduct(v, v);
    // v · (S − v) / (|v| · |S − v|), with |S − v|² = |S|² − 2 v·S + |v|².
    const rest = sumSquared - 2 * vs + vv;
    return rest > 1e-12 && vv > 0 ? (vs - vv) / Math.sqrt(vv * rest) : -1;
  });
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
  const thresholds = membersOf.map((members) => {
    const sims = leaveOneOutSimilarities(members.map((i) => vectors[i]!)).sort((a, b) => a - b);
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

/**
 * After `reduceOutliers`: a text still noise joins the topic that holds more than half of its nearest neighbours
 * (UMAP's own neighbour lists, the text itself left out), i.e. where a majority of the texts most like it already
 * are. Votes are counted on the labels before this step, so the order of the texts changes nothing. Alone: NMI
 * +0.000 to +0.004 on every input and seed, noise −0.5 to −1 point; kept with word pairs and min_cluster_size √n / 8
 * (docs/benchmarks.md, branch `topicsparams`).
 */
export function joinByNeighbourVote(labels: Int32Array, neighbours: readonly (readonly number[])[]): OutlierReduction {
  const out = Int32Array.from(labels);
  let assigned = 0;
  const votes = new Map<number, number>();
  labels.forEach((c, i) => {
    if (c >= 0) return;
    const others = neighbours[i]!.filter((j) => j !== i && j >= 0);
    votes.clear();
    for (const j of others) if (labels[j]! >= 0) votes.set(labels[j]!, (votes.get(labels[j]!) ?? 0) + 1);
    for (const [topic, count] of votes)
      if (count > others.length / 2) {
        out[i] = topic;
        assigned++;
      }
  });
  return { labels: out, assigned };
}
