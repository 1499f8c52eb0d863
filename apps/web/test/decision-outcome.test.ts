/**
 * Decisions shown truthfully (issue 12): every outcome in words and colour, in French and English, rendered by the
 * shared badge of the inbox thread and the decisions table; a reply the 24-hour window refused offers a template.
 */
import i18n from "i18next";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadAreas } from "../src/i18n";
import { outcomeView, passagesOf } from "../src/components/ai/decision-outcome";
import { DecisionOutcome, DecisionPassages, type DecisionOutcomeProps } from "../src/components/ai/DecisionOutcome";

beforeAll(async () => {
  await i18n.loadLanguages(["fr", "en"]);
  // The words of the page that shows it (its route loads them in the app).
  await loadAreas(["ai", "reasons", "inbox"]);
});
afterAll(async () => {
  await i18n.changeLanguage("fr");
});

/** The badge as the browser gets it: its text, its tone and whether it offers a template. */
async function render(lang: "fr" | "en", props: DecisionOutcomeProps) {
  await i18n.changeLanguage(lang);
  const html = renderToStaticMarkup(createElement(DecisionOutcome, props));
  const text = html
    .replace(/<[^>]+>/g, " ")
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/\s+/g, " ")
    .trim();
  return { html, text, tone: /data-tone="([a-z]+)"/.exec(html)?.[1], offersTemplate: html.includes('data-testid="decision-send-template"') };
}

/** Stored codes that must never reach the reader ("sent", "failed"… are English words too: French only for those). */
const RAW_CODES = /\b(blocked_ai_off|suppressed_human|window_closed|not_applicable|AUTO_REPLY|ESCALATE|IGNORE)\b/;
const RAW_IN_FRENCH = /\b(sent|pending|failed)\b/;

describe("each outcome in words and colour", () => {
  const cases: [DecisionOutcomeProps, string, string, string][] = [
    [{ triage: "AUTO_REPLY", outcome: "sent" }, "Réponse automatique envoyée", "Automatic reply sent", "success"],
    [{ triage: "AUTO_REPLY", outcome: "pending" }, "Réponse automatique en cours d’envoi", "Automatic reply being sent", "progress"],
    [{ triage: "AUTO_REPLY", outcome: "blocked_ai_off" }, "Réponse automatique bloquée par le contrôle IA", "Automatic reply blocked by the AI switch", "warning"],
    [{ triage: "AUTO_REPLY", outcome: "superseded" }, "Remplacée par une nouvelle décision : le client a modifié son message", "Replaced by a newer decision: the customer edited the message", "muted"],
    [{ triage: "ESCALATE", outcome: "superseded" }, "Remplacée par une nouvelle décision : le client a modifié son message", "Replaced by a newer decision: the customer edited the message", "muted"],
    [{ triage: "AUTO_REPLY", outcome: "withdrawn" }, "Réponse automatique annulée : le client a retiré son message", "Automatic reply cancelled: the customer unsent the message", "muted"],
    [{ triage: "AUTO_REPLY", outcome: "suppressed_human" }, "Réponse automatique retenue : une personne a répondu", "Automatic reply held back: a person answered", "warning"],
    [{ triage: "AUTO_REPLY", outcome: "window_closed", platform: "whatsapp" }, "Réponse refusée : la fenêtre de 24 h est fermée", "Reply refused: the 24-hour window is closed", "danger"],
    [{ triage: "AUTO_REPLY", outcome: "failed", error: "auth_expired" }, "Réponse automatique non envoyée L’accès du canal a expiré", "Automatic reply not sent The channel's access expired", "danger"],
    [{ triage: "IGNORE", outcome: "not_applicable" }, "Ignoré : rien n’a été envoyé", "Ignored: nothing sent", "muted"],
    [{ triage: "ESCALATE", outcome: "not_applicable" }, "Pour une personne : rien n’a été envoyé", "For a person: nothing sent", "warning"],
  ];
  it.each(cases)("%o", async (props, fr, en, tone) => {
    const french = await render("fr", props);
    expect(french.text).toContain(fr);
    expect(french.tone).toBe(tone);
    expect(french.text).not.toMatch(RAW_CODES);
    expect(french.text).not.toMatch(RAW_IN_FRENCH);
    const english = await render("en", props);
    expect(english.text).toContain(en);
    expect(english.text).not.toMatch(RAW_CODES);
  });

  it("only a reply that went out is green", () => {
    const outcomes = ["sent", "pending", "blocked_ai_off", "suppressed_human", "window_closed", "failed", "not_applicable"];
    expect(outcomes.filter((o) => outcomeView("AUTO_REPLY", o).tone === "success")).toEqual(["sent"]);
  });
});

describe("why a reply did not go out", () => {
  it("a failure of a class it knows is worded in the reader's language; another shows the platform's sentence", async () => {
    expect((await render("fr", { triage: "AUTO_REPLY", outcome: "failed", error: "uncertain", message: "Sending was interrupted" })).text).toContain("L’envoi a été interrompu");
    expect((await render("en", { triage: "AUTO_REPLY", outcome: "failed", error: "duplicate", message: "The platform refused a duplicate." })).text).toContain("The platform refused a duplicate.");
    expect((await render("en", { triage: "AUTO_REPLY", outcome: "failed", error: null, message: null })).text).toContain("The platform returned an unexpected error.");
  });

  it("a reply refused by WhatsApp's window says so and offers a template; Instagram's, with no templates, does not", async () => {
    const onSendTemplate = () => undefined;
    const whatsapp = await render("fr", { triage: "AUTO_REPLY", outcome: "window_closed", platform: "whatsapp", onSendTemplate });
    expect(whatsapp.text).toContain("WhatsApp n’accepte qu’un modèle approuvé");
    expect(whatsapp.offersTemplate).toBe(true);
    expect(whatsapp.text).toContain("Envoyer un modèle");
    const instagram = await render("en", { triage: "AUTO_REPLY", outcome: "window_closed", platform: "instagram", onSendTemplate });
    expect(instagram.text).toContain("Instagram does not accept an automatic reply");
    expect(instagram.offersTemplate).toBe(false);
    // The decisions table has no reply box: no offer there.
    expect((await render("en", { triage: "AUTO_REPLY", outcome: "window_closed" })).offersTemplate).toBe(false);
  });
});

describe("passages behind a decision", () => {
  it("are shown with their scores when the API reports them, and nothing otherwise", async () => {
    await i18n.changeLanguage("en");
    const decision = { triage: "AUTO_REPLY", passages: [{ title: "Horaires", text: "Ouvert du mardi au samedi, 10 h – 19 h.", score: 0.8123 }] };
    const html = renderToStaticMarkup(createElement(DecisionPassages, { decision }));
    expect(html).toContain("Horaires");
    expect(html).toContain("score 0.81");
    expect(html).toContain("Ouvert du mardi au samedi");
    expect(renderToStaticMarkup(createElement(DecisionPassages, { decision: { triage: "AUTO_REPLY" } }))).toBe("");
    expect(passagesOf({ passages: [{ title: "x", text: 1, score: 0.5 }] })).toEqual([]);
  });
});
