import { UMAP } from "umap-js";
import { describe, expect, it } from "vitest";
import { seededRandom } from "../src/random";
import { connectedComponents, fitWithSpectralLayout, graphFromEdges, laplacianEigenvectors, spectralLayout, startFromSpectralLayout, tridiagonalEigen, type SparseGraph } from "../src/spectral";

/** An undirected graph from edges [a, b, weight]: both directions stored, as in UMAP's symmetric fuzzy graph. */
function undirected(n: number, edges: [number, number, number][]): SparseGraph {
  return graphFromEdges(
    n,
    edges.flatMap(([a, b]) => [a, b]),
    edges.flatMap(([a, b]) => [b, a]),
    edges.flatMap(([, , w]) => [w, w]),
  );
}

/** Every pair of `vertices` joined with weight 1. */
function clique(vertices: number[]): [number, number, number][] {
  return vertices.flatMap((a, k) => vertices.slice(k + 1).map((b): [number, number, number] => [a, b, 1]));
}

const range = (from: number, to: number) => Array.from({ length: to - from }, (_, k) => from + k);

describe("spectral initialisation building blocks", () => {
  it("a tridiagonal matrix [2 1 0; 1 2 1; 0 1 2] has eigenvalues 2 − √2, 2, 2 + √2; the one for 2 is (1, 0, −1)/√2", () => {
    const { values, vectors } = tridiagonalEigen([2, 2, 2], [1, 1], [0, 1, 2]);
    const order = Array.from(values.keys()).sort((a, b) => values[a]! - values[b]!);
    expect(order.map((k) => values[k]!)).toEqual([2 - Math.SQRT2, 2, 2 + Math.SQRT2].map((v) => expect.closeTo(v, 12)));
    const middle = order[1]!;
    const v = [0, 1, 2].map((r) => vectors[r]![middle]! * Math.sign(vectors[0]![middle]!));
    expect(v).toEqual([Math.SQRT1_2, 0, -Math.SQRT1_2].map((x) => expect.closeTo(x, 12)));
  });

  it("components: two triangles and a lone vertex are three", () => {
    const graph = undirected(7, [...clique([0, 1, 2]), ...clique([3, 4, 5])]);
    const { count, label } = connectedComponents(graph);
    expect(count).toBe(3);
    expect(Array.from(label)).toEqual([0, 0, 0, 1, 1, 1, 2]);
  });

  it("two 6-cliques joined by one weak edge: the first eigenvector puts them on opposite sides", () => {
    const graph = undirected(12, [...clique(range(0, 6)), ...clique(range(6, 12)), [5, 6, 0.1]]);
    const { values, vectors } = laplacianEigenvectors(graph, 2);
    const first = vectors[0]!;
    const side = Math.sign(first[0]!);
    for (const i of range(0, 6)) expect(Math.sign(first[i]!)).toBe(side);
    for (const i of range(6, 12)) expect(Math.sign(first[i]!)).toBe(-side);
    // The weak edge is the only thing between them: the smallest non-trivial eigenvalue is near 0, the next (within
    // a clique, 6/5 for a lone 6-clique) far above.
    expect(values[0]!).toBeLessThan(0.05);
    expect(values[1]!).toBeGreaterThan(1);
  });

  it("a path's first eigenvector (Fiedler vector), divided by √degree, is monotone along the path: cos(π i / (n − 1))", () => {
    // L = I − D^-½ W D^-½'s eigenvectors are √degree times the random walk's, which on a path are cos(π k i / (n − 1)):
    // the ends (degree 1) are lower by √2 than the inside (degree 2), hence the division.
    const n = 15;
    const graph = undirected(n, range(0, n - 1).map((i): [number, number, number] => [i, i + 1, 1]));
    const { values, vectors } = laplacianEigenvectors(graph, 2);
    const walk = vectors[0]!.map((x, i) => x / Math.sqrt(i === 0 || i === n - 1 ? 1 : 2));
    const direction = Math.sign(walk[n - 1]! - walk[0]!);
    for (let i = 0; i + 1 < n; i++) expect(direction * (walk[i + 1]! - walk[i]!)).toBeGreaterThan(0);
    expect(values[0]!).toBeCloseTo(1 - Math.cos(Math.PI / (n - 1)), 8);
  });

  it("a cycle of 20 (every degree equal: √degree is the constant vector, as is the natural start): the smallest eigenvalue is 1 − cos(2π/20)", () => {
    const n = 20;
    const graph = undirected(n, range(0, n).map((i): [number, number, number] => [i, (i + 1) % n, 1]));
    const { values, vectors } = laplacianEigenvectors(graph, 3);
    // Each found value is one of the cycle's, 1 − cos(2πk/20); a single-vector Krylov space (as ARPACK's) sees each
    // repeated eigenvalue once, so the second copy of the smallest may be skipped: the exact order is not asserted.
    expect(values[0]!).toBeCloseTo(1 - Math.cos((2 * Math.PI) / n), 8);
    for (const value of values) expect(range(1, n / 2 + 1).some((k) => Math.abs(value - (1 - Math.cos((2 * Math.PI * k) / n))) < 1e-8)).toBe(true);
    // Each eigenvector is orthogonal to the trivial one (here: sums to 0) and of unit length.
    for (const v of vectors) {
      expect(v.reduce((s, x) => s + x, 0)).toBeCloseTo(0, 8);
      expect(v.reduce((s, x) => s + x * x, 0)).toBeCloseTo(1, 8);
    }
  });
});

describe("spectralLayout", () => {
  it("a connected graph: the largest coordinate is 10 (umap-learn's scale), a cycle laid out as a circle", () => {
    // A cycle's two smallest eigenvectors are cos and sin of 2π i / n (any rotation of them): a circle, all radii equal.
    const n = 16;
    const graph = undirected(n, range(0, n).map((i): [number, number, number] => [i, (i + 1) % n, 1]));
    const layout = spectralLayout(graph, 2, seededRandom(1).next)!;
    expect(Math.max(...layout.flat().map(Math.abs))).toBeCloseTo(10, 3);
    const radius = Math.hypot(layout[0]![0]!, layout[0]![1]!);
    for (const [x, y] of layout) expect(Math.hypot(x!, y!)).toBeCloseTo(radius, 3);
  });

  it("two disconnected cliques start apart: one around +e₁, the other around −e₁ (each 6-clique's own eigenvalues all equal)", () => {
    const graph = undirected(12, [...clique(range(0, 6)), ...clique(range(6, 12))]);
    const layout = spectralLayout(graph, 2, seededRandom(1).next)!;
    for (const i of range(0, 6)) expect(layout[i]![0]!).toBeGreaterThan(0);
    for (const i of range(6, 12)) expect(layout[i]![0]!).toBeLessThan(0);
    for (const row of layout) for (const x of row) expect(Number.isFinite(x)).toBe(true);
  });

  it("more components than twice the dimensions: no spectral layout (umap-js's random one stays)", () => {
    const triangles = range(0, 5).flatMap((t) => clique([3 * t, 3 * t + 1, 3 * t + 2]));
    expect(spectralLayout(undirected(15, triangles), 2, seededRandom(1).next)).toBeNull();
  });
});

describe("fitWithSpectralLayout (umap-js)", () => {
  /** Two tight blobs of 20 points, far apart on the second input coordinate. */
  function blobs(): number[][] {
    const random = seededRandom(5);
    return range(0, 40).map((i) => [random.gaussian() * 0.1, (i < 20 ? 0 : 50) + random.gaussian() * 0.1, random.gaussian() * 0.1]);
  }

  it("umap-js starts from the spectral layout: before any epoch, the blobs are apart on the first axis", () => {
    const random = seededRandom(3);
    const umap = new UMAP({ nComponents: 2, nNeighbors: 10, minDist: 0, nEpochs: 50, random: random.next });
    expect(startFromSpectralLayout(umap, blobs(), random.next)).toBe(50);
    const first = umap.getEmbedding().map((row) => row[0]!);
    const side = Math.sign(first[0]!);
    expect(first.slice(0, 20).every((x) => Math.sign(x) === side)).toBe(true);
    expect(first.slice(20).every((x) => Math.sign(x) === -side)).toBe(true);
  });

  it("is deterministic for a seed", () => {
    const run = () => {
      const random = seededRandom(11);
      const umap = new UMAP({ nComponents: 2, nNeighbors: 5, minDist: 0, nEpochs: 50, random: random.next });
      return fitWithSpectralLayout(umap, blobs(), random.next);
    };
    expect(run()).toEqual(run());
  });
});
