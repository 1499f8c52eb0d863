/**
 * The topic pipeline over texts and their embeddings (pure, no database): corpus IDF per dimension → UMAP (umap-js,
 * seeded) to a few dimensions → HDBSCAN → partial outlier reduction (`outliers.ts`) → c-TF-IDF terms, centroid, most
 * central samples per topic.
 */
import { hdbscan } from "./hdbscan";
import { classTfIdf, termsLabel } from "./labels";
import { joinByNeighbourVote, reduceOutliers } from "./outliers";
import { seededRandom } from "./random";
import { withCorpusVectors, type CorpusVectors } from "./corpus-vectors";
import { umapLayout } from "./layout";
import { umapNeighbours } from "./neighbours";
import { withNmfBlock } from "./nmf";
import { centroidOf, dotProduct, reweightByCorpus } from "./reduce";

export interface ClusterParameters {
  /** HDBSCAN's smallest topic. */
  minClusterSize: number;
  /** HDBSCAN's neighbours for core distances (lower → less noise, more small topics). */
  minSamples: number;
  /** UMAP's neighbourhood (local structure vs global). */
  nNeighbors: number;
  nComponents: number;
  nEpochs: number;
}

/** Fewer texts than this give no topics: a "topic" of a handful of messages is an anecdote. */
export const MIN_TEXTS = 10;

/**
 * Parameters from the data size only (never from a labelled sample): a topic needs about √n / 8 texts (3 for a post
 * with 20–600 comments, 4 for 1,000 messages, 9 for 5,000, 13 for 10,000), so a busy day's topics are not split into
 * anecdotes and a small post still shows some; min_samples a quarter of it (a third left 14–19 % of short messages
 * as noise, a quarter 12 %). √n / 6 was chosen before the corpus vectors; with them, word pairs and the neighbour
 * vote, √n / 8 raises BANKING77 and the shop set (alone it lowered BANKING77's odd half), √n / 5 lowers both
 * (docs/benchmarks.md, branch `topicsparams`).
 * UMAP: 15 neighbours (its default) or fewer when there are few texts, 5 dimensions (HDBSCAN is exact and O(n²·d)),
 * fewer epochs for large sets (the layout converges; time is the budget).
 */
export function clusterParameters(n: number): ClusterParameters {
  const minClusterSize = Math.min(40, Math.max(3, Math.round(Math.sqrt(n) / 8)));
  return {
    minClusterSize,
    minSamples: Math.max(2, Math.round(minClusterSize / 4)),
    nNeighbors: Math.max(2, Math.min(15, n - 1)),
    nComponents: 5,
    nEpochs: n > 5000 ? 120 : n > 2000 ? 200 : 400,
  };
}

export interface FoundTopic {
  /** Indices of the texts in the topic, most central first. */
  members: number[];
  /** HDBSCAN membership strength of each member (same order). */
  probabilities: number[];
  terms: string[];
  label: string;
  /** Mean of the members' embeddings (original space), L2-normalised: matched against the previous period's. */
  centroid: Float32Array;
  /** Up to 5 of the most central members (indices). */
  samples: number[];
}

export interface Clustering {
  topics: FoundTopic[];
  /** Topic index per text (topics sorted by size), -1 for noise. */
  labels: Int32Array;
  noiseShare: number;
  parameters: ClusterParameters;
  timings: { reduceSeconds: number; clusterSeconds: number; labelSeconds: number };
}

export function findTopics(
  texts: readonly string[],
  vectors: readonly ArrayLike<number>[],
  opts: {
    seed?: number;
    parameters?: Partial<ClusterParameters>;
    /**
     * Only for the offline embedder's vectors: word vectors learned beforehand (`learnCorpusVectors`, from the
     * workspace's history or any wider corpus), joined to the lexical rows (`corpus-vectors.ts`). A model's dense
     * embeddings already place synonyms together.
     */
    corpusVectors?: CorpusVectors | null;
  } = {},
): Clustering {
  const n = texts.length;
  const parameters = { ...clusterParameters(n), ...opts.parameters };
  const empty: Clustering = { topics: [], labels: new Int32Array(n).fill(-1), noiseShare: n ? 1 : 0, parameters, timings: { reduceSeconds: 0, clusterSeconds: 0, labelSeconds: 0 } };
  if (n < MIN_TEXTS) return empty;

  let t = performance.now();
  const lexical = reweightByCorpus(vectors);
  // Offline: the hashed words cannot see synonyms; vectors learned from a corpus can (NMI +0.015 on BANKING77's halves).
  // And a topic-proportion block over bilingual concepts (NMF): BANKING77 +0.016, shop set +0.007 (`nmf.ts`).
  const weighted = opts.corpusVectors ? withNmfBlock(withCorpusVectors(lexical, texts, opts.corpusVectors), texts) : lexical;
  const random = seededRandom(opts.seed ?? 17);
  // umap-js's neighbour search, fuzzy graph and epochs, done on typed arrays: the same layout to the bit, the same
  // generator calls, a fraction of the time (`neighbours.ts`, `layout.ts`).
  const knn = umapNeighbours(weighted, parameters.nNeighbors, random.next);
  const reduced = umapLayout(knn.indices, knn.distances, parameters.nNeighbors, { nComponents: parameters.nComponents, nEpochs: parameters.nEpochs, minDist: 0 }, random.next);
  const reduceSeconds = (performance.now() - t) / 1000;

  t = performance.now();
  const result = hdbscan(reduced, { minClusterSize: parameters.minClusterSize, minSamples: parameters.minSamples });
  // Noise texts as similar to a topic as its own members join it (in the space before UMAP); the others stay noise.
  // Then a text still noise whose neighbours are mostly one topic's members joins it.
  const found = joinByNeighbourVote(reduceOutliers(weighted, result.labels).labels, knn.indices).labels;
  const clusterSeconds = (performance.now() - t) / 1000;

  t = performance.now();
  const groups: { members: number[]; probabilities: number[] }[] = Array.from({ length: result.clusterCount }, () => ({ members: [], probabilities: [] }));
  found.forEach((c, i) => {
    if (c < 0) return;
    groups[c]!.members.push(i);
    // A text that joined after HDBSCAN has no membership strength there: 0, as for the noise it came from.
    groups[c]!.probabilities.push(result.probabilities[i]!);
  });
  groups.sort((a, b) => b.members.length - a.members.length || a.members[0]! - b.members[0]!);
  const termLists = classTfIdf(groups.map((g) => g.members.map((i) => texts[i]!)));
  const topics = groups.map((g, k): FoundTopic => {
    const centroid = Float32Array.from(centroidOf(g.members.map((i) => vectors[i]!)));
    // Most central: closest to the centroid (cosine), ties to the earliest.
    const order = g.members
      .map((i, pos) => ({ i, p: g.probabilities[pos]!, s: dotProduct(vectors[i]!, centroid) }))
      .sort((a, b) => b.s - a.s || a.i - b.i);
    const samples: number[] = [];
    const seen = new Set<string>();
    for (const o of order) {
      const key = texts[o.i]!.trim().toLowerCase();
      if (seen.has(key)) continue;
      seen.add(key);
      samples.push(o.i);
      if (samples.length === 5) break;
    }
    const topTerms = termLists[k]!;
    return {
      members: order.map((o) => o.i),
      probabilities: order.map((o) => o.p),
      terms: topTerms,
      label: termsLabel(topTerms) || texts[samples[0]!]!.slice(0, 60),
      centroid,
      samples,
    };
  });
  const labels = new Int32Array(n).fill(-1);
  topics.forEach((topic, k) => topic.members.forEach((i) => (labels[i] = k)));
  const labelSeconds = (performance.now() - t) / 1000;
  const noise = labels.reduce((s, c) => s + (c < 0 ? 1 : 0), 0);
  return { topics, labels, noiseShare: noise / n, parameters, timings: { reduceSeconds, clusterSeconds, labelSeconds } };
}

export type TrendDirection = "new" | "up" | "down" | "stable";

/** Centroids at least this similar (cosine) are the same topic from one period to the next. */
export const SAME_TOPIC_SIMILARITY = 0.8;

/**
 * Matches each topic to the previous period's most similar one (greedy, most similar pairs first, one-to-one) and
 * says how its share of the volume moved: ±20 % relative is "stable".
 */
export function matchTrends(
  current: readonly { centroid: ArrayLike<number>; share: number }[],
  previous: readonly { id: string; centroid: ArrayLike<number>; share: number }[],
): { previousId: string | null; growth: number | null; trend: TrendDirection }[] {
  const pairs: { c: number; p: number; s: number }[] = [];
  current.forEach((cur, c) =>
    previous.forEach((prev, p) => {
      if (prev.centroid.length !== cur.centroid.length) return;
      const s = dotProduct(cur.centroid, prev.centroid);
      if (s >= SAME_TOPIC_SIMILARITY) pairs.push({ c, p, s });
    }),
  );
  pairs.sort((a, b) => b.s - a.s || a.c - b.c || a.p - b.p);
  const out = current.map(() => ({ previousId: null as string | null, growth: null as number | null, trend: "new" as TrendDirection }));
  const usedPrev = new Set<number>();
  for (const { c, p } of pairs) {
    if (out[c]!.previousId !== null || usedPrev.has(p)) continue;
    usedPrev.add(p);
    const prev = previous[p]!;
    const growth = prev.share > 0 ? current[c]!.share / prev.share - 1 : null;
    out[c] = { previousId: prev.id, growth, trend: growth === null ? "new" : growth > 0.2 ? "up" : growth < -0.2 ? "down" : "stable" };
  }
  return out;
}
