/**
 * Local re-clustering (issue 17, measured and not kept: docs/benchmarks.md, "Local re-clustering of large topics"):
 * after the global clustering, each topic of at least `minTopicSize` members is clustered again on its members only —
 * either a UMAP layout of its own rows (the space before UMAP; exact neighbours, seeded per topic) or the members'
 * coordinates in the global layout — with HDBSCAN at the global min_cluster_size / min_samples. The topic is split
 * when HDBSCAN finds ≥ 2 sub-topics and a criterion that reads no label agrees: none, excess of mass with the whole
 * topic allowed as the one cluster ("root"), or the sub-topics' silhouette (cosine, before UMAP) above a fixed
 * threshold; optionally only topics less cohesive than the median topic. Sub-noise joins the nearest child (cosine to
 * its centroid before UMAP) or the largest one.
 */
import { UMAP } from "umap-js";
import { hdbscan } from "./hdbscan";
import { seededRandom } from "./random";
import { centroidOf, dotProduct } from "./reduce";
import { leaveOneOutSimilarities } from "./outliers";

export type SplitSpace = "local-umap" | "global-umap";
export type SplitCriterion = { kind: "none" } | { kind: "root" } | { kind: "silhouette"; threshold: number };

export interface SplitOptions {
  space: SplitSpace;
  criterion: SplitCriterion;
  minClusterSize: number;
  minSamples: number;
  /** A topic is examined when it has at least this many members. */
  minTopicSize: number;
  seed: number;
  nComponents?: number;
  nEpochs?: number;
  nNeighbors?: number;
  subNoise?: "nearest" | "largest";
  /** Only topics less cohesive (mean leave-one-out similarity) than the median topic are examined. */
  looseOnly?: boolean;
}

/** Exact nearest neighbours (euclidean on the rows), the row itself first, as umap-js's search returns them. */
export function exactNeighbours(rows: readonly ArrayLike<number>[], k: number): { indices: number[][]; distances: number[][] } {
  const m = rows.length;
  const indices: number[][] = [];
  const distances: number[][] = [];
  for (let i = 0; i < m; i++) {
    const d: { j: number; d: number }[] = [];
    for (let j = 0; j < m; j++) {
      if (j === i) continue;
      const s = dotProduct(rows[i]!, rows[j]!);
      d.push({ j, d: Math.sqrt(Math.max(0, 2 - 2 * s)) });
    }
    d.sort((a, b) => a.d - b.d || a.j - b.j);
    const top = d.slice(0, k - 1);
    indices.push([i, ...top.map((x) => x.j)]);
    distances.push([0, ...top.map((x) => x.d)]);
  }
  return { indices, distances };
}

/** Mean silhouette (cosine distance) of points labelled 0…k-1 (-1 ignored). */
export function silhouette(rows: readonly ArrayLike<number>[], labels: ArrayLike<number>): number {
  const idx: number[] = [];
  let k = 0;
  for (let i = 0; i < labels.length; i++) if (labels[i]! >= 0) {
    idx.push(i);
    k = Math.max(k, labels[i]! + 1);
  }
  if (k < 2) return -1;
  let total = 0;
  for (const i of idx) {
    const sum = new Float64Array(k);
    const count = new Float64Array(k);
    for (const j of idx) {
      if (j === i) continue;
      sum[labels[j]!]! += 1 - dotProduct(rows[i]!, rows[j]!);
      count[labels[j]!]!++;
    }
    const own = labels[i]!;
    if (count[own] === 0) continue;
    const a = sum[own]! / count[own]!;
    let b = Infinity;
    for (let c = 0; c < k; c++) if (c !== own && count[c]! > 0) b = Math.min(b, sum[c]! / count[c]!);
    total += (b - a) / Math.max(a, b, 1e-12);
  }
  return total / idx.length;
}

/**
 * Returns new labels (topics renumbered, split topics' children appended after the existing ones) and how many
 * topics were split.
 */
export function splitTopics(rows: readonly ArrayLike<number>[], reduced: readonly ArrayLike<number>[], labels: Int32Array, opts: SplitOptions): { labels: Int32Array; splits: number } {
  const out = Int32Array.from(labels);
  let k = 0;
  for (const c of labels) if (c + 1 > k) k = c + 1;
  const membersOf: number[][] = Array.from({ length: k }, () => []);
  labels.forEach((c, i) => c >= 0 && membersOf[c]!.push(i));
  let next = k;
  let splits = 0;
  const cohesion = membersOf.map((members) => {
    const loo = leaveOneOutSimilarities(members.map((i) => rows[i]!));
    return loo.reduce((s, x) => s + x, 0) / Math.max(1, loo.length);
  });
  const sorted = [...cohesion].sort((a, b) => a - b);
  const median = sorted[Math.floor((sorted.length - 1) / 2)] ?? 0;
  membersOf.forEach((members, topic) => {
    const m = members.length;
    if (m < opts.minTopicSize) return;
    if (opts.looseOnly && cohesion[topic]! >= median) return;
    let points: ArrayLike<number>[];
    if (opts.space === "global-umap") points = members.map((i) => reduced[i]!);
    else {
      const local = members.map((i) => rows[i]!);
      const nNeighbors = Math.min(opts.nNeighbors ?? 15, m - 1);
      const knn = exactNeighbours(local, nNeighbors);
      const random = seededRandom(opts.seed * 7919 + members[0]!);
      const umap = new UMAP({ nComponents: opts.nComponents ?? 5, nNeighbors, minDist: 0, nEpochs: opts.nEpochs ?? 200, random: random.next });
      umap.setPrecomputedKNN(knn.indices, knn.distances);
      points = umap.fit(local as unknown as number[][]);
    }
    const result = hdbscan(points, { minClusterSize: opts.minClusterSize, minSamples: opts.minSamples, allowSingleCluster: opts.criterion.kind === "root" });
    if (result.clusterCount < 2) return;
    const sub = result.labels;
    if (opts.criterion.kind === "silhouette") {
      const s = silhouette(members.map((i) => rows[i]!), sub);
      if (s < opts.criterion.threshold) return;
    }
    // Sub-noise: the nearest child's centroid (before UMAP), or the largest child.
    const childMembers: number[][] = Array.from({ length: result.clusterCount }, () => []);
    sub.forEach((c, p) => c >= 0 && childMembers[c]!.push(p));
    const centroids = childMembers.map((ps) => centroidOf(ps.map((p) => rows[members[p]!]!)));
    let largest = 0;
    childMembers.forEach((ps, c) => ps.length > childMembers[largest]!.length && (largest = c));
    const childOf = Array.from(sub, (c, p) => {
      if (c >= 0) return c;
      if (opts.subNoise === "largest") return largest;
      let best = 0;
      let bestS = -Infinity;
      centroids.forEach((centroid, cc) => {
        const s = dotProduct(rows[members[p]!]!, centroid);
        if (s > bestS) {
          bestS = s;
          best = cc;
        }
      });
      return best;
    });
    // Child 0 keeps the topic's number; the others get new ones.
    const ids = childMembers.map((_, c) => (c === 0 ? topic : next++));
    members.forEach((i, p) => (out[i] = ids[childOf[p]!]!));
    splits++;
  });
  return { labels: out, splits };
}
