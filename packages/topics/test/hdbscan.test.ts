import { describe, expect, it } from "vitest";
import { condenseTree, coreDistances, hdbscan, mutualReachabilityMst, singleLinkage } from "../src/hdbscan";
import { seededRandom } from "../src/random";

/** A rows × cols grid with `spacing` between neighbours, starting at (x, y). */
function grid(x: number, y: number, rows: number, cols: number, spacing: number): number[][] {
  const out: number[][] = [];
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out.push([x + c * spacing, y + r * spacing]);
  return out;
}

describe("HDBSCAN building blocks", () => {
  it("core distance is the distance to the k-th nearest point, the point itself first", () => {
    const pts = [[0], [1], [3], [7]];
    expect(Array.from(coreDistances(pts, 1))).toEqual([0, 0, 0, 0]);
    expect(Array.from(coreDistances(pts, 2))).toEqual([1, 1, 2, 4]);
    expect(Array.from(coreDistances(pts, 3))).toEqual([3, 2, 3, 6]);
  });

  it("core distances are the k-th smallest distance to the bit, each pair measured once for both points", () => {
    const random = seededRandom(9);
    // 5 dimensions as UMAP leaves them, with repeated points (distance 0).
    const pts = Array.from({ length: 120 }, () => Array.from({ length: 5 }, () => random.gaussian() * 3));
    for (let i = 0; i < 10; i++) pts.push([...pts[i * 7]!]);
    for (const k of [2, 3, 5]) {
      const expected = pts.map((p, i) => {
        const distances = pts.filter((_, j) => j !== i).map((q) => Math.sqrt(p.reduce((s, x, c) => s + (x - q[c]!) ** 2, 0)));
        return distances.sort((a, b) => a - b)[k - 2]!;
      });
      expect(Array.from(coreDistances(pts, k)).every((d, i) => Object.is(d, expected[i]))).toBe(true);
    }
  });

  it("the spanning tree weighs edges by mutual reachability max(core a, core b, distance)", () => {
    const pts = [[0], [1], [3], [7]];
    const core = coreDistances(pts, 2); // 1, 1, 2, 4
    const mst = mutualReachabilityMst(pts, core);
    // 0–1: max(1, 1, 1) = 1; 1–2: max(1, 2, 2) = 2; 2–3: max(2, 4, 4) = 4: total 7, the minimum.
    expect(Array.from(mst.w).sort((a, b) => a - b)).toEqual([1, 2, 4]);
    const tree = singleLinkage(4, mst);
    expect(Array.from(tree.dist)).toEqual([1, 2, 4]);
    expect(tree.size[6]).toBe(4);
  });

  it("condensing with min_cluster_size 2 on two pairs: the root splits into two clusters at λ = 1/9 (the gap 1 → 10)", () => {
    const pts = [[0], [1], [10], [11]];
    const core = coreDistances(pts, 1);
    const condensed = condenseTree(4, singleLinkage(4, mutualReachabilityMst(pts, core)), 2);
    const clusters = condensed.filter((e) => e.child >= 4);
    expect(clusters.map((e) => [e.parent, e.lambda, e.size])).toEqual([
      [4, 1 / 9, 2],
      [4, 1 / 9, 2],
    ]);
    // Each pair's points leave their cluster at λ = 1/1.
    expect(condensed.filter((e) => e.child < 4).every((e) => e.lambda === 1 && e.parent > 4)).toBe(true);
  });
});

describe("hdbscan", () => {
  it("finds two blobs of very different densities and leaves a far point as noise", () => {
    const dense = grid(0, 0, 2, 5, 0.1); // spacing 0.1
    const sparse = grid(100, 0, 2, 5, 1); // spacing 1: ten times looser
    const outlier = [[50, 500]]; // farther from both blobs than they are from each other: it leaves the root
    const r = hdbscan([...dense, ...sparse, ...outlier], { minClusterSize: 5, minSamples: 3 });
    expect(r.clusterCount).toBe(2);
    const labels = Array.from(r.labels);
    expect(new Set(labels.slice(0, 10))).toEqual(new Set([0]));
    expect(new Set(labels.slice(10, 20))).toEqual(new Set([1]));
    expect(labels[20]).toBe(-1);
    // Every point of a regular grid has the same core distance: all leave their cluster together, strength 1
    // (up to the rounding of 0.1 steps).
    for (const p of r.probabilities.slice(0, 20)) expect(p).toBeCloseTo(1, 9);
    expect(r.probabilities[20]).toBe(0);
  });

  it("pure noise: points spread ever wider (1, 2, 4, …) never form a group, so every point is noise", () => {
    // Each merge adds one point to a chain: no split ever has two sides of min_cluster_size points.
    const pts = Array.from({ length: 20 }, (_, i) => [2 ** i]);
    const r = hdbscan(pts, { minClusterSize: 3, minSamples: 1 });
    expect(r.clusterCount).toBe(0);
    expect(Array.from(r.labels).every((l) => l === -1)).toBe(true);
  });

  it("fewer points than min_cluster_size are all noise", () => {
    const r = hdbscan([[0, 0], [0, 1], [1, 0]], { minClusterSize: 5 });
    expect(r.clusterCount).toBe(0);
    expect(Array.from(r.labels)).toEqual([-1, -1, -1]);
  });

  it("a single cluster is found only when the root may be chosen", () => {
    const blob = grid(0, 0, 3, 5, 1);
    const single = hdbscan(blob, { minClusterSize: 5, minSamples: 3, allowSingleCluster: true });
    expect(single.clusterCount).toBe(1);
    expect(Array.from(single.labels).every((l) => l === 0)).toBe(true);
  });

  it("duplicates: copies of two points make two clusters of full strength, whatever their count", () => {
    const pts = [...Array.from({ length: 8 }, () => [0, 0]), ...Array.from({ length: 6 }, () => [5, 5])];
    const r = hdbscan(pts, { minClusterSize: 4, minSamples: 4 });
    expect(r.clusterCount).toBe(2);
    expect(Array.from(r.labels)).toEqual([...Array(8).fill(0), ...Array(6).fill(1)]);
    expect(Array.from(r.probabilities).every((p) => p === 1)).toBe(true);
  });

  it("excess of mass keeps a parent over children that are less stable", () => {
    // Two groups of 5 close pairs: with min_cluster_size 5 the groups are the clusters, not the pairs inside.
    const left = grid(0, 0, 1, 5, 1);
    const right = grid(30, 0, 1, 5, 1);
    const r = hdbscan([...left, ...right], { minClusterSize: 5, minSamples: 2 });
    expect(r.clusterCount).toBe(2);
    expect(Array.from(r.labels)).toEqual([0, 0, 0, 0, 0, 1, 1, 1, 1, 1]);
  });

  it("is deterministic and independent of the input order (labels up to renaming)", () => {
    const pts = [...grid(0, 0, 3, 3, 0.5), ...grid(20, 20, 3, 3, 0.7)];
    const a = hdbscan(pts, { minClusterSize: 4 });
    const b = hdbscan([...pts].reverse(), { minClusterSize: 4 });
    expect(a.clusterCount).toBe(2);
    const rev = Array.from(b.labels).reverse();
    // Same partition: points together in one are together in the other.
    for (let i = 0; i < pts.length; i++) for (let j = 0; j < pts.length; j++) expect(a.labels[i] === a.labels[j]).toBe(rev[i] === rev[j]);
  });
});
