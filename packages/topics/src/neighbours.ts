/**
 * UMAP's nearest-neighbour search, the same as umap-js 1.4.0's (random-projection forest, then NN-descent, the same
 * calls to the random generator in the same order, the same floating-point sums) but on typed arrays: the same
 * neighbours, bit for bit, in a fraction of the time. umap-js's own search over number[] rows and nested arrays was
 * about two thirds of UMAP's time on 10,000 texts. An exact search was measured and not kept: its neighbours lowered
 * NMI on average (docs/benchmarks.md, "UMAP's neighbour search on typed arrays").
 * Keeping umap-js's results exactly means the topics do not change: only the time does.
 */

export interface Neighbours {
  /** Per row, its nNeighbors nearest rows (itself usually first), nearest first. */
  indices: number[][];
  distances: number[][];
}

// umap-js's constants (umap.js `nearestNeighbors`, nn_descent.js `nNDescent` defaults, tree.js `makeForest`).
const MAX_CANDIDATES = 50;
const DELTA = 0.001;
const RHO = 0.5;

/**
 * What umap-js's `UMAP.nearestNeighbors` returns for these rows and this generator, leaving the generator where
 * umap-js would: hand the result to `umap.setPrecomputedKNN` and the rest of the fit is unchanged.
 */
export function umapNeighbours(rows: readonly Float64Array[], nNeighbors: number, random: () => number): Neighbours {
  const n = rows.length;
  const round = (x: number) => (x === 0.5 ? 0 : Math.round(x));
  const nTrees = 5 + Math.floor(round(Math.sqrt(n) / 20));
  const nIters = Math.max(5, Math.floor(Math.round(Math.log(n) / Math.log(2))));
  const leafSize = Math.max(10, nNeighbors);
  const compact = new CompactRows(rows);
  const leaves: number[][] = [];
  for (let t = 0; t < nTrees; t++) growTree(rows, compact, Array.from({ length: n }, (_, i) => i), leafSize, random, leaves);
  return nnDescent(compact, leaves, nNeighbors, nIters, random);
}

/** One random-projection tree (tree.js `makeEuclideanTree`), its leaves appended left first. */
function growTree(rows: readonly Float64Array[], compact: CompactRows, indices: number[], leafSize: number, random: () => number, leaves: number[][]): void {
  if (indices.length <= leafSize) {
    leaves.push(indices);
    return;
  }
  const leftIndex = Math.floor(random() * indices.length);
  let rightIndex = Math.floor(random() * indices.length);
  rightIndex += leftIndex === rightIndex ? 1 : 0;
  rightIndex = rightIndex % indices.length;
  const left = rows[indices[leftIndex]!]!;
  const right = rows[indices[rightIndex]!]!;
  const dim = left.length;
  const hyperplane = new Float64Array(dim);
  let offset = 0;
  for (let c = 0; c < dim; c++) {
    hyperplane[c] = left[c]! - right[c]!;
    offset -= (hyperplane[c]! * (left[c]! + right[c]!)) / 2.0;
  }
  const side = new Uint8Array(indices.length);
  indices.forEach((i, at) => {
    const margin = compact.margin(i, hyperplane, offset);
    side[at] = margin === 0 ? Math.floor(random() * 2) : margin > 0 ? 0 : 1;
  });
  const indicesLeft: number[] = [];
  const indicesRight: number[] = [];
  indices.forEach((i, at) => (side[at] === 0 ? indicesLeft : indicesRight).push(i));
  growTree(rows, compact, indicesLeft, leafSize, random, leaves);
  growTree(rows, compact, indicesRight, leafSize, random, leaves);
}

/**
 * The rows in less memory (NN-descent reads them in random order, so memory traffic is its cost): the trailing
 * columns non-zero in most rows (the word-vector blocks; a text with no known word, a French one without the
 * pretrained block, has zeros there) as a dense block, the others as (column, value) pairs. Sums run over the
 * columns in umap-js's order, skipping only terms that are exactly zero (a dense zero adds +0): the same bits as its
 * full loops.
 */
class CompactRows {
  readonly size: number;
  private readonly denseStart: number;
  private readonly denseWidth: number;
  private readonly starts: Int32Array;
  private readonly columns: Int32Array;
  private readonly values: Float64Array;
  private readonly dense: Float64Array;
  constructor(rows: readonly Float64Array[]) {
    const n = rows.length;
    this.size = n;
    const d = rows[0]?.length ?? 0;
    let denseStart = d;
    const mostly = (c: number) => rows.reduce((k, row) => k + (row[c] !== 0 ? 1 : 0), 0) * 2 > n;
    while (denseStart > 0 && mostly(denseStart - 1)) denseStart--;
    this.denseStart = denseStart;
    this.denseWidth = d - denseStart;
    this.starts = new Int32Array(n + 1);
    rows.forEach((row, i) => {
      let count = 0;
      for (let c = 0; c < denseStart; c++) if (row[c] !== 0) count++;
      this.starts[i + 1] = this.starts[i]! + count;
    });
    this.columns = new Int32Array(this.starts[n]!);
    this.values = new Float64Array(this.starts[n]!);
    this.dense = new Float64Array(n * this.denseWidth);
    rows.forEach((row, i) => {
      let at = this.starts[i]!;
      for (let c = 0; c < denseStart; c++) {
        if (row[c] === 0) continue;
        this.columns[at] = c;
        this.values[at++] = row[c]!;
      }
      this.dense.set(row.subarray(denseStart), i * this.denseWidth);
    });
  }

  /** umap-js's `euclidean` (Σ (x − y)², then √). */
  distance(p: number, q: number): number {
    const { columns, values, dense, denseWidth: m } = this;
    let a = this.starts[p]!;
    let b = this.starts[q]!;
    const aEnd = this.starts[p + 1]!;
    const bEnd = this.starts[q + 1]!;
    let s = 0;
    while (a < aEnd && b < bEnd) {
      if (columns[a] === columns[b]) s += (values[a++]! - values[b++]!) ** 2;
      else if (columns[a]! < columns[b]!) s += values[a++]! ** 2;
      else s += values[b++]! ** 2;
    }
    while (a < aEnd) s += values[a++]! ** 2;
    while (b < bEnd) s += values[b++]! ** 2;
    for (let c = 0, po = p * m, qo = q * m; c < m; c++) s += (dense[po + c]! - dense[qo + c]!) ** 2;
    return Math.sqrt(s);
  }

  /** tree.js's margin of row i against a hyperplane (offset + Σ hyperplane · row). */
  margin(i: number, hyperplane: Float64Array, offset: number): number {
    let margin = offset;
    for (let t = this.starts[i]!; t < this.starts[i + 1]!; t++) margin += hyperplane[this.columns[t]!]! * this.values[t]!;
    for (let c = 0, o = i * this.denseWidth; c < this.denseWidth; c++) margin += hyperplane[this.denseStart + c]! * this.dense[o + c]!;
    return margin;
  }
}

/**
 * Distances already computed, by pair: NN-descent meets the same pair 4–5 times (5.3 million distances for 1.2
 * million pairs on 10,000 texts). Open addressing on typed arrays.
 */
class DistanceCache {
  private keys: Float64Array;
  private values: Float64Array;
  private count = 0;
  constructor(
    private readonly rows: CompactRows,
    private readonly n: number,
  ) {
    this.keys = new Float64Array(1 << 16).fill(-1);
    this.values = new Float64Array(1 << 16);
  }

  distance(p: number, q: number): number {
    const key = p < q ? p * this.n + q : q * this.n + p;
    const mask = this.keys.length - 1;
    let slot = hashSlot(key, mask);
    while (this.keys[slot] !== -1) {
      if (this.keys[slot] === key) return this.values[slot]!;
      slot = (slot + 1) & mask;
    }
    const d = this.rows.distance(p, q);
    this.keys[slot] = key;
    this.values[slot] = d;
    if (++this.count * 2 > this.keys.length) this.grow();
    return d;
  }

  private grow(): void {
    const { keys, values } = this;
    this.keys = new Float64Array(keys.length * 2).fill(-1);
    this.values = new Float64Array(keys.length * 2);
    const mask = this.keys.length - 1;
    for (let t = 0; t < keys.length; t++) {
      if (keys[t] === -1) continue;
      let slot = hashSlot(keys[t]!, mask);
      while (this.keys[slot] !== -1) slot = (slot + 1) & mask;
      this.keys[slot] = keys[t]!;
      this.values[slot] = values[t]!;
    }
  }
}

function hashSlot(key: number, mask: number): number {
  return (Math.imul(key | 0, 0x9e3779b1) ^ Math.imul((key / 4294967296) | 0, 0x85ebca6b)) & mask;
}

/** nn_descent.js `nNDescent` with its defaults, the heaps of heap.js as flat typed arrays. */
function nnDescent(rows: CompactRows, leaves: readonly number[][], k: number, nIters: number, random: () => number): Neighbours {
  const n = rows.size;
  const graph = new Heaps(n, k);
  const cache = new DistanceCache(rows, n);
  for (let i = 0; i < n; i++) {
    const sample = rejectionSample(k, n, random);
    for (const j of sample) {
      const d = cache.distance(i, j);
      graph.push(i, d, j, 1);
      graph.push(j, d, i, 1);
    }
  }
  for (const leaf of leaves)
    for (let a = 0; a < leaf.length; a++)
      for (let b = a + 1; b < leaf.length; b++) {
        const d = cache.distance(leaf[a]!, leaf[b]!);
        graph.push(leaf[a]!, d, leaf[b]!, 1);
        graph.push(leaf[b]!, d, leaf[a]!, 1);
      }
  for (let iteration = 0; iteration < nIters; iteration++) {
    // heap.js `buildCandidates`: each row's neighbours and reverse neighbours, 50 at most, by a random priority.
    const candidates = new Heaps(n, MAX_CANDIDATES);
    for (let i = 0; i < n; i++)
      for (let j = 0; j < k; j++) {
        const at = i * k + j;
        const index = graph.indices[at]!;
        if (index < 0) continue;
        const isNew = graph.flags[at]!;
        const d = random();
        candidates.push(i, d, index, isNew);
        candidates.push(index, d, i, isNew);
        graph.flags[at] = 0;
      }
    let changes = 0;
    for (let i = 0; i < n; i++) {
      const o = i * MAX_CANDIDATES;
      for (let j = 0; j < MAX_CANDIDATES; j++) {
        const p = candidates.indices[o + j]!;
        if (p < 0 || random() < RHO) continue;
        for (let l = 0; l < MAX_CANDIDATES; l++) {
          const q = candidates.indices[o + l]!;
          if (q < 0 || (!candidates.flags[o + j] && !candidates.flags[o + l])) continue;
          const d = cache.distance(p, q);
          changes += graph.push(p, d, q, 1);
          changes += graph.push(q, d, p, 1);
        }
      }
    }
    if (changes <= DELTA * k * n) break;
  }
  return graph.sorted();
}

/** heap.js `rejectionSample`: `size` distinct draws from [0, pool). */
function rejectionSample(size: number, pool: number, random: () => number): number[] {
  const out: number[] = [];
  while (out.length < size) {
    const j = Math.floor(random() * pool);
    if (!out.includes(j)) out.push(j);
  }
  return out;
}

/** One max-heap of (distance, index, flag) per row, heap.js's push and sort rules exactly (ties included). */
class Heaps {
  readonly indices: Int32Array;
  readonly weights: Float64Array;
  readonly flags: Uint8Array;
  constructor(
    n: number,
    private readonly size: number,
  ) {
    this.indices = new Int32Array(n * size).fill(-1);
    this.weights = new Float64Array(n * size).fill(Infinity);
    this.flags = new Uint8Array(n * size);
  }

  /** 1 if the entry was taken (nearer than the row's farthest, not already there), else 0. */
  push(row: number, weight: number, index: number, flag: number): number {
    const o = row * this.size;
    const { indices, weights, flags, size } = this;
    if (weight >= weights[o]!) return 0;
    for (let t = 0; t < size; t++) if (indices[o + t] === index) return 0;
    let i = 0;
    for (;;) {
      const c1 = 2 * i + 1;
      const c2 = c1 + 1;
      let swap: number;
      if (c1 >= size) break;
      else if (c2 >= size) {
        if (weights[o + c1]! > weight) swap = c1;
        else break;
      } else if (weights[o + c1]! >= weights[o + c2]!) {
        if (weight < weights[o + c1]!) swap = c1;
        else break;
      } else if (weight < weights[o + c2]!) swap = c2;
      else break;
      weights[o + i] = weights[o + swap]!;
      indices[o + i] = indices[o + swap]!;
      flags[o + i] = flags[o + swap]!;
      i = swap;
    }
    weights[o + i] = weight;
    indices[o + i] = index;
    flags[o + i] = flag;
    return 1;
  }

  /** heap.js `deheapSort`: every row nearest first. */
  sorted(): Neighbours {
    const n = this.indices.length / this.size;
    const indices: number[][] = [];
    const distances: number[][] = [];
    for (let r = 0; r < n; r++) {
      const ind = Array.from(this.indices.subarray(r * this.size, (r + 1) * this.size));
      const dist = Array.from(this.weights.subarray(r * this.size, (r + 1) * this.size));
      for (let j = 0; j < ind.length - 1; j++) {
        const last = ind.length - j - 1;
        [ind[0], ind[last]] = [ind[last]!, ind[0]!];
        [dist[0], dist[last]] = [dist[last]!, dist[0]!];
        siftDown(dist, ind, last);
      }
      indices.push(ind);
      distances.push(dist);
    }
    return { indices, distances };
  }
}

function siftDown(weights: number[], indices: number[], ceiling: number): void {
  let elt = 0;
  while (elt * 2 + 1 < ceiling) {
    const left = elt * 2 + 1;
    const right = left + 1;
    let swap = elt;
    if (weights[swap]! < weights[left]!) swap = left;
    if (right < ceiling && weights[swap]! < weights[right]!) swap = right;
    if (swap === elt) break;
    [weights[elt], weights[swap]] = [weights[swap]!, weights[elt]!];
    [indices[elt], indices[swap]] = [indices[swap]!, indices[elt]!];
    elt = swap;
  }
}
