import i18next from "i18next";
import { describe, expect, it } from "vitest";
import { en } from "../src/i18n/en";
import { fr } from "../src/i18n/fr";
import { REASON_CODES } from "@sillage/triage";
import { formatReason, KNOWN_REASON_CODES } from "../src/lib/reasons";

const i18n = i18next.createInstance();
await i18n.init({ resources: { fr: { translation: fr }, en: { translation: en } }, lng: "fr", interpolation: { escapeValue: false } });
const tFr = i18n.getFixedT("fr");
const tEn = i18n.getFixedT("en");

describe("formatReason", () => {
  it("renders a code with parameters in the reader's language, saying what to do", () => {
    const low = { reasonCode: "low_confidence", reasonParams: { confidence: 53, threshold: 60, rule: "FAQ" }, reason: "legacy" };
    expect(formatReason(tFr, low)).toBe(
      "La réponse n’a pas été trouvée avec assez de certitude (53 %, seuil 60 %) — ajoutez une entrée à la base de connaissances ou baissez le seuil de la règle « FAQ ».",
    );
    expect(formatReason(tEn, low)).toBe(
      'The answer was not found with enough certainty (53%, threshold 60%) — add an entry to the knowledge base or lower the threshold of the rule "FAQ".',
    );
    expect(formatReason(tEn, { ...low, reasonParams: { confidence: 53, threshold: 60 } })).toMatch(/^The answer .* add an entry to the knowledge base\.$/);
  });

  it("quotes a rule's name and the words matched, never a pattern", () => {
    const r = { reasonCode: "rule_deny", reasonParams: { rule: "Spam", via: "pattern", matched: "https://bit.ly/xyz" }, reason: "legacy" };
    expect(formatReason(tFr, r)).toBe("Ignoré par la règle « Spam » (motif trouvé : « https://bit.ly/xyz »). Si ce message méritait une réponse, modifiez la règle.");
    const ex = { reasonCode: "rule_escalate", reasonParams: { rule: "Pro", via: "example", matched: "un devis ?", similarity: 84 }, reason: "legacy" };
    expect(formatReason(tEn, ex)).toBe('Escalated by the rule "Pro" (similar to the example "un devis ?" (84%)): for a person to handle.');
  });

  it("renders every code of both dictionaries without a missing key", () => {
    const params = { category: "refund", matched: "remboursement", rule: "R", via: "keyword", hours: 2.5, window: 12, topic: "stock", title: "Livraison", score: 22, threshold: 28, error: "timeout", explanation: "x", confidence: 90, language: "en" };
    for (const code of Object.keys(en.reasons).filter((k) => typeof (en.reasons as Record<string, unknown>)[k] === "string" && !k.endsWith("_default") && k !== "lessThanAnHour" && k !== "hours")) {
      for (const t of [tFr, tEn]) {
        const text = formatReason(t, { reasonCode: code, reasonParams: params, reason: "legacy" });
        expect(text, code).not.toMatch(/reasons\.|\{\{|legacy/);
      }
    }
    expect(formatReason(tFr, { reasonCode: "human_takeover", reasonParams: { hours: 0.2, window: 12 }, reason: "" })).toContain("il y a moins d’une heure (fenêtre de 12 h)");
    expect(formatReason(tEn, { reasonCode: "needs_person", reasonParams: { topic: "order", matched: "my order" }, reason: "" })).toContain("a specific order");
    // The fifth audit's topics: a message sent in the shop's name, a sale forbidden to minors.
    expect(formatReason(tFr, { reasonCode: "needs_person", reasonParams: { topic: "fraud", matched: "faux compte" }, reason: "" })).toContain("un message reçu au nom de la boutique");
    expect(formatReason(tEn, { reasonCode: "needs_person", reasonParams: { topic: "age", matched: "i m 17" }, reason: "" })).toContain("a sale forbidden to minors");
    // The sixth audit's: a death the customer tells of.
    expect(formatReason(tFr, { reasonCode: "needs_person", reasonParams: { topic: "grief", matched: "est parti cette nuit" }, reason: "" })).toContain("un deuil");
    expect(formatReason(tEn, { reasonCode: "needs_person", reasonParams: { topic: "grief", matched: "passed away" }, reason: "" })).toContain("a bereavement");
  });

  it("falls back to the stored sentence for decisions without a known code", () => {
    expect(formatReason(tEn, { reasonCode: null, reasonParams: null, reason: "Rien dans la base." })).toBe("Rien dans la base.");
    expect(formatReason(tEn, { reasonCode: "from_the_future", reasonParams: {}, reason: "Stored." })).toBe("Stored.");
  });

  it("renders every code triage stores, in both languages (a new code needs its sentence here)", () => {
    for (const code of REASON_CODES) {
      expect(KNOWN_REASON_CODES.has(code), code).toBe(true);
      for (const t of [tFr, tEn]) expect(formatReason(t, { reasonCode: code, reasonParams: {}, reason: "legacy" }), code).not.toMatch(/reasons\.|legacy/);
    }
    expect(formatReason(tFr, { reasonCode: "acknowledgement", reasonParams: {}, reason: "" })).toBe("Un remerciement ou un accord, sans question : rien à répondre.");
  });
});
