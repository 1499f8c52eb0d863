import i18next from "i18next";
import { describe, expect, it } from "vitest";
import { en } from "../src/i18n/en";
import { fr } from "../src/i18n/fr";
import { creditReason } from "../src/lib/billing";

const i18n = i18next.createInstance();
await i18n.init({ resources: { fr: { translation: fr }, en: { translation: en } }, lng: "fr", interpolation: { escapeValue: false } });

describe("a credit movement's detail reads in the reader's language", () => {
  it("the sentences the server writes itself are translated, with the plan by its name", () => {
    const t = i18n.getFixedT("fr");
    expect(creditReason(t, "monthly credits (business)")).toBe("Crédits mensuels de l’offre Business");
    expect(creditReason(t, "automatic reply")).toBe("Une réponse automatique envoyée");
    expect(creditReason(t, "unused monthly credits expired")).toBe("Crédits mensuels non utilisés, expirés");
    expect(creditReason(t, "automatic reply refused by the platform")).toBe("Réponse automatique refusée par la plateforme : crédit rendu");
    expect(creditReason(i18n.getFixedT("en"), "monthly credits (pro)")).toBe("Monthly credits of the Pro plan");
  });

  it("a top-up's reason, typed by whoever granted it, is shown as written", () => {
    expect(creditReason(i18n.getFixedT("fr"), "Geste commercial après la panne du 3")).toBe("Geste commercial après la panne du 3");
  });
});
