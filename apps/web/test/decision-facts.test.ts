// The line under a customer's message in the thread says each fact once: the reason's sentence often states the
// confidence or names the rule already (walk5 saw « Confiance 100 % — Réponse de la base de connaissances (confiance 100 %) »).
import i18n from "i18next";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decisionFacts } from "../src/components/ai/decision-reason";
import { loadAreas } from "../src/i18n";

const percent = (r: number) => new Intl.NumberFormat("fr-FR", { style: "percent" }).format(r);

beforeAll(async () => {
  await i18n.loadLanguages(["fr", "en"]);
  await loadAreas(["ai", "reasons", "inbox"]);
  await i18n.changeLanguage("fr");
});
afterAll(async () => {
  await i18n.changeLanguage("fr");
});

describe("decisionFacts", () => {
  it("an answer from the knowledge base: its confidence once, in the reason", () => {
    const facts = decisionFacts(i18n.t, percent, {
      confidence: 1,
      rule: null,
      reason: "Knowledge-base answer (confidence 100%).",
      reasonCode: "auto_reply",
      reasonParams: { confidence: "100", threshold: "28" },
    });
    expect(facts).toBe("Réponse de la base de connaissances (confiance 100 %).");
  });

  it("a rule's escalation: the rule named once, by the reason", () => {
    const facts = decisionFacts(i18n.t, percent, {
      confidence: 1,
      rule: "Suivi de commande",
      reason: "Escalated by rule",
      reasonCode: "rule_escalate",
      reasonParams: { rule: "Suivi de commande", via: "keyword", matched: "commande" },
    });
    expect(facts.match(/Suivi de commande/g)).toHaveLength(1);
    expect(facts.startsWith(`Confiance ${percent(1)} — `)).toBe(true);
  });

  it("a reason that says neither (or an old decision's sentence alone) keeps the confidence and the rule before it", () => {
    expect(decisionFacts(i18n.t, percent, { confidence: 0.42, rule: "Prix", reason: "Stored sentence.", reasonCode: null })).toBe(`Confiance ${percent(0.42)} · Prix — Stored sentence.`);
    expect(decisionFacts(i18n.t, percent, { confidence: 0.42, rule: null, reason: null })).toBe(`Confiance ${percent(0.42)}`);
  });
});
