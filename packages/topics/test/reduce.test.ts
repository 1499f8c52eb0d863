import { describe, expect, it } from "vitest";
import { commonPartOf, dotProduct, normalizeRow } from "../src/reduce";
import { seededRandom } from "../src/random";

describe("commonPartOf", () => {
  it("gives the row-by-row power iteration's mean and direction to the bit (rows not a multiple of the block)", () => {
    const random = seededRandom(4);
    const dimension = 13;
    const vectors = Array.from({ length: 207 }, (_, i) => Float64Array.from({ length: dimension }, (_, k) => random.gaussian() + (k === 3 ? i / 50 : 0.2)));
    const found = commonPartOf(vectors, dimension);

    const mean = new Float64Array(dimension);
    for (const v of vectors) for (let k = 0; k < dimension; k++) mean[k]! += v[k]! / vectors.length;
    const centred = vectors.map((v) => v.map((x, k) => x - mean[k]!));
    let direction: Float64Array = new Float64Array(dimension).fill(1 / Math.sqrt(dimension));
    for (let it = 0; it < 100; it++) {
      const next = new Float64Array(dimension);
      for (const v of centred) {
        const d = dotProduct(v, direction);
        for (let k = 0; k < dimension; k++) next[k]! += d * v[k]!;
      }
      direction = normalizeRow(next);
    }
    expect(found.mean.every((x, k) => Object.is(x, mean[k]))).toBe(true);
    expect(found.dominantDirection.every((x, k) => Object.is(x, direction[k]))).toBe(true);
    // The planted spread along dimension 3 is the direction found.
    expect(Math.abs(found.dominantDirection[3]!)).toBeGreaterThan(0.9);
  });
});
