/**
 * "Message reception" on a channel's card (channels.list's webhookStatus): active, pending or error with Meta's
 * reason, in French and English, and the retry offered to admins after a refusal only.
 */
import i18n from "i18next";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadAreas } from "../src/i18n";
import { WebhookSubscription, type WebhookSubscriptionProps } from "../src/components/channels/WebhookSubscription";

beforeAll(async () => {
  await i18n.loadLanguages(["fr", "en"]);
  // The words of the page that shows it (its route loads them in the app).
  await loadAreas(["channels", "webhooks"]);
});
afterAll(async () => {
  await i18n.changeLanguage("fr");
});

async function render(lang: "fr" | "en", props: Partial<WebhookSubscriptionProps>) {
  await i18n.changeLanguage(lang);
  const html = renderToStaticMarkup(createElement(WebhookSubscription, { channelId: "c1", status: "pending", subscribedAt: null, error: null, canRetry: true, ...props }));
  const text = html
    .replace(/<[^>]+>/g, " ")
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/\s+/g, " ")
    .trim();
  return { html, text, state: /data-webhooks="([a-z]+)"/.exec(html)?.[1], retry: html.includes('data-testid="channel-webhooks-retry-c1"') };
}

describe("message reception on the channel card", () => {
  it("active: confirmed by Meta, no retry", async () => {
    const fr = await render("fr", { status: "active", subscribedAt: "2026-12-03T10:00:00Z" });
    expect(fr).toMatchObject({ state: "active", retry: false });
    expect(fr.text).toContain("Réception des messages Active");
    expect(fr.html).toContain("fact--ok");
    const en = await render("en", { status: "active", subscribedAt: "2026-12-03T10:00:00Z" });
    expect(en.text).toContain("Message reception Active");
  });

  it("pending: not yet confirmed, no retry (the job is at work)", async () => {
    const fr = await render("fr", { status: "pending" });
    expect(fr).toMatchObject({ state: "pending", retry: false });
    expect(fr.text).toContain("Réception des messages En attente");
    expect(fr.html).toContain("fact--warn");
    expect((await render("en", { status: "pending" })).text).toContain("Message reception Pending");
  });

  it("error: Meta's reason, what it means, and a retry for admins", async () => {
    const reason = "The Instagram account lacks a permission for this action.";
    const fr = await render("fr", { status: "error", error: reason });
    expect(fr).toMatchObject({ state: "error", retry: true });
    expect(fr.text).toContain("Réception des messages Erreur");
    expect(fr.text).toContain(reason);
    expect(fr.text).toContain("aucun message n’arrive");
    expect(fr.text).toContain("Réessayer");
    expect(fr.html).toContain("fact--bad");
    const en = await render("en", { status: "error", error: reason });
    expect(en.text).toContain("Message reception Error");
    expect(en.text).toContain("Try again");
    expect((await render("en", { status: "error", error: reason, canRetry: false })).retry).toBe(false);
  });
});
