import { normalize, words } from "@sillage/triage";
import { describe, expect, it } from "vitest";
import { conceptsOf } from "../src/concepts";
import { TopicTermsEmbedder } from "../src/embedder";

const concepts = (text: string) => [...conceptsOf(words(normalize(text)))].sort();

describe("customer-service concepts", () => {
  it("gives French, English and SMS wordings of one need the same concept", () => {
    for (const [text, concept] of [
      ["Je voudrais être remboursée svp", "refund"],
      ["can I get my money back?", "refund"],
      ["remb stp", "refund"],
      ["c dispo en 38 ?", "stock"],
      ["is it back in stock", "stock"],
      ["rupture de stock ?", "stock"],
      ["ma cmd", "order"],
      ["my order", "order"],
      ["j'ai oublié mon mdp", "account"],
      ["I forgot my password", "account"],
      ["Je peux avoir une facture ?", "invoice"],
      ["need an invoice for my company", "invoice"],
      ["on peut avoir une carte cadeau ?", "gift_card"],
      ["do you sell gift cards", "gift_card"],
    ] as const)
      expect(concepts(text), text).toContain(concept);
  });

  it("matches phrases on whole words and prefixes on a word's start only", () => {
    expect(concepts("le code promo ne marche pas")).toEqual(["discount", "failure"]);
    expect(concepts("my discount code doesn't work")).toEqual(["discount", "failure"]);
    // "customer" is not "custom", "collection" is not a pickup.
    expect(concepts("customer")).toEqual([]);
    expect(concepts("la nouvelle collection")).toEqual([]);
    expect(concepts("")).toEqual([]);
  });

  it("counts a concept once however many of its words a message holds", () => {
    expect(concepts("annuler, annulez, cancel my order, annulation")).toEqual(["cancel", "order"]);
  });

  it("brings a French and an English message on one need closer in the topic embedder", () => {
    const e = new TopicTermsEmbedder();
    const dot = (a: Float32Array, b: Float32Array) => a.reduce((s, x, i) => s + x * b[i]!, 0);
    const [fr, en, other] = [e.embedOne("je veux être remboursée"), e.embedOne("I want my money back"), e.embedOne("I want it in blue")];
    expect(dot(fr, en)).toBeGreaterThan(dot(fr, other));
    expect(e.id).toBe("offline:topic-terms-v4:512");
  });
});
