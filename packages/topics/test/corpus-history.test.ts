import { describe, expect, it } from "vitest";
import { findTopics } from "../src/cluster";
import { learnCorpusVectors } from "../src/corpus-vectors";
import { normalizedMutualInformation } from "../src/metrics";

// Three subjects, each asked with ten interchangeable words ("s0_0" … "s0_9") that never meet but keep the same
// company ("c0_0" … "c0_5") in the workspace's history. The scope being clustered (a post's 30 comments) has one
// such word per text: no two texts share a word, and it is far too small to learn word vectors from.
const subjects = [0, 1, 2];
const synonyms = (k: number) => Array.from({ length: 10 }, (_, i) => `s${k}_${i}`);
const history = subjects.flatMap((k) => {
  const company = Array.from({ length: 6 }, (_, i) => `c${k}_${i}`);
  const pairs = company.flatMap((x, i) => company.slice(i + 1).map((y) => `${x} ${y}`));
  return synonyms(k).flatMap((s) => pairs.map((pair) => `${s} ${pair}`));
});
const scope = subjects.flatMap(synonyms);
const truth = subjects.flatMap((k) => synonyms(k).map(() => k));
const split = (text: string) => text.split(" ");
// One dimension per text: a lexical embedding, which cannot see that two words mean the same.
const lexical = scope.map((_, i) => Float64Array.from(scope, (__, j) => (i === j ? 1 : 0)));

describe("findTopics with corpus vectors learned from a wider history", () => {
  it("groups a small scope's texts that share no word by what the history says of their words", () => {
    const corpusVectors = learnCorpusVectors(history, split, { dimension: 10 });
    expect(corpusVectors).not.toBeNull();
    // Too small to learn from itself.
    expect(learnCorpusVectors(scope, split, { dimension: 10 })).toBeNull();
    const alone = findTopics(scope, lexical, { seed: 3 });
    const withHistory = findTopics(scope, lexical, { seed: 3, corpusVectors });
    expect(normalizedMutualInformation(truth, Array.from(withHistory.labels))).toBe(1);
    expect(normalizedMutualInformation(truth, Array.from(alone.labels))).toBeLessThan(0.5);
  });
});
