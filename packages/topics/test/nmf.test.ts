import { describe, expect, it } from "vitest";
import { hals, nmfTermsOf, withNmfBlock } from "../src/nmf";
import { seededRandom } from "../src/random";
import { normalizeRow } from "../src/reduce";

describe("nmfTermsOf", () => {
  it("gives a French and an English wording of one need the same concept tokens and no function words", () => {
    const fr = nmfTermsOf("Je veux être remboursée de ma commande");
    const en = nmfTermsOf("I want a refund for my order");
    expect(fr).toContain("#refund");
    expect(en).toContain("#refund");
    expect(fr).toContain("#order");
    // Words a concept covers leave no stem of their own (the stem would be one language's).
    expect(fr.some((t) => t.startsWith("rembours"))).toBe(false);
    expect(en).not.toContain("refund");
    expect(fr).not.toContain("de");
    expect(en).not.toContain("my");
  });
});

describe("hals", () => {
  it("recovers two planted groups of columns", () => {
    // Rows 0–9 use columns 0–2, rows 10–19 columns 3–5.
    const cols: Int32Array[] = [];
    const vals: Float64Array[] = [];
    for (let i = 0; i < 20; i++) {
      cols.push(Int32Array.from(i < 10 ? [0, 1, 2] : [3, 4, 5]));
      vals.push(Float64Array.from([1, 0.5 + (i % 3) / 10, 0.8]));
    }
    const { W } = hals(cols, vals, 20, 6, 2, 30);
    const dominant = (i: number) => (W[i * 2]! > W[i * 2 + 1]! ? 0 : 1);
    for (let i = 1; i < 10; i++) expect(dominant(i)).toBe(dominant(0));
    for (let i = 11; i < 20; i++) expect(dominant(i)).toBe(dominant(10));
    expect(dominant(0)).not.toBe(dominant(10));
  });
});

describe("withNmfBlock", () => {
  it("adds k columns at the given share and keeps rows unit-length, deterministically", () => {
    const texts = Array.from({ length: 40 }, (_, i) =>
      i % 2 ? `where is my order number ${i % 5}, still not received` : `the zip on my sweater is broken, damaged item ${i % 3}`,
    );
    const rows = texts.map((_, i) => Float64Array.from([i % 2, 1 - (i % 2), 0.5]).map((x) => x / Math.hypot(i % 2, 1 - (i % 2), 0.5)));
    const a = withNmfBlock(rows, texts, 10);
    const b = withNmfBlock(rows, texts, 10);
    expect(a[0]!.length).toBe(3 + 5);
    for (const r of a) expect(Math.hypot(...r)).toBeCloseTo(1, 9);
    expect(a).toEqual(b);
    // The block takes at most 30 % of the squared norm, less where the factorisation explains less of the text.
    for (const r of a) {
      const block = r.slice(3).reduce((s, x) => s + x * x, 0);
      expect(block).toBeGreaterThan(0);
      expect(block).toBeLessThanOrEqual(0.3 + 1e-9);
    }
  });
});

/** HALS written plainly (each product in full, one row or column at a time): what `hals` must equal to the bit. */
function plainHals(cols: readonly Int32Array[], vals: readonly Float64Array[], n: number, v: number, k: number, iterations: number) {
  const random = seededRandom(17);
  let mean = 0;
  for (const x of vals) for (const y of x) mean += y;
  mean /= n * v;
  const scale = Math.sqrt(mean / k);
  const W = Float64Array.from({ length: n * k }, () => random.next() * scale);
  const H = Float64Array.from({ length: k * v }, () => random.next() * scale);
  for (let it = 0; it < iterations; it++) {
    const A = new Float64Array(n * k); // X Hᵀ
    cols.forEach((c, i) => c.forEach((col, e) => { for (let t = 0; t < k; t++) A[i * k + t]! += vals[i]![e]! * H[t * v + col]!; }));
    const B = new Float64Array(k * k); // H Hᵀ, each entry summed over the columns in order
    for (let c = 0; c < v; c++) for (let a = 0; a < k; a++) for (let b = 0; b < k; b++) B[a * k + b]! += H[a * v + c]! * H[b * v + c]!;
    for (let i = 0; i < n; i++) for (let t = 0; t < k; t++) {
      let s = 0;
      for (let u = 0; u < k; u++) s += W[i * k + u]! * B[t * k + u]!;
      W[i * k + t] = Math.max(1e-12, W[i * k + t]! + (A[i * k + t]! - s) / (B[t * k + t]! + 1e-12));
    }
    const C = new Float64Array(k * v); // Wᵀ X
    cols.forEach((c, i) => c.forEach((col, e) => { for (let t = 0; t < k; t++) C[t * v + col]! += vals[i]![e]! * W[i * k + t]!; }));
    const D = new Float64Array(k * k); // Wᵀ W
    for (let i = 0; i < n; i++) for (let a = 0; a < k; a++) for (let b = 0; b < k; b++) D[a * k + b]! += W[i * k + a]! * W[i * k + b]!;
    for (let col = 0; col < v; col++) for (let t = 0; t < k; t++) {
      let s = 0;
      for (let u = 0; u < k; u++) s += D[t * k + u]! * H[u * v + col]!;
      H[t * v + col] = Math.max(1e-12, H[t * v + col]! + (C[t * v + col]! - s) / (D[t * k + t]! + 1e-12));
    }
  }
  return { W, H };
}

describe("hals, computed in blocks of rows", () => {
  it("gives the plain HALS's W and H to the bit (rows and columns not multiples of the block)", () => {
    const random = seededRandom(3);
    const [n, v, k] = [203, 97, 11];
    const cols: Int32Array[] = [];
    const vals: Float64Array[] = [];
    for (let i = 0; i < n; i++) {
      const picked = new Set<number>();
      const size = 1 + Math.floor(random.next() * 6);
      while (picked.size < size) picked.add(Math.floor(random.next() ** 2 * v));
      cols.push(Int32Array.from(picked));
      vals.push(normalizeRow(Float64Array.from(picked, () => random.next())));
    }
    const expected = plainHals(cols, vals, n, v, k, 7);
    const found = hals(cols, vals, n, v, k, 7);
    const sameBits = (a: Float64Array, b: Float64Array) => a.every((x, i) => Object.is(x, b[i]));
    expect(sameBits(found.W, expected.W)).toBe(true);
    expect(sameBits(found.H, expected.H)).toBe(true);
  });
});
