import { describe, expect, it } from "vitest";
import { learnCorpusVectors, learnWordVectors, textVector, withCorpusVectors, WORD_PAIR_PREFIX } from "../src/corpus-vectors";
import { corpusTermsOf } from "../src/embedder";
import { dotProduct } from "../src/reduce";

// "arrived" and "came" never appear together but always in the same company ("card", "post", "yet"); "fee" and
// "charged" keep another company. Distributional vectors must see the first pair as synonyms, as a hash cannot.
const corpus = [
  "card arrived yet",
  "card came yet",
  "post card arrived",
  "post card came",
  "arrived yet post",
  "came yet post",
  "fee charged transfer",
  "fee charged atm",
  "transfer fee twice",
  "atm charged twice",
  "transfer charged fee",
  "atm fee twice",
  "unique words here",
].map((t) => t.split(" "));

const cosine = (a: ArrayLike<number>, b: ArrayLike<number>) => dotProduct(a, b);

describe("learnWordVectors", () => {
  const words = learnWordVectors(corpus, { dimension: 4 });
  const vector = (w: string) => words.vectors[words.index.get(w)!]!;

  it("puts words used in the same company close together, even when they never co-occur", () => {
    expect(cosine(vector("arrived"), vector("came"))).toBeGreaterThan(0.9);
    expect(cosine(vector("arrived"), vector("came"))).toBeGreaterThan(cosine(vector("arrived"), vector("charged")) + 0.5);
    expect(cosine(vector("fee"), vector("charged"))).toBeGreaterThan(cosine(vector("fee"), vector("arrived")));
  });

  it("gives no vector to a word seen in fewer than minDocumentFrequency texts", () => {
    expect(words.index.has("unique")).toBe(false);
    expect(Array.from(textVector(["unique", "words"], words)).every((x) => x === 0)).toBe(true);
  });

  it("is deterministic and its rows are unit vectors", () => {
    const again = learnWordVectors(corpus, { dimension: 4 });
    expect(again.vectors.map((v) => Array.from(v))).toEqual(words.vectors.map((v) => Array.from(v)));
    for (const v of words.vectors) expect(cosine(v, v)).toBeCloseTo(1, 10);
  });

  it("makes paraphrases' text vectors closer than unrelated texts'", () => {
    const a = textVector(["card", "arrived"], words);
    const b = textVector(["card", "came"], words);
    const c = textVector(["card", "charged"], words);
    expect(cosine(a, b)).toBeGreaterThan(cosine(a, c));
  });
});

describe("learnWordVectors with word pairs", () => {
  const pair = (a: string, b: string) => `${WORD_PAIR_PREFIX}${a} ${b}`;
  // "top up" keeps the company of "balance" and "add"; "not arrived" that of "post" and "yet".
  const texts = [
    ...corpus,
    ["top", "up", "balance", pair("top", "up")],
    ["top", "up", "add", "balance", pair("top", "up")],
    ["top", "up", "add", pair("top", "up")],
    ["not", "arrived", "post", pair("not", "arrived")],
    ["not", "arrived", "yet", pair("not", "arrived")],
    ["card", "not", "arrived", "post", "yet", pair("not", "arrived")],
    ["add", "balance", "card", pair("add", "balance")],
    ["add", "balance", "fee", pair("add", "balance")],
  ];
  const words = learnWordVectors(texts, { dimension: 4 });
  const vector = (w: string) => words.vectors[words.index.get(w)!]!;

  it("places a pair by the words it occurs with", () => {
    expect(cosine(vector(pair("top", "up")), vector("balance"))).toBeGreaterThan(cosine(vector(pair("top", "up")), vector("post")) + 0.3);
    expect(cosine(vector(pair("not", "arrived")), vector("post"))).toBeGreaterThan(cosine(vector(pair("not", "arrived")), vector("balance")) + 0.3);
    for (const v of words.vectors) expect(cosine(v, v)).toBeCloseTo(1, 10);
  });

  it("leaves the words' vectors as they are without the pairs (pairs are never contexts), and counts only words as words", () => {
    const without = learnWordVectors(texts.map((terms) => terms.filter((t) => !t.startsWith(WORD_PAIR_PREFIX))), { dimension: 4 });
    expect(words.wordCount).toBe(without.index.size);
    for (const [w, i] of without.index) expect(Array.from(vector(w))).toEqual(Array.from(without.vectors[i]!));
  });

  it("gives a vector only to pairs in at least minPairDocumentFrequency texts", () => {
    expect(words.index.has(pair("top", "up"))).toBe(true);
    expect(words.index.has(pair("add", "balance"))).toBe(false);
    expect(learnWordVectors(texts, { dimension: 4, minPairDocumentFrequency: 2 }).index.has(pair("add", "balance"))).toBe(true);
  });

  it("weighs a pair by what it says beyond its rarer word: nothing when it always comes with it", () => {
    const weight = (w: string) => words.idf[words.index.get(w)!]!;
    // "top" and "up" only ever occur together.
    expect(weight(pair("top", "up"))).toBe(0);
    // "not" (3 texts) always with "arrived"; "arrived" is in 6 texts: log(3 / 3).
    expect(weight(pair("not", "arrived"))).toBe(0);
    const rare = learnWordVectors([...texts, ["not", "post"], ["not", "yet"], ["not", "fee"]], { dimension: 4 });
    // Now "not" is in 6 texts, the pair in 3: log(6 / 3).
    expect(rare.idf[rare.index.get(pair("not", "arrived"))!]).toBeCloseTo(Math.log(2), 12);
    // A word keeps its IDF: "post" in 7 of the 24 texts.
    expect(rare.idf[rare.index.get("post")!]).toBeCloseTo(Math.log(24 / 7), 12);
  });
});

describe("corpusTermsOf", () => {
  it("adds adjacent pairs of stems or function words, but not of two function words", () => {
    // An English text: its words' English stems ("arriv"), not the French stemmer's "arrived".
    const terms = corpusTermsOf("My card has not arrived yet");
    expect(terms).toContain(`${WORD_PAIR_PREFIX}s:not arriv`);
    expect(terms).toContain(`${WORD_PAIR_PREFIX}arriv yet`);
    expect(terms).toContain(`${WORD_PAIR_PREFIX}s:my card`);
    expect(terms).not.toContain(`${WORD_PAIR_PREFIX}s:has s:not`);
  });
});

describe("learnCorpusVectors and withCorpusVectors", () => {
  const texts = corpus.map((terms) => terms.join(" "));
  const split = (text: string) => text.split(" ");

  it("appends the corpus vector at a fixed share of the norm, and keeps the lexical row alone for unknown words", () => {
    const lexical = corpus.map((_, i) => Float64Array.from({ length: 3 }, (__, k) => (k === i % 3 ? 1 : 0)));
    const joined = withCorpusVectors(lexical, texts, learnCorpusVectors(texts, split, { dimension: 4 })!);
    expect(joined[0]!.length).toBe(3 + 4);
    for (const row of joined) expect(cosine(row, row)).toBeCloseTo(1, 10);
    // "unique words here": no word with a vector, so the row is its lexical row.
    expect(Array.from(joined[12]!)).toEqual([1, 0, 0, 0, 0, 0, 0]);
    // Otherwise the lexical part keeps 70 % of the squared norm.
    expect(joined[0]![0]! ** 2).toBeCloseTo(0.7, 10);
  });

  it("removes the training texts' common part (mean and first principal direction) from every text's corpus vector", () => {
    const corpus = learnCorpusVectors(texts, split, { dimension: 4 })!;
    const lexical = texts.map(() => Float64Array.of(1));
    const corpusParts = withCorpusVectors(lexical, texts, corpus).map((row) => row.slice(1));
    for (const part of corpusParts) expect(cosine(part, corpus.dominantDirection)).toBeCloseTo(0, 10);
    expect(cosine(corpus.dominantDirection, corpus.dominantDirection)).toBeCloseTo(1, 10);
  });

  it("learns nothing from a corpus with fewer than two words per dimension", () => {
    // 10 words with a vector: enough for 4 dimensions, not for 6.
    expect(learnCorpusVectors(texts, split, { dimension: 4 })).not.toBeNull();
    expect(learnCorpusVectors(texts, split, { dimension: 6 })).toBeNull();
  });

  it("gives a text too small to learn from the vectors of a wider history: paraphrases without a shared word come closer", () => {
    const scope = ["card arrived", "card came", "fee charged"];
    const lexical = scope.map((_, i) => Float64Array.from({ length: 3 }, (__, k) => (k === i ? 1 : 0)));
    const joined = withCorpusVectors(lexical, scope, learnCorpusVectors(texts, split, { dimension: 4 })!);
    // "arrived" and "came" never meet in the history but keep the same company there.
    expect(cosine(joined[0]!, joined[1]!)).toBeGreaterThan(cosine(joined[0]!, joined[2]!) + 0.1);
  });
});
