/**
 * umap-js 1.4.0's `fit` after the neighbour search (fuzzy graph, random start, SGD epochs) on typed arrays, given the
 * neighbours `neighbours.ts` found. umap-js builds its graph in Maps keyed by "row:col" strings through five
 * element-wise passes, builds a search graph only `transform` reads, and runs its epochs over number[] rows with a
 * function call per distance and per clipped coordinate: 60 % of the 10,000-text run's UMAP time. Here the graph is
 * CSR arrays and the rows one Float64Array; every value is computed by the same operations in the same order and the
 * generator is called exactly as umap-js calls it, so the layout is umap-js's to the bit (test/layout.test.ts).
 */
import { UMAP } from "umap-js";
// Not re-exported by the package's index; the same curve fit umap-js runs for its a and b.
import { findABParams } from "umap-js/dist/umap.js";

export interface LayoutParameters {
  nComponents: number;
  nEpochs: number;
  minDist: number;
}

// umap-js's defaults, which `findTopics` leaves as they are.
const SPREAD = 1.0;
const LEARNING_RATE = 1.0;
const NEGATIVE_SAMPLE_RATE = 5;
const REPULSION_STRENGTH = 1.0;
const CLIP = 4.0;

/** umap-js's own steps the port reuses as they are (cheap: one pass over the neighbour lists). */
interface UmapSteps {
  smoothKNNDistance(distances: number[][], k: number, localConnectivity: number): { sigmas: number[]; rhos: number[] };
  computeMembershipStrengths(indices: number[][], distances: number[][], sigmas: number[], rhos: number[]): { rows: number[]; cols: number[]; vals: number[] };
}

/** The fuzzy graph's edges with a non-zero weight, sorted by (row, col) as umap-js's `graph.getAll()`. */
export interface FuzzyGraph {
  rows: Int32Array;
  cols: Int32Array;
  weights: Float64Array;
}

/**
 * umap-js's `fuzzySimplicialSet` with `setOpMixRatio` 1: each directed membership s(i→j) from the smoothed
 * neighbour distances, then the fuzzy union s + t − s·t with t = s(j→i), absent entries 0.
 */
export function fuzzyGraph(indices: number[][], distances: number[][], nNeighbors: number): FuzzyGraph {
  const n = indices.length;
  const steps = new UMAP({ nNeighbors }) as unknown as UmapSteps;
  const { sigmas, rhos } = steps.smoothKNNDistance(distances, nNeighbors, 1.0);
  const { cols, vals } = steps.computeMembershipStrengths(indices, distances, sigmas, rhos);
  // umap-js keeps one entry per (row, col), the last one written; skipped neighbours (-1) add nothing non-zero.
  const width = indices[0]?.length ?? 0;
  const directed: { col: number; value: number }[][] = Array.from({ length: n }, () => []);
  for (let i = 0; i < n; i++) {
    const list = directed[i]!;
    for (let j = 0; j < width; j++) {
      if (indices[i]![j] === -1) continue;
      const p = i * width + j;
      const col = cols[p]!;
      const existing = list.find((e) => e.col === col);
      if (existing) existing.value = vals[p]!;
      else list.push({ col, value: vals[p]! });
    }
    list.sort((a, b) => a.col - b.col);
  }
  // Transposed: row j lists (i, s(i→j)), i ascending since rows are visited in order.
  const transposed: { col: number; value: number }[][] = Array.from({ length: n }, () => []);
  for (let i = 0; i < n; i++) for (const e of directed[i]!) transposed[e.col]!.push({ col: i, value: e.value });
  const outRows: number[] = [];
  const outCols: number[] = [];
  const outWeights: number[] = [];
  for (let i = 0; i < n; i++) {
    const a = directed[i]!;
    const b = transposed[i]!;
    let p = 0;
    let q = 0;
    while (p < a.length || q < b.length) {
      const ca = p < a.length ? a[p]!.col : Infinity;
      const cb = q < b.length ? b[q]!.col : Infinity;
      const col = Math.min(ca, cb);
      const s = ca === col ? a[p++]!.value : 0;
      const t = cb === col ? b[q++]!.value : 0;
      const value = s + t - s * t;
      if (value) {
        outRows.push(i);
        outCols.push(col);
        outWeights.push(value);
      }
    }
  }
  return { rows: Int32Array.from(outRows), cols: Int32Array.from(outCols), weights: Float64Array.from(outWeights) };
}

/** umap-js's `fit` given the neighbours: the layout, one Float64Array of `nComponents` per point. */
export function umapLayout(indices: number[][], distances: number[][], nNeighbors: number, parameters: LayoutParameters, random: () => number): Float64Array[] {
  const n = indices.length;
  const { nComponents: dim, nEpochs } = parameters;
  const graph = fuzzyGraph(indices, distances, nNeighbors);

  // Edges too weak to be sampled once in nEpochs are dropped.
  let graphMax = 0;
  for (const w of graph.weights) if (graphMax < w) graphMax = w;
  const head: number[] = [];
  const tail: number[] = [];
  const weights: number[] = [];
  for (let e = 0; e < graph.weights.length; e++) {
    const w = graph.weights[e]!;
    if (w < graphMax / nEpochs) continue;
    weights.push(w);
    tail.push(graph.rows[e]!);
    head.push(graph.cols[e]!);
  }

  // Random start in [-10, 10), point by point, as umap-js draws it.
  const embedding = new Float64Array(n * dim);
  for (let i = 0; i < n * dim; i++) embedding[i] = random() * 20 + -10;

  const edges = weights.length;
  let max = -Infinity;
  for (const w of weights) if (w > max) max = w;
  const epochsPerSample = new Float64Array(edges).fill(-1.0);
  for (let e = 0; e < edges; e++) {
    const samples = (weights[e]! / max) * nEpochs;
    if (samples > 0) epochsPerSample[e] = nEpochs / samples;
  }
  const epochsPerNegativeSample = epochsPerSample.map((x) => x / NEGATIVE_SAMPLE_RATE);
  const epochOfNextNegativeSample = Float64Array.from(epochsPerNegativeSample);
  const epochOfNextSample = Float64Array.from(epochsPerSample);
  const { a, b } = findABParams(SPREAD, parameters.minDist);
  const attraction = -2.0 * a * b;
  const repulsion = 2.0 * REPULSION_STRENGTH * b;
  const headRow = Int32Array.from(head, (j) => j * dim);
  const tailRow = Int32Array.from(tail, (k) => k * dim);

  let alpha = LEARNING_RATE;
  for (let epoch = 0; epoch < nEpochs; epoch++) {
    for (let e = 0; e < edges; e++) {
      if (epochOfNextSample[e]! > epoch) continue;
      const current = headRow[e]!;
      const other = tailRow[e]!;
      let distSquared = 0.0;
      for (let d = 0; d < dim; d++) {
        const x = embedding[current + d]! - embedding[other + d]!;
        distSquared += x * x;
      }
      let gradCoeff = 0;
      if (distSquared > 0) {
        gradCoeff = attraction * Math.pow(distSquared, b - 1.0);
        gradCoeff /= a * Math.pow(distSquared, b) + 1.0;
      }
      for (let d = 0; d < dim; d++) {
        let grad = gradCoeff * (embedding[current + d]! - embedding[other + d]!);
        grad = grad > CLIP ? CLIP : grad < -CLIP ? -CLIP : grad;
        embedding[current + d]! += grad * alpha;
        embedding[other + d]! += -grad * alpha;
      }
      epochOfNextSample[e]! += epochsPerSample[e]!;
      const negatives = Math.floor((epoch - epochOfNextNegativeSample[e]!) / epochsPerNegativeSample[e]!);
      for (let p = 0; p < negatives; p++) {
        const k = Math.floor(random() * n);
        const far = k * dim;
        let dist2 = 0.0;
        for (let d = 0; d < dim; d++) {
          const x = embedding[current + d]! - embedding[far + d]!;
          dist2 += x * x;
        }
        let coeff = 0.0;
        if (dist2 > 0.0) {
          coeff = repulsion;
          coeff /= (0.001 + dist2) * (a * Math.pow(dist2, b) + 1);
        } else if (current === far) continue;
        for (let d = 0; d < dim; d++) {
          let grad = 4.0;
          if (coeff > 0.0) {
            grad = coeff * (embedding[current + d]! - embedding[far + d]!);
            grad = grad > CLIP ? CLIP : grad < -CLIP ? -CLIP : grad;
          }
          embedding[current + d]! += grad * alpha;
        }
      }
      epochOfNextNegativeSample[e]! += negatives * epochsPerNegativeSample[e]!;
    }
    alpha = LEARNING_RATE * (1.0 - epoch / nEpochs);
  }
  return Array.from({ length: n }, (_, i) => embedding.subarray(i * dim, (i + 1) * dim));
}
