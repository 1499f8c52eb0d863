import { describe, expect, it } from "vitest";
import { neighboursAfterWeighting, topicSeparationWeights, weightByTopics } from "../src/self-training";

describe("topicSeparationWeights", () => {
  // Four texts in two topics (0, 0, 1, 1) and one noise text whose values would change every figure if it counted.
  const topics = Int32Array.from([0, 0, 1, 1, -1]);

  it("gives a dimension that only tells the topics apart weight 1 and one that varies only inside them 0", () => {
    const rows = [
      [1, 1],
      [1, 0],
      [0, 1],
      [0, 0],
      [9, 9],
    ];
    const w = topicSeparationWeights(rows, topics);
    // Dimension 0: all of its variance is between the topics (ε² = 1). Dimension 1: the topics' means are equal,
    // ε² = (0 − 1 · MS_within) / SS_total < 0, floored at 0.
    expect(w[0]).toBeCloseTo(1, 12);
    expect(w[1]).toBe(0);
  });

  it("corrects the between-topic share for the number of topics (ε², not η²)", () => {
    // Values 3, 1 | 0, 0: grand mean 1, SS_total 6, topic means 2 and 0, SS_between 4, SS_within 2 over 4 − 2
    // degrees of freedom (MS 1): ε² = (4 − 1 · 1) / 6 = 0.5 (η² would be 4 / 6); the weight is √ε².
    const w = topicSeparationWeights([[3], [1], [0], [0], [-7]], topics);
    expect(w[0]).toBeCloseTo(Math.sqrt(0.5), 12);
  });

  it("gives nothing to a dimension that is constant among the topics' members", () => {
    expect(topicSeparationWeights([[2], [2], [2], [2], [5]], topics)[0]).toBe(0);
  });

  it("gives nothing when the first pass found fewer than two topics", () => {
    const one = Int32Array.from([0, 0, 0, -1]);
    expect(Array.from(topicSeparationWeights([[1], [0], [2], [3]], one))).toEqual([0]);
    expect(weightByTopics([[1], [0], [2], [3]], one)).toBeNull();
    expect(weightByTopics([[1], [0]], Int32Array.from([-1, -1]))).toBeNull();
  });
});

describe("weightByTopics", () => {
  it("scales each dimension by its weight and normalises the rows again", () => {
    // Dimension 0 separates the topics (weight 1), dimension 1 does not (weight 0): what is left of each row is its
    // first coordinate, normalised; a row with nothing left stays zero.
    const rows = [
      [0.6, 0.8],
      [0.6, -0.8],
      [0, 1],
      [0, -1],
    ];
    const out = weightByTopics(rows, Int32Array.from([0, 0, 1, 1]))!;
    expect(out.map((r) => Array.from(r, (x) => x + 0))).toEqual([
      [1, 0],
      [1, 0],
      [0, 0],
      [0, 0],
    ]);
  });
});

describe("neighboursAfterWeighting", () => {
  it("finds the nearest among the first neighbours and their neighbours, the text itself first", () => {
    // Points 0, 1, 10, 11 on a line. The first pass gave point 0 a wrong neighbour (10); that neighbour's own list
    // holds 1, which is the nearest once distances are measured in the new rows. Point 10 finds only what its list
    // and its neighbour's reach (1 and 0, not 11): one local join, not a search.
    const rows = [[0], [1], [10], [11]];
    const first = {
      indices: [
        [0, 2],
        [1, 0],
        [2, 1],
        [3, 2],
      ],
      distances: [[0, 10], [0, 1], [0, 9], [0, 1]],
    };
    const out = neighboursAfterWeighting(rows, first, 2);
    expect(out.indices).toEqual([
      [0, 1],
      [1, 0],
      [2, 1],
      [3, 2],
    ]);
    expect(out.distances).toEqual([
      [0, 1],
      [0, 1],
      [0, 9],
      [0, 1],
    ]);
  });
});
