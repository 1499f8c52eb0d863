import { describe, expect, it } from "vitest";
import { topicFeatures } from "../src/embedder";
import { textLanguage } from "../src/language";

const terms = (text: string) => [...topicFeatures(text).terms.keys()].filter((t) => !t.startsWith("#")).sort();

describe("a text's language picks its stems", () => {
  it("guesses French or English from function words, and says when it cannot tell", () => {
    expect(textLanguage("Why was my card declined?")).toBe("en");
    expect(textLanguage("pourquoi ma carte est refusée ?")).toBe("fr");
    // No function word, or as many of each: unknown.
    expect(textLanguage("card declined")).toBeNull();
    expect(textLanguage("👍")).toBeNull();
  });

  it("gives an English text its English stems only, so 'charged' and 'charge' are one term", () => {
    expect(terms("why was I charged twice")).toEqual(terms("why is there a charge twice"));
    expect(terms("why was I charged twice")).not.toContain("charged");
    expect(terms("the transfer was declined")).toEqual(["declin", "transfer"]);
  });

  it("gives a French text its French stems only", () => {
    expect(terms("je voudrais un remboursement")).toEqual(["remboursem"]);
  });

  it("keeps both stems when the language is unknown, as triage does", () => {
    expect(terms("card declined")).toEqual(["card", "declin", "declined"]);
  });
});
