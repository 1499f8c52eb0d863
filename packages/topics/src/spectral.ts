/**
 * UMAP's spectral initialisation (McInnes et al.; umap-learn's `spectral_layout`), which umap-js 1.4 lacks: it starts
 * from uniform random positions. The layout starts instead from the eigenvectors of the fuzzy graph's symmetric
 * normalised Laplacian L = I − D^-½ W D^-½ with the smallest non-zero eigenvalues (the smoothest functions on the graph
 * that are not constant), so texts the graph joins start close and the optimisation only refines: the global
 * arrangement no longer depends on the seed (Kobak & Linderman 2021).
 *
 * The eigenvectors come from Lanczos on N = D^-½ W D^-½ (L's smallest are N's largest), kept orthogonal to N's trivial
 * eigenvector √degree and fully re-orthogonalised, so the cost is a few hundred sparse products and small dense work.
 */
import type { UMAP } from "umap-js";
import { seededRandom } from "./random";

/** A symmetric weighted graph in compressed rows: row i's neighbours are column[rowStart[i] … rowStart[i + 1]). */
export interface SparseGraph {
  n: number;
  rowStart: Int32Array;
  column: Int32Array;
  weight: Float64Array;
}

/** Compressed rows from (row, column, weight) triples; zero weights are dropped. */
export function graphFromEdges(n: number, rows: ArrayLike<number>, columns: ArrayLike<number>, weights: ArrayLike<number>): SparseGraph {
  const rowStart = new Int32Array(n + 1);
  for (let e = 0; e < rows.length; e++) if (weights[e]! > 0) rowStart[rows[e]! + 1]!++;
  for (let i = 0; i < n; i++) rowStart[i + 1]! += rowStart[i]!;
  const fill = rowStart.slice(0, n);
  const column = new Int32Array(rowStart[n]!);
  const weight = new Float64Array(rowStart[n]!);
  for (let e = 0; e < rows.length; e++) {
    if (!(weights[e]! > 0)) continue;
    const at = fill[rows[e]!]!++;
    column[at] = columns[e]!;
    weight[at] = weights[e]!;
  }
  return { n, rowStart, column, weight };
}

/** Connected components (labels 0, 1, … in order of each component's first vertex). */
export function connectedComponents(graph: SparseGraph): { count: number; label: Int32Array } {
  const label = new Int32Array(graph.n).fill(-1);
  let count = 0;
  const stack: number[] = [];
  for (let start = 0; start < graph.n; start++) {
    if (label[start] !== -1) continue;
    label[start] = count;
    stack.push(start);
    while (stack.length) {
      const i = stack.pop()!;
      for (let e = graph.rowStart[i]!; e < graph.rowStart[i + 1]!; e++) {
        const j = graph.column[e]!;
        if (label[j] === -1) {
          label[j] = count;
          stack.push(j);
        }
      }
    }
    count++;
  }
  return { count, label };
}

/** The subgraph on `vertices` (renumbered 0 … vertices.length − 1; edges leaving it are dropped). */
export function subgraph(graph: SparseGraph, vertices: readonly number[]): SparseGraph {
  const local = new Map<number, number>();
  vertices.forEach((v, k) => local.set(v, k));
  const rows: number[] = [];
  const columns: number[] = [];
  const weights: number[] = [];
  vertices.forEach((v, k) => {
    for (let e = graph.rowStart[v]!; e < graph.rowStart[v + 1]!; e++) {
      const j = local.get(graph.column[e]!);
      if (j === undefined) continue;
      rows.push(k);
      columns.push(j);
      weights.push(graph.weight[e]!);
    }
  });
  return graphFromEdges(vertices.length, rows, columns, weights);
}

/**
 * Eigenvalues and eigenvectors of a symmetric tridiagonal matrix (diagonal `diagonal`, off-diagonal `offDiagonal`,
 * offDiagonal[i] joining i and i + 1) by the implicit QL method with Wilkinson shifts. Only the rows of the
 * eigenvector matrix listed in `rows` are returned (rows[r][k] = component `rows`[r] of eigenvector k): Lanczos'
 * convergence test needs only the last row. Inputs are left untouched.
 */
export function tridiagonalEigen(diagonal: ArrayLike<number>, offDiagonal: ArrayLike<number>, rows: readonly number[]): { values: Float64Array; vectors: Float64Array[] } {
  const m = diagonal.length;
  const d = Float64Array.from(diagonal);
  const e = new Float64Array(m);
  for (let i = 0; i + 1 < m; i++) e[i] = offDiagonal[i]!;
  const z = rows.map((r) => {
    const row = new Float64Array(m);
    row[r] = 1;
    return row;
  });
  for (let l = 0; l < m; l++) {
    for (let iteration = 0; ; iteration++) {
      let k = l;
      for (; k < m - 1; k++) {
        const scale = Math.abs(d[k]!) + Math.abs(d[k + 1]!);
        if (Math.abs(e[k]!) <= Number.EPSILON * scale) break;
      }
      if (k === l) break;
      if (iteration === 60) throw new Error("tridiagonalEigen: no convergence");
      // Wilkinson shift from the leading 2 × 2 block, then chase the bulge from k up to l.
      let g = (d[l + 1]! - d[l]!) / (2 * e[l]!);
      let r = Math.hypot(g, 1);
      g = d[k]! - d[l]! + e[l]! / (g + (g >= 0 ? r : -r));
      let s = 1;
      let c = 1;
      let p = 0;
      let i = k - 1;
      let underflow = false;
      for (; i >= l; i--) {
        const f = s * e[i]!;
        const b = c * e[i]!;
        r = Math.hypot(f, g);
        e[i + 1] = r;
        if (r === 0) {
          d[i + 1]! -= p;
          e[k] = 0;
          underflow = true;
          break;
        }
        s = f / r;
        c = g / r;
        g = d[i + 1]! - p;
        r = (d[i]! - g) * s + 2 * c * b;
        p = s * r;
        d[i + 1] = g + p;
        g = c * r - b;
        for (const row of z) {
          const t = row[i + 1]!;
          row[i + 1] = s * row[i]! + c * t;
          row[i] = c * row[i]! - s * t;
        }
      }
      if (underflow) continue;
      d[l]! -= p;
      e[l] = g;
      e[k] = 0;
    }
  }
  return { values: d, vectors: z };
}

/** Relative residual ‖N y − θ y‖ under which a Ritz pair counts as converged (umap-learn asks ARPACK for 1e-4). */
const TOLERANCE = 1e-4;

/**
 * The `dimensions` eigenvectors of the graph's symmetric normalised Laplacian with the smallest eigenvalues after the
 * trivial one (√degree, eigenvalue 0), as columns (one Float64Array of n values per dimension, unit length), and the
 * eigenvalues. The graph must be connected, with more than `dimensions` + 1 vertices.
 *
 * Lanczos' Krylov space grows until the wanted Ritz pairs converge (residual < 1e-4) or `maxSteps` is reached; the
 * start vector is a fixed pseudo-random one, so the result depends on the graph only.
 */
export function laplacianEigenvectors(graph: SparseGraph, dimensions: number, maxSteps = defaultLanczosSteps(graph.n, dimensions)): { values: Float64Array; vectors: Float64Array[]; steps: number } {
  const n = graph.n;
  if (n < dimensions + 2) throw new Error(`laplacianEigenvectors: ${n} vertices cannot give ${dimensions} non-trivial eigenvectors`);
  const rootDegree = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let degree = 0;
    for (let e = graph.rowStart[i]!; e < graph.rowStart[i + 1]!; e++) degree += graph.weight[e]!;
    if (!(degree > 0)) throw new Error("laplacianEigenvectors: a vertex without edges (the graph must be connected)");
    rootDegree[i] = Math.sqrt(degree);
  }
  const trivial = Float64Array.from(rootDegree);
  scale(trivial, 1 / norm(trivial));
  // N's entries, w_ij / √(d_i d_j), once.
  const normalised = new Float64Array(graph.weight.length);
  for (let i = 0; i < n; i++) {
    for (let e = graph.rowStart[i]!; e < graph.rowStart[i + 1]!; e++) normalised[e] = graph.weight[e]! / (rootDegree[i]! * rootDegree[graph.column[e]!]!);
  }
  const multiply = (x: Float64Array, out: Float64Array) => {
    for (let i = 0; i < n; i++) {
      let sum = 0;
      for (let e = graph.rowStart[i]!; e < graph.rowStart[i + 1]!; e++) sum += normalised[e]! * x[graph.column[e]!]!;
      out[i] = sum;
    }
  };
  const steps = Math.min(maxSteps, n - 1);
  const basis: Float64Array[] = [];
  const alpha: number[] = [];
  const beta: number[] = [];
  const random = seededRandom(0x5eed);
  // A vector orthogonal to √degree and to the basis, or null when they already span everything.
  const freshStart = (): Float64Array | null => {
    for (let attempt = 0; attempt < 3; attempt++) {
      const v = Float64Array.from({ length: n }, () => random.next() - 0.5);
      orthogonalise(v, trivial, basis);
      orthogonalise(v, trivial, basis);
      const size = norm(v);
      if (size > 1e-8) return scale(v, 1 / size);
    }
    return null;
  };
  let q = freshStart();
  const w = new Float64Array(n);
  let nextCheck = Math.max(2 * dimensions + 1, 20);
  while (q && basis.length < steps) {
    basis.push(q);
    const m = basis.length;
    multiply(q, w);
    // The three-term recurrence removes w's large components (along q and the previous vector); one full
    // re-orthogonalisation pass then removes the rounding that would otherwise bring back copies of converged vectors.
    const a = dot(q, w);
    alpha.push(a);
    const previous = m > 1 ? basis[m - 2]! : null;
    const b = m > 1 ? beta[m - 2]! : 0;
    for (let i = 0; i < n; i++) w[i]! -= a * q[i]! + (previous ? b * previous[i]! : 0);
    orthogonalise(w, trivial, basis);
    const size = norm(w);
    if (size <= 1e-10) {
      // An invariant subspace: restart from a new direction (the off-diagonal 0 decouples the blocks).
      beta.push(0);
      q = freshStart();
      continue;
    }
    beta.push(size);
    if (m >= nextCheck && m >= dimensions) {
      const { values, vectors } = tridiagonalEigen(alpha, beta, [m - 1]);
      const wanted = largest(values, dimensions);
      if (wanted.every((k) => Math.abs(size * vectors[0]![k]!) <= TOLERANCE * Math.max(Math.abs(values[k]!), 1e-3))) break;
      nextCheck = Math.ceil(m * 1.25);
    }
    q = scale(Float64Array.from(w), 1 / size);
  }
  const m = basis.length;
  const { values, vectors } = tridiagonalEigen(alpha.slice(0, m), beta.slice(0, m - 1), Array.from({ length: m }, (_, i) => i));
  const wanted = largest(values, Math.min(dimensions, m));
  const eigenvectors = wanted.map((k) => {
    const y = new Float64Array(n);
    for (let j = 0; j < m; j++) {
      const c = vectors[j]![k]!;
      const q = basis[j]!;
      for (let i = 0; i < n; i++) y[i]! += c * q[i]!;
    }
    return y;
  });
  return { values: Float64Array.from(wanted, (k) => 1 - values[k]!), vectors: eigenvectors, steps: m };
}

/**
 * Lanczos' Krylov space at most (it stops earlier once the wanted pairs converge). A kNN graph of texts has many
 * clusters, so many eigenvalues near L's 0 whose gaps shrink as the graph grows: measured on BANKING77, the wanted
 * pairs converge at 2–2.4 √n vectors (63 for 672 texts, 155 for 5,000, 200–243 for 10,000); 3 √n leaves room (ARPACK
 * in umap-learn keeps √n vectors and restarts). A small graph gets its whole space (64 vertices: 64³ products).
 */
export function defaultLanczosSteps(n: number, dimensions: number): number {
  return Math.max(4 * (dimensions + 1), Math.ceil(3 * Math.sqrt(n)), Math.min(n - 1, 64));
}

/**
 * UMAP's initial layout from its fuzzy graph, `dimensions` columns per vertex (umap-learn's `spectral_layout` then
 * `simplicial_set_embedding`): the Laplacian's eigenvectors scaled so the largest coordinate is 10, plus Gaussian noise
 * of 1e-4 (umap-learn's) so no two vertices coincide.
 * A disconnected graph is laid out as umap-learn's `multi_component_layout` does for a few components: component c is
 * centred on ±e_⌈c/2⌉ and spans half the distance to its nearest neighbour component, each from its own eigenvectors.
 * With more than 2 × dimensions components, or a component too small for its own eigenvectors, those vertices start at
 * random as umap-js would place them (uniform in [−10, 10]); null when there is nothing spectral left to do (all random).
 */
export function spectralLayout(graph: SparseGraph, dimensions: number, random: () => number): number[][] | null {
  const { count, label } = connectedComponents(graph);
  if (count > 2 * dimensions) return null;
  const members: number[][] = Array.from({ length: count }, () => []);
  for (let i = 0; i < graph.n; i++) members[label[i]!]!.push(i);
  const layout: number[][] = Array.from({ length: graph.n }, () => new Array<number>(dimensions).fill(0));
  const placed = new Uint8Array(graph.n);
  let spectral = false;
  // Meta layout: component c at ±e_(c / 2), radius half the distance between neighbouring centres (√2 / 2), or a single
  // component centred at the origin with radius 1.
  const radius = count === 1 ? 1 : Math.SQRT2 / 2;
  members.forEach((vertices, c) => {
    if (vertices.length < Math.max(2 * dimensions, dimensions + 2)) return;
    const component = count === 1 ? graph : subgraph(graph, vertices);
    const { vectors } = laplacianEigenvectors(component, dimensions);
    let largestCoordinate = 0;
    for (const v of vectors) for (const x of v) largestCoordinate = Math.max(largestCoordinate, Math.abs(x));
    if (!(largestCoordinate > 0) || vectors.length < dimensions) return;
    const centre = new Array<number>(dimensions).fill(0);
    if (count > 1) centre[Math.floor(c / 2)] = c % 2 === 0 ? 1 : -1;
    vertices.forEach((vertex, k) => {
      for (let d = 0; d < dimensions; d++) layout[vertex]![d] = centre[d]! + (radius * vectors[d]![k]!) / largestCoordinate;
      placed[vertex] = 1;
    });
    spectral = true;
  });
  if (!spectral) return null;
  let largestCoordinate = 0;
  for (let i = 0; i < graph.n; i++) if (placed[i]) for (const x of layout[i]!) largestCoordinate = Math.max(largestCoordinate, Math.abs(x));
  const expansion = 10 / largestCoordinate;
  const noise = gaussian(random);
  for (let i = 0; i < graph.n; i++) {
    const row = layout[i]!;
    for (let d = 0; d < dimensions; d++) row[d] = placed[i] ? row[d]! * expansion + 1e-4 * noise() : random() * 20 - 10;
  }
  return layout;
}

/**
 * `umap.fit(rows)` from the spectral initial layout (`startFromSpectralLayout`), then umap-js's epochs as in `fit`.
 */
export function fitWithSpectralLayout(umap: UMAP, rows: number[][], random: () => number): number[][] {
  const nEpochs = startFromSpectralLayout(umap, rows, random);
  while (umap.step() < nEpochs);
  return umap.getEmbedding();
}

/**
 * umap-js's `initializeFit` (fuzzy graph, random layout, optimiser state), then the layout (the array its optimiser
 * moves, returned by `getEmbedding`) overwritten in place with the spectral one from that same graph, pruned as umap-js
 * prunes it for the epochs (weights under max / nEpochs dropped). The fuzzy graph is private in umap-js 1.4: read
 * through a narrow cast, checked. Leaves umap-js's random layout when the graph is too fragmented (`spectralLayout`).
 * Returns the number of epochs to run.
 */
export function startFromSpectralLayout(umap: UMAP, rows: number[][], random: () => number): number {
  const nEpochs = umap.initializeFit(rows);
  const fuzzy = (umap as unknown as { graph?: { forEach?(visit: (value: number, row: number, column: number) => void): void } }).graph;
  if (typeof fuzzy?.forEach !== "function") throw new Error("umap-js: no fuzzy graph after initializeFit (umap-js version changed?)");
  const embedding = umap.getEmbedding();
  const dimensions = embedding[0]?.length ?? 0;
  let largestWeight = 0;
  fuzzy.forEach((value) => (largestWeight = Math.max(largestWeight, value)));
  const rowOf: number[] = [];
  const columnOf: number[] = [];
  const weightOf: number[] = [];
  fuzzy.forEach((value, row, column) => {
    if (value < largestWeight / nEpochs) return;
    rowOf.push(row);
    columnOf.push(column);
    weightOf.push(value);
  });
  const graph = graphFromEdges(embedding.length, rowOf, columnOf, weightOf);
  const layout = spectralLayout(graph, dimensions, random);
  if (layout) embedding.forEach((row, i) => layout[i]!.forEach((x, d) => (row[d] = x)));
  return nEpochs;
}

function gaussian(random: () => number): () => number {
  return () => {
    const u = Math.max(random(), 1e-12);
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
  };
}

function largest(values: Float64Array, count: number): number[] {
  return Array.from(values.keys())
    .sort((a, b) => values[b]! - values[a]! || a - b)
    .slice(0, count);
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

function norm(a: Float64Array): number {
  return Math.sqrt(dot(a, a));
}

function scale(a: Float64Array, factor: number): Float64Array {
  for (let i = 0; i < a.length; i++) a[i]! *= factor;
  return a;
}

/** v −= its projections on `trivial` and on each (orthonormal) basis vector, one after the other. */
function orthogonalise(v: Float64Array, trivial: Float64Array, basis: readonly Float64Array[]): void {
  subtractProjection(v, trivial);
  for (const b of basis) subtractProjection(v, b);
}

function subtractProjection(v: Float64Array, unit: Float64Array): void {
  const c = dot(v, unit);
  for (let i = 0; i < v.length; i++) v[i]! -= c * unit[i]!;
}
