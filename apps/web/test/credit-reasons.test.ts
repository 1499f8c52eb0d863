import i18next from "i18next";
import { describe, expect, it } from "vitest";
import { en } from "../src/i18n/en";
import { fr } from "../src/i18n/fr";
import { creditReason, knowledgeSize } from "../src/lib/billing";

const i18n = i18next.createInstance();
await i18n.init({ resources: { fr: { translation: fr }, en: { translation: en } }, lng: "fr", interpolation: { escapeValue: false } });
const coded = (reasonCode: string, reasonParams: Record<string, unknown> = {}) => ({ reasonCode, reasonParams });

describe("a credit movement's detail reads in the reader's language", () => {
  it("the ledger's codes are worded here, with the plan by its name", () => {
    const t = i18n.getFixedT("fr");
    expect(creditReason(t, coded("monthly_grant", { plan: "business" }))).toBe("Crédits mensuels de l’offre Business");
    expect(creditReason(t, coded("ai_reply"))).toBe("Une réponse automatique envoyée");
    expect(creditReason(t, coded("monthly_expiry"))).toBe("Crédits mensuels non utilisés, expirés");
    expect(creditReason(t, coded("refund_refused_by_platform"))).toBe("Réponse automatique refusée par la plateforme : crédit rendu");
    expect(creditReason(t, coded("refund_uncertain_send"))).toBe("Envoi de la réponse automatique non confirmé : crédit rendu");
    expect(creditReason(t, coded("ai_reply_proved_sent"))).toBe("Réponse automatique finalement confirmée envoyée : crédit repris");
    expect(creditReason(i18n.getFixedT("en"), coded("ai_reply_proved_sent"))).toBe("Automatic reply confirmed sent after all: credit taken back");
    expect(creditReason(i18n.getFixedT("en"), coded("monthly_grant", { plan: "pro" }))).toBe("Monthly credits of the Pro plan");
    expect(creditReason(i18n.getFixedT("en"), coded("refund_superseded_edited"))).toBe("Automatic reply replaced, the customer edited their message: credit returned");
  });

  it("a top-up's note, typed by whoever granted it, and an old row's sentence are shown as written", () => {
    expect(creditReason(i18n.getFixedT("fr"), coded("top_up", { note: "Geste commercial après la panne du 3" }))).toBe("Crédits ajoutés par Sillage : Geste commercial après la panne du 3");
    expect(creditReason(i18n.getFixedT("fr"), coded("legacy", { text: "promo 2025" }))).toBe("promo 2025");
  });
});

describe("knowledgeSize", () => {
  it("writes a plan's knowledge limit in MB from 1,000 kB on (« 100 MB », not « 100,000 kB »), and smaller sizes in kB", () => {
    expect(knowledgeSize(100_000_000)).toEqual({ unit: "mb", value: 100 });
    expect(knowledgeSize(2_500_000)).toEqual({ unit: "mb", value: 2.5 });
    expect(knowledgeSize(850_400)).toEqual({ unit: "kb", value: 851 });
    expect(knowledgeSize(0)).toEqual({ unit: "kb", value: 0 });
  });
});
