import { describe, expect, it } from "vitest";
import { joinByNeighbourVote, leaveOneOutSimilarities, reduceOutliers } from "../src/outliers";

/** A unit vector at `degrees` in the plane (cosine between two of them = cos of the angle between). */
const at = (degrees: number) => [Math.cos((degrees * Math.PI) / 180), Math.sin((degrees * Math.PI) / 180)];

describe("reduceOutliers", () => {
  // Topic 0 around 0° (members at -10…10°), topic 1 around 90° (members at 80…100°): by symmetry each centroid sits
  // at its middle angle; the least similar member, at ±10°, is 12.5° from the mean of the others (cos ≈ 0.976).
  const topic0 = [-10, -5, 0, 5, 10];
  const topic1 = [80, 85, 90, 95, 100];

  it("puts a noise text in the topic it is as close to as the topic's own members, and leaves real outliers", () => {
    const angles = [...topic0, ...topic1, 3, 92, 45, 30, -60];
    const labels = Int32Array.from([...topic0.map(() => 0), ...topic1.map(() => 1), -1, -1, -1, -1, -1]);
    const r = reduceOutliers(angles.map(at), labels);
    // 3° and 92° are inside their topics (cos 3° > cos 10°); 45° is between the two, 30° and -60° are 20° and more
    // away from the nearest centroid: all three stay noise.
    expect(Array.from(r.labels.slice(10))).toEqual([0, 1, -1, -1, -1]);
    expect(r.assigned).toBe(2);
    // Members never move.
    expect(Array.from(r.labels.slice(0, 10))).toEqual(Array.from(labels.slice(0, 10)));
  });

  it("the threshold is the 10th percentile of the members' similarities, not their minimum", () => {
    // Eleven members at 0° and one far member at 40°: the 10th percentile (position ⌊0.1 × 11⌋ = 1 of 12 sorted) is a
    // member at 0°'s similarity, so a text at 20° (closer than the far member) still stays noise.
    const angles = [...Array.from({ length: 11 }, () => 0), 40, 20];
    const labels = Int32Array.from([...Array.from({ length: 12 }, () => 0), -1]);
    expect(reduceOutliers(angles.map(at), labels).labels[12]).toBe(-1);
  });

  it("compares a text with each member's similarity to the other members, not to a centroid the member is part of", () => {
    // Three members at -10°, 0°, 10°: the member at 10° is 10° from the topic's centroid but 15° from the mean of the
    // other two (cos 15° ≈ 0.966). A text at 14° (cos 14° ≈ 0.970 to the centroid) is as close to the topic as its
    // own members are to each other and joins it; counted against the self-inclusive 0.985 it stayed noise.
    const sims = leaveOneOutSimilarities([-10, 0, 10].map(at));
    expect(sims[0]).toBeCloseTo(Math.cos((15 * Math.PI) / 180), 6);
    expect(sims[1]).toBeCloseTo(1, 6);
    const r = reduceOutliers([-10, 0, 10, 14, 25].map(at), Int32Array.from([0, 0, 0, -1, -1]));
    expect(Array.from(r.labels)).toEqual([0, 0, 0, 0, -1]);
    // One member has no others to be compared with: nobody joins it.
    expect(leaveOneOutSimilarities([at(0)])).toEqual([]);
    expect(Array.from(reduceOutliers([at(0), at(1)], Int32Array.from([0, -1])).labels)).toEqual([0, -1]);
  });

  it("changes nothing without topics and is the same whatever the order of noise texts", () => {
    const none = Int32Array.from([-1, -1, -1]);
    expect(Array.from(reduceOutliers([at(0), at(1), at(2)], none).labels)).toEqual([-1, -1, -1]);
    const angles = [0, 2, 4, 1, 3];
    const labels = Int32Array.from([0, 0, 0, -1, -1]);
    const forward = reduceOutliers(angles.map(at), labels).labels;
    const backward = reduceOutliers([...angles].reverse().map(at), Int32Array.from([...labels].reverse())).labels;
    expect(Array.from(forward)).toEqual(Array.from(backward).reverse());
  });
});

describe("joinByNeighbourVote", () => {
  // Texts 0–3 are topic 0, 4–7 topic 1; 8–10 are noise. Each list starts with the text itself, as UMAP's do.
  const labels = Int32Array.from([0, 0, 0, 0, 1, 1, 1, 1, -1, -1, -1]);

  it("a noise text joins the topic holding more than half of its neighbours, itself left out", () => {
    const neighbours = [...Array.from({ length: 8 }, (_, i) => [i]), [8, 4, 5, 6, 0], [9, 0, 1, 4, 5], [10, 0, 1, 2, 8]];
    const r = joinByNeighbourVote(labels, neighbours);
    // 8: three of four neighbours in topic 1 → joins it; 9: two and two → stays noise; 10: three of four in topic 0.
    expect(Array.from(r.labels.slice(8))).toEqual([1, -1, 0]);
    expect(r.assigned).toBe(2);
    expect(Array.from(r.labels.slice(0, 8))).toEqual(Array.from(labels.slice(0, 8)));
  });

  it("exactly half is not a majority, and noise neighbours vote for no topic, whatever the order of the texts", () => {
    // 8's neighbours: 9 and 10 (noise) and two members of topic 0: half, so 8 stays noise even though 9 and 10 join
    // topic 0 in this same pass (votes are counted on the labels before it).
    const neighbours = [...Array.from({ length: 8 }, (_, i) => [i]), [8, 9, 10, 0, 1], [9, 0, 1, 2, 3], [10, 0, 1, 2, 8]];
    expect(Array.from(joinByNeighbourVote(labels, neighbours).labels.slice(8))).toEqual([-1, 0, 0]);
  });
});
