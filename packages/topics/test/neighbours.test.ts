import { UMAP } from "umap-js";
import { describe, expect, it } from "vitest";
import { umapNeighbours } from "../src/neighbours";
import { normalizeRow } from "../src/reduce";
import { seededRandom } from "../src/random";
import { offlineLikeRows } from "./offline-rows";

/** What umap-js computes itself, on number[] copies, with the same generator. */
function umapJsNeighbours(rows: Float64Array[], nNeighbors: number, seed: number) {
  const random = seededRandom(seed);
  const umap = new UMAP({ nNeighbors, random: random.next });
  // `nearestNeighbors` is umap-js's own search, the one `fit` runs when no neighbours are given.
  const { knnIndices, knnDistances } = (umap as unknown as { nearestNeighbors(x: number[][]): { knnIndices: number[][]; knnDistances: number[][] } }).nearestNeighbors(rows.map((r) => Array.from(r)));
  return { indices: knnIndices, distances: knnDistances, next: random.next() };
}


describe("umapNeighbours (umap-js's neighbour search on typed arrays)", () => {
  it("lists each point's group on three far-apart groups of six points, nearest first, with their true distances", () => {
    const positions = [0, 1, 2, 3, 4, 5].flatMap((x) => [x, 100 + x, 200 + x]);
    const rows = positions.map((x) => Float64Array.of(x, 1));
    const { indices, distances } = umapNeighbours(rows, 6, seededRandom(17).next);
    let outside = 0;
    positions.forEach((x, i) => {
      expect(distances[i]).toEqual(indices[i]!.map((j) => Math.abs(positions[j]! - x)));
      expect(distances[i]).toEqual([...distances[i]!].sort((a, b) => a - b));
      outside += indices[i]!.filter((j) => Math.floor(positions[j]! / 100) !== Math.floor(x / 100)).length;
    });
    expect(indices[0]).toEqual([0, 3, 6, 9, 12, 15]); // 0, then 1, 2, 3, 4, 5
    // NN-descent is approximate, as in umap-js: at seed 17 one of the 108 entries (104's last) is not found.
    expect(outside).toBe(1);
  });

  it("gives umap-js's neighbours bit for bit and leaves the generator where umap-js does (sparse and dense columns)", () => {
    for (const seed of [17, 1]) {
      const rows = offlineLikeRows(600, seed);
      const expected = umapJsNeighbours(rows, 15, seed);
      const random = seededRandom(seed);
      const found = umapNeighbours(rows, 15, random.next);
      expect(found.indices).toEqual(expected.indices);
      const expectedDistances = expected.distances.flat();
      expect(found.distances.flat().every((d, t) => Object.is(d, expectedDistances[t]))).toBe(true);
      expect(random.next()).toBe(expected.next);
    }
  });

  it("does the same on dense rows (a model's embeddings) and on few rows", () => {
    const random = seededRandom(5);
    const dense = Array.from({ length: 300 }, () => normalizeRow(Float64Array.from({ length: 24 }, () => random.gaussian())));
    for (const [rows, k] of [
      [dense, 15],
      [dense.slice(0, 12), 11],
    ] as const) {
      const expected = umapJsNeighbours(rows, k, 2);
      const found = umapNeighbours(rows, k, seededRandom(2).next);
      expect(found.indices).toEqual(expected.indices);
      expect(found.distances).toEqual(expected.distances);
    }
  });

  it("is deterministic for a seed", () => {
    const rows = offlineLikeRows(200, 3);
    expect(umapNeighbours(rows, 10, seededRandom(9).next)).toEqual(umapNeighbours(rows, 10, seededRandom(9).next));
  });
});
