import { normalize, termsOfWords, words } from "@sillage/triage";
import { describe, expect, it } from "vitest";
import { topicFeatures } from "../src/embedder";

const topicTerms = (text: string) => [...topicFeatures(text).terms.keys()];
const retrievalTerms = (text: string) => [...termsOfWords(words(normalize(text))).keys()];

describe("topics read the shared lexicon, not retrieval's own stop words", () => {
  it("keeps 'policy' a word of the request, which retrieval drops", () => {
    expect(topicTerms("what is your refund policy")).toContain("polici");
    expect(topicTerms("c'est quoi votre politique de retour")).toContain("polit");
    expect(retrievalTerms("what is your refund policy")).not.toContain("polici");
  });
});
