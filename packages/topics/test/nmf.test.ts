import { describe, expect, it } from "vitest";
import { hals, nmfTermsOf, withNmfBlock } from "../src/nmf";

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
