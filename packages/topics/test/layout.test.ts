import { UMAP } from "umap-js";
import { describe, expect, it } from "vitest";
import { fuzzyGraph, umapLayout } from "../src/layout";
import { umapNeighbours } from "../src/neighbours";
import { seededRandom } from "../src/random";
import { offlineLikeRows } from "./offline-rows";

const sameBits = (a: ArrayLike<number>, b: ArrayLike<number>) => a.length === b.length && Array.from(a).every((x, i) => Object.is(x, b[i]));

describe("umapLayout (umap-js's fit after the neighbour search, on typed arrays)", () => {
  it("gives umap-js's layout bit for bit and leaves the generator where umap-js does", () => {
    for (const [seed, n, nEpochs, nNeighbors] of [[17, 500, 200, 15], [1, 300, 400, 8]] as const) {
      const rows = offlineLikeRows(n, seed, 40);
      const knn = umapNeighbours(rows, nNeighbors, seededRandom(seed).next);

      const theirs = seededRandom(seed + 100);
      const umap = new UMAP({ nComponents: 5, nNeighbors, minDist: 0, nEpochs, random: theirs.next });
      umap.setPrecomputedKNN(knn.indices, knn.distances);
      const expected = umap.fit(rows.map((r) => Array.from(r)));

      const ours = seededRandom(seed + 100);
      const found = umapLayout(knn.indices, knn.distances, nNeighbors, { nComponents: 5, nEpochs, minDist: 0 }, ours.next);
      expect(found).toHaveLength(n);
      expect(found.every((row, i) => sameBits(row, expected[i]!))).toBe(true);
      expect(ours.next()).toBe(theirs.next());
    }
  });

  it("keeps umap-js's fuzzy union: s + t − s·t for both directions of every neighbour pair, sorted by row then column", () => {
    // 0's neighbours 1 and 2, 1's neighbour 0, 2's 1 (each list starts with the point itself, at distance 0).
    const indices = [[0, 1, 2], [1, 0, 2], [2, 1, 0]];
    const distances = [[0, 1, 2], [0, 1, 3], [0, 1, 2]];
    const graph = fuzzyGraph(indices, distances, 3);
    const umap = new UMAP({ nNeighbors: 3 }) as unknown as { knnIndices: number[][]; knnDistances: number[][]; fuzzySimplicialSet(x: unknown[], k: number): { getAll(): { row: number; col: number; value: number }[] } };
    umap.knnIndices = indices;
    umap.knnDistances = distances;
    const expected = umap.fuzzySimplicialSet([0, 1, 2], 3).getAll().filter((e) => e.value);
    expect(Array.from(graph.rows)).toEqual(expected.map((e) => e.row));
    expect(Array.from(graph.cols)).toEqual(expected.map((e) => e.col));
    expect(sameBits(graph.weights, expected.map((e) => e.value))).toBe(true);
    expect(Array.from(graph.rows)).toEqual([0, 0, 1, 1, 2, 2]);
  });
});
