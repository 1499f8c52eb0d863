import { UMAP } from "umap-js";
import { afterEach, describe, expect, it, vi } from "vitest";
import { umapLayouts } from "../src/layouts";
import { seededRandom } from "../src/random";

/** Three tight groups of 20 points in 8 dimensions, far apart (group g sits around 10·e_g). */
function groups(): number[][] {
  const random = seededRandom(5);
  return Array.from({ length: 60 }, (_, i) => Array.from({ length: 8 }, (_, d) => (d === i % 3 ? 10 : 0) + random.gaussian() * 0.1));
}

const options = (seed: number, count: number) => ({ count, nComponents: 2, nNeighbors: 5, nEpochs: 60, random: seededRandom(seed).next });

const block = (points: number[][], k: number, width: number) => points.map((p) => p.slice(k * width, (k + 1) * width));

function centre(points: number[][]): number[] {
  return points[0]!.map((_, d) => points.reduce((s, p) => s + p[d]!, 0) / points.length);
}

const distance = (a: number[], b: number[]) => Math.hypot(...a.map((x, d) => x - b[d]!));

describe("umapLayouts", () => {
  afterEach(() => vi.restoreAllMocks());

  it("one layout is plain UMAP with the same generator", () => {
    const rows = groups();
    const plain = new UMAP({ nComponents: 2, nNeighbors: 5, minDist: 0, nEpochs: 60, random: seededRandom(17).next }).fit(rows);
    expect(umapLayouts(rows, options(17, 1))).toEqual(plain);
  });

  it("joins the layouts per text, the first unchanged, the others from other random starts", () => {
    const rows = groups();
    const joined = umapLayouts(rows, options(17, 3));
    expect(joined).toHaveLength(60);
    expect(joined.every((p) => p.length === 6)).toBe(true);
    expect(block(joined, 0, 2)).toEqual(umapLayouts(rows, options(17, 1)));
    expect(block(joined, 1, 2)).not.toEqual(block(joined, 0, 2));
    expect(block(joined, 2, 2)).not.toEqual(block(joined, 1, 2));
    // Seeded: the same texts give the same layouts.
    expect(umapLayouts(rows, options(17, 3))).toEqual(joined);
  });

  it("searches the neighbours and builds the fuzzy graph once for all the layouts", () => {
    const internals = UMAP.prototype as unknown as { nearestNeighbors: () => unknown; fuzzySimplicialSet: () => unknown };
    const search = vi.spyOn(internals, "nearestNeighbors");
    const graph = vi.spyOn(internals, "fuzzySimplicialSet");
    umapLayouts(groups(), options(17, 3));
    expect(search).toHaveBeenCalledTimes(1);
    expect(graph).toHaveBeenCalledTimes(1);
  });

  it("every layout keeps the groups apart: each group's spread is small next to the distance between groups", () => {
    const joined = umapLayouts(groups(), options(3, 3));
    for (let k = 0; k < 3; k++) {
      const layout = block(joined, k, 2);
      const members = [0, 1, 2].map((g) => layout.filter((_, i) => i % 3 === g));
      const centres = members.map(centre);
      const spread = Math.max(...members.flatMap((m, g) => m.map((p) => distance(p, centres[g]!))));
      const gap = Math.min(distance(centres[0]!, centres[1]!), distance(centres[0]!, centres[2]!), distance(centres[1]!, centres[2]!));
      expect(spread).toBeLessThan(gap / 2);
    }
  });
});
