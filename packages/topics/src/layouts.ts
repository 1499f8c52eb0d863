/**
 * Several UMAP layouts of the same texts, side by side. One layout is partly noise of its random start and negative
 * sampling (float rounding alone moves NMI by ±0.009), so HDBSCAN on the layouts' coordinates joined per text clusters
 * what the layouts agree on. The neighbour search and the fuzzy graph built from it, two thirds of UMAP's time, are
 * done once and shared: a later layout only runs its own random start and epochs.
 */
import { UMAP } from "umap-js";

export interface LayoutOptions {
  /** How many layouts (1: plain UMAP). */
  count: number;
  nComponents: number;
  nNeighbors: number;
  nEpochs: number;
  /** Seeded generator, shared by the layouts one after the other (the first layout is the one `count: 1` gives). */
  random: () => number;
}

/**
 * umap-js (pinned at 1.4.0) keeps the neighbour lists and graphs private: `setPrecomputedKNN` takes the lists back in,
 * but `initializeFit` would still rebuild the same graphs from them (deterministic, no random draw), so a later
 * layout is handed the first's.
 */
interface UmapInternals {
  knnIndices: number[][];
  knnDistances: number[][];
  graph: unknown;
  searchGraph: unknown;
  fuzzySimplicialSet: () => unknown;
  makeSearchGraph: () => unknown;
}

function runLayout(umap: UMAP, rows: number[][]): number[][] {
  const epochs = umap.initializeFit(rows);
  while (umap.step() < epochs);
  return umap.getEmbedding();
}

/** Each text's coordinates in every layout, concatenated: `count × nComponents` numbers per text. */
export function umapLayouts(rows: number[][], opts: LayoutOptions): number[][] {
  const parameters = { nComponents: opts.nComponents, nNeighbors: opts.nNeighbors, minDist: 0, nEpochs: opts.nEpochs, random: opts.random };
  const first = new UMAP(parameters);
  const layouts = [runLayout(first, rows)];
  const shared = first as unknown as UmapInternals;
  for (let k = 1; k < opts.count; k++) {
    const umap = new UMAP(parameters);
    umap.setPrecomputedKNN(shared.knnIndices, shared.knnDistances);
    const internals = umap as unknown as UmapInternals;
    internals.fuzzySimplicialSet = () => shared.graph;
    internals.makeSearchGraph = () => shared.searchGraph;
    layouts.push(runLayout(umap, rows));
  }
  if (layouts.length === 1) return layouts[0]!;
  return rows.map((_, i) => layouts.flatMap((layout) => layout[i]!));
}
