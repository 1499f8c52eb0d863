import { describe, expect, it } from "vitest";
import { homogeneityCompleteness, normalizedMutualInformation } from "../src/metrics";

describe("homogeneityCompleteness", () => {
  it("a label split over two topics is homogeneous but not complete (scikit-learn's example)", () => {
    const { homogeneity, completeness } = homogeneityCompleteness([0, 0, 1, 1], [0, 0, 1, 2]);
    expect(homogeneity).toBeCloseTo(1, 10);
    // H(found | truth) = ½·ln 2, H(found) = entropy of (½, ¼, ¼) = 1.5·ln 2 → 1 − 1/3.
    expect(completeness).toBeCloseTo(2 / 3, 10);
    // NMI (arithmetic mean) is their harmonic mean, the V-measure: 0.8 here.
    expect(normalizedMutualInformation([0, 0, 1, 1], [0, 0, 1, 2])).toBeCloseTo(0.8, 10);
  });

  it("one topic for two labels is complete but not homogeneous", () => {
    expect(homogeneityCompleteness(["a", "a", "b", "b"], [-1, -1, -1, -1])).toEqual({ homogeneity: 0, completeness: 1 });
  });

  it("the same partition under other names scores 1 and 1", () => {
    const r = homogeneityCompleteness(["x", "x", "y", "z"], [5, 5, 2, 9]);
    expect(r.homogeneity).toBeCloseTo(1, 10);
    expect(r.completeness).toBeCloseTo(1, 10);
  });
});
