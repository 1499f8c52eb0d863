import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseCsv } from "../src/csv";

// The French/English labelled set the topic benchmark runs on besides BANKING77 (bench/topics/data/README.md):
// a malformed row would silently shift columns and make its NMI meaningless.
const FILE = path.resolve(import.meta.dirname, "../../../bench/topics/data/shop-messages.csv");

describe("bench/topics/data/shop-messages.csv", () => {
  const [header, ...rows] = parseCsv(readFileSync(FILE, "utf8"));

  it("has the columns text, intent, lang and a non-empty text on every row", () => {
    expect(header).toEqual(["text", "intent", "lang"]);
    for (const row of rows) {
      expect(row).toHaveLength(3);
      expect(row[0]!.trim()).not.toBe("");
      expect(["fr", "en"]).toContain(row[2]);
    }
  });

  it("has at least 20 messages per intent, both languages in each", () => {
    const byIntent = new Map<string, string[][]>();
    for (const row of rows) byIntent.set(row[1]!, [...(byIntent.get(row[1]!) ?? []), row]);
    expect(byIntent.size).toBeGreaterThanOrEqual(25);
    for (const [, messages] of byIntent) {
      expect(messages.length).toBeGreaterThanOrEqual(20);
      expect(new Set(messages.map((row) => row[2]))).toEqual(new Set(["fr", "en"]));
    }
  });
});
