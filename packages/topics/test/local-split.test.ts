import { describe, expect, it } from "vitest";
import { exactNeighbours, silhouette, splitTopics, type SplitOptions } from "../src/local-split";
import { normalizeRow } from "../src/reduce";
import { seededRandom } from "../src/random";

const random = seededRandom(5);
/** n points of a Gaussian blob around `centre` (standard deviation `spread`). */
const blob = (centre: number[], n: number, spread: number) => Array.from({ length: n }, () => centre.map((x) => x + spread * random.gaussian()));
/** Unit rows near a direction: the direction plus small noise on every dimension, L2-normalised (as the pipeline's rows). */
const around = (direction: number[], n: number, spread: number) => blob(direction, n, spread).map((v) => normalizeRow(Float64Array.from(v)));
const axis = (d: number, k: number) => Array.from({ length: d }, (_, i) => (i === k ? 1 : 0));

const options = (over: Partial<SplitOptions>): SplitOptions => ({ space: "global-umap", criterion: { kind: "root" }, minClusterSize: 8, minSamples: 2, minTopicSize: 10, seed: 17, ...over });

describe("splitTopics", () => {
  it("splits a topic made of two far-apart groups along them, and leaves one compact group whole (global layout)", () => {
    const reduced = [...blob([0, 0], 20, 0.3), ...blob([10, 0], 20, 0.3), ...blob([0, 50], 40, 0.5)];
    const rows = reduced.map((p) => normalizeRow(Float64Array.from([1, ...p])));
    const labels = Int32Array.from([...Array(40).fill(0), ...Array(40).fill(1)]);
    const { labels: out, splits } = splitTopics(rows, reduced, labels, options({}));
    expect(splits).toBe(1);
    // The first group keeps topic 0, the second becomes a new topic (2); topic 1 (one blob) is untouched.
    expect(new Set(out.slice(0, 20))).toEqual(new Set([0]));
    expect(new Set(out.slice(20, 40))).toEqual(new Set([2]));
    expect(Array.from(out.slice(40))).toEqual(Array(40).fill(1));
  });

  it("lays a topic out again on its own members: two directions in the space before UMAP are split, one is not", () => {
    const d = 20;
    const rows = [...around(axis(d, 0), 25, 0.05), ...around(axis(d, 1), 25, 0.05), ...around(axis(d, 2), 50, 0.05)];
    const labels = Int32Array.from([...Array(50).fill(0), ...Array(50).fill(1)]);
    const reduced = rows.map(() => [0, 0]); // unused by the local layout
    const { labels: out, splits } = splitTopics(rows, reduced, labels, options({ space: "local-umap", nEpochs: 200 }));
    expect(splits).toBe(1);
    expect(new Set(out.slice(0, 25)).size).toBe(1);
    expect(new Set(out.slice(25, 50)).size).toBe(1);
    expect(out[0]).not.toBe(out[25]);
    expect(Array.from(out.slice(50))).toEqual(Array(50).fill(1));
  });

  it("a topic smaller than minTopicSize and noise are left as they are", () => {
    const reduced = [...blob([0, 0], 4, 0.1), ...blob([10, 0], 4, 0.1), [5, 5]];
    const rows = reduced.map((p) => normalizeRow(Float64Array.from([1, ...p])));
    const labels = Int32Array.from([0, 0, 0, 0, 0, 0, 0, 0, -1]);
    const { labels: out, splits } = splitTopics(rows, reduced, labels, options({ minClusterSize: 3, minTopicSize: 10 }));
    expect(splits).toBe(0);
    expect(Array.from(out)).toEqual(Array.from(labels));
  });

  it("sub-noise joins the child whose centroid it is nearest to, not the largest child", () => {
    // Two groups and a point far from both (it leaves the topic before the groups part, so HDBSCAN calls it noise),
    // less far from the second, smaller group: the split puts it there.
    const reduced = [...blob([0, 0], 16, 0.2), ...blob([10, 0], 15, 0.2), [10, 25]];
    const rows = reduced.map((p) => normalizeRow(Float64Array.from([1, ...p])));
    const labels = new Int32Array(32).fill(0);
    const { labels: out, splits } = splitTopics(rows, reduced, labels, options({}));
    expect(splits).toBe(1);
    expect(out[0]).not.toBe(out[16]);
    expect(out[31]).toBe(out[16]);
  });
});

describe("silhouette and exact neighbours", () => {
  it("silhouette is near 1 for two tight orthogonal groups and near 0 for an arbitrary cut of one group", () => {
    const rows = [...around(axis(10, 0), 10, 0.01), ...around(axis(10, 1), 10, 0.01)];
    expect(silhouette(rows, [...Array(10).fill(0), ...Array(10).fill(1)])).toBeGreaterThan(0.95);
    const one = around(axis(10, 0), 200, 0.2);
    expect(Math.abs(silhouette(one, one.map((_, i) => i % 2)))).toBeLessThan(0.05);
  });

  it("neighbours: the row itself first at distance 0, then by euclidean distance between unit rows", () => {
    const rows = [axis(3, 0), normalizeRow(Float64Array.from([1, 0.1, 0])), axis(3, 1)];
    const { indices, distances } = exactNeighbours(rows, 3);
    expect(indices[0]).toEqual([0, 1, 2]);
    expect(distances[0]![0]).toBe(0);
    expect(distances[0]![2]).toBeCloseTo(Math.SQRT2, 10);
  });
});
