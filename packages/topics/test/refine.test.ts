import { describe, expect, it } from "vitest";
import { mergeCloseTopics, refineByCentroids } from "../src/refine";

/** A unit vector at `degrees` in the plane (cosine between two of them = cos of the angle between). */
const at = (degrees: number) => [Math.cos((degrees * Math.PI) / 180), Math.sin((degrees * Math.PI) / 180)];

describe("refineByCentroids", () => {
  it("moves a text labelled with the far blob to the blob its vector is in, then stops", () => {
    // Blob 0 at -10…10°, blob 1 at 80…100°; the text at 5° was put in topic 1 (as a UMAP layout can). Topic 1's
    // centroid with it is at ≈ 75°, topic 0's at 0°: the text is 5° from topic 0 and 70° from topic 1, so it moves;
    // then each centroid is its blob's middle and nothing else moves.
    const angles = [-10, -5, 0, 10, 80, 85, 90, 95, 100, 5];
    const labels = Int32Array.from([0, 0, 0, 0, 1, 1, 1, 1, 1, 1]);
    const r = refineByCentroids(angles.map(at), labels);
    expect(Array.from(r.labels)).toEqual([0, 0, 0, 0, 1, 1, 1, 1, 1, 0]);
    expect(r.moved).toBe(1);
    expect(r.iterations).toBe(2);
    expect(r.clusterCount).toBe(2);
  });

  it("gives back a stable assignment unchanged and leaves noise as noise", () => {
    // 45° is noise and exactly between the blobs; 20° is noise and nearer blob 0: neither is touched (admitting
    // noise is the outlier rule's job, afterwards).
    const angles = [-10, 0, 10, 80, 90, 100, 45, 20];
    const labels = Int32Array.from([0, 0, 0, 1, 1, 1, -1, -1]);
    const r = refineByCentroids(angles.map(at), labels);
    expect(Array.from(r.labels)).toEqual(Array.from(labels));
    expect(r.moved).toBe(0);
    expect(r.iterations).toBe(1);
  });

  it("drops a topic left without members and renumbers the others in order of first member", () => {
    // Topic 1 holds a text at 2° (inside blob 0) and one at 88° (inside blob 2): its centroid is at 45°, 43° from
    // both, while each is 3° from its blob's centroid (-1° and 91°). Both move on the first pass, topic 1 is empty.
    const angles = [0, 2, -2, 88, 90, 92];
    const labels = Int32Array.from([0, 1, 0, 1, 2, 2]);
    const r = refineByCentroids(angles.map(at), labels);
    expect(Array.from(r.labels)).toEqual([0, 0, 0, 1, 1, 1]);
    expect(r.clusterCount).toBe(2);
    expect(r.moved).toBe(2);
  });

  it("stops after the given number of passes", () => {
    const angles = [-10, -5, 0, 10, 80, 85, 90, 95, 100, 5];
    const labels = Int32Array.from([0, 0, 0, 0, 1, 1, 1, 1, 1, 1]);
    expect(refineByCentroids(angles.map(at), labels, 1).iterations).toBe(1);
  });
});

describe("mergeCloseTopics", () => {
  it("merges two halves of one blob and keeps apart blobs", () => {
    // Topic 0 at -3, 0, 3° (centroid 0°) and topic 1 at -1, 2, 5° (centroid 2°) overlap. Each one's threshold is its
    // 10th-percentile leave-one-out similarity: the member at the edge is 4.5° from the mean of the other two
    // (cos 4.5° ≈ 0.9969). Topic 0's members are 5°, 2° and 1° from topic 1's centroid, a mean cosine of ≈ 0.9985,
    // and topic 1's are 1°, 2° and 5° from topic 0's: above both thresholds, so they merge. The blob at 90° stays.
    const angles = [-3, 0, 3, -1, 2, 5, 88, 90, 92];
    const labels = Int32Array.from([0, 0, 0, 1, 1, 1, 2, 2, 2]);
    const r = mergeCloseTopics(angles.map(at), labels);
    expect(Array.from(r.labels)).toEqual([0, 0, 0, 0, 0, 0, 1, 1, 1]);
    expect(r.iterations).toBe(1);
    expect(r.clusterCount).toBe(2);
  });

  it("does not merge topics whose members are further from the other centroid than the other's own members", () => {
    const angles = [-3, 0, 3, 17, 20, 23, -1];
    const labels = Int32Array.from([0, 0, 0, 1, 1, 1, -1]);
    const r = mergeCloseTopics(angles.map(at), labels);
    expect(Array.from(r.labels)).toEqual(Array.from(labels));
    expect(r.moved).toBe(0);
  });
});
