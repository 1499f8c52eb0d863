import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { postTrpc, queryTrpc, signUp, untilReceiving } from "../support/session";
import { fakeGraphSuite } from "../support/suite";

// Decisions shown truthfully (issue 12): what became of each automatic reply, in words and colour, in the thread,
// the decisions table and the AI control card, in French then English. The customer is played through the fake Graph.
const suite = fakeGraphSuite();

const QUESTION = "Bonjour, quels sont vos horaires d'ouverture ?";
const DAY_AND_AN_HOUR = 25 * 3_600_000;
/** styles.css: --success (what a reply that goes out wears) and --text-2 (a plain button). */
const SUCCESS = "rgb(22, 121, 76)";
const TEXT_2 = "rgb(74, 81, 104)";
/** Stored codes that must never reach the reader. */
const RAW_CODES = /\b(sent|pending|failed|blocked_ai_off|suppressed_human|window_closed|not_applicable)\b/;

type Decision = { triage: string; outcome: string; conversationId: string };
const decisions = (page: Page) => queryTrpc<{ items: Decision[] }>(page, "ai.decisions", { limit: 20 }).then((r) => r.items);
const text = async (page: Page, selector: string) => ((await page.locator(selector).first().textContent()) ?? "").replace(/\s+/g, " ");

describe("decision outcomes in the SPA", () => {
  it("AI off: the thread shows the reply blocked by the AI switch, the table and the control card say so in French and English", async () => {
    const wa = suite.fake.control.createWhatsAppAccount({ windowMode: "async", verifiedName: "Boutique Lina", templates: [{ name: "suivi", language: "fr", bodyText: "Bonjour, nous revenons vers vous." }] });
    const context = await suite.browser.newContext({ locale: "fr-FR", timezoneId: "Europe/Paris" });
    const page = await context.newPage();
    await signUp(page, suite.server.url, { name: "Lina Moreau", email: "lina@example.com", password: "une phrase de passe longue", workspaceName: "Boutique Lina" });
    expect(await postTrpc(page, "channels.connectWhatsApp", { phoneNumberId: wa.phoneNumberId, wabaId: wa.wabaId, accessToken: wa.token })).toBe(200);
    await untilReceiving(page);
    expect(await postTrpc(page, "workspace.update", { burstWindowSeconds: 1 })).toBe(200);
    expect(await postTrpc(page, "knowledge.add", { title: "Horaires", text: "Horaires : la boutique est ouverte du mardi au samedi, de 10 h à 19 h. Fermée le dimanche et le lundi." })).toBe(200);
    const { channels } = await queryTrpc<{ enabled: boolean; channels: { id: string }[] }>(page, "ai.control.get");
    const channelId = channels[0]!.id;

    // AI off (the default): the triage would answer, the switch blocks it.
    suite.fake.control.customerMessage({ channel: "whatsapp", phoneNumberId: wa.phoneNumberId, from: "33612300001", name: "Léa Martin", text: QUESTION });
    await expect.poll(() => decisions(page), { timeout: 15_000 }).toEqual([expect.objectContaining({ triage: "AUTO_REPLY", outcome: "blocked_ai_off" })]);

    await page.click('[data-testid="nav-inbox"]');
    await page.locator('[data-testid="conversation-row"]', { hasText: "Léa Martin" }).click();
    const outcome = page.locator('[data-testid="message-triage"] [data-testid="decision-outcome"]');
    await outcome.waitFor();
    expect(await outcome.getAttribute("data-outcome")).toBe("blocked_ai_off");
    expect(await outcome.getAttribute("data-tone")).toBe("warning");
    expect(await outcome.textContent()).toContain("Réponse automatique bloquée par le contrôle IA");
    // Nothing in the thread reads as a reply that went out.
    expect(await page.locator('[data-testid="thread"] [data-tone="success"]').count()).toBe(0);
    expect(await page.locator('[data-testid="message"][data-direction="out"]').count()).toBe(0);

    // The decisions table and the control card, in French.
    await page.click('[data-testid="nav-ai-control"]');
    const row = page.locator('[data-testid="decision-row"][data-outcome="blocked_ai_off"]');
    await row.waitFor();
    expect(await text(page, '[data-testid="decision-row"] [data-testid="decision-outcome"]')).toContain("Réponse automatique bloquée par le contrôle IA");
    expect(await text(page, '[data-testid="decisions-table"] tbody')).not.toMatch(RAW_CODES);
    expect(await text(page, '[data-testid="ai-control-summary"]')).toMatch(/^Désactivées : /);
    const channelState = page.locator(`[data-testid="ai-channel-state-${channelId}"]`);
    expect(await channelState.getAttribute("data-state")).toBe("off_workspace");
    expect(await channelState.textContent()).toBe("Coupées : tout l’espace est désactivé");
    // The channel's own switch is on, but nothing goes out: it says "channel on" and is not green.
    const channelSwitch = page.locator(`[data-testid="ai-switch-${channelId}"]`);
    expect(await channelSwitch.textContent()).toMatch(/^IA sur (WhatsApp|Instagram) : activée$/);
    const colour = () => channelSwitch.evaluate((el) => getComputedStyle(el).color);
    expect(await channelSwitch.getAttribute("aria-pressed")).toBe("true");
    await expect.poll(colour).toBe(TEXT_2);

    // English through the language switch: the same facts, no code.
    await page.selectOption('[data-testid="language-switcher"]', "en");
    await expect.poll(() => text(page, '[data-testid="decision-row"] [data-testid="decision-outcome"]')).toContain("Automatic reply blocked by the AI switch");
    expect(await text(page, '[data-testid="decisions-table"] tbody')).not.toMatch(/blocked_ai_off|not_applicable/);
    expect(await channelState.textContent()).toBe("Off: the whole workspace is off");
    expect(await text(page, '[data-testid="ai-control-summary"]')).toMatch(/^Off: /);

    // On: the card, the channel and its switch agree.
    await page.click('[data-testid="ai-switch"]');
    await expect.poll(() => channelState.getAttribute("data-state"), { timeout: 5000 }).toBe("on");
    expect(await channelState.textContent()).toBe("Replies sent");
    expect(await text(page, '[data-testid="ai-control-summary"]')).toMatch(/^On: /);
    // Buttons ease their colour in: wait for it to settle.
    await expect.poll(colour).toBe(SUCCESS);
    await context.close();
  });

  it("a reply WhatsApp refuses (24-hour window) says so in the thread, which offers a template that then goes out", async () => {
    const wa = suite.fake.control.createWhatsAppAccount({ windowMode: "async", verifiedName: "Boutique Sam", templates: [{ name: "suivi", language: "fr", bodyText: "Bonjour, nous revenons vers vous." }] });
    const context = await suite.browser.newContext({ locale: "fr-FR", timezoneId: "Europe/Paris" });
    const page = await context.newPage();
    await signUp(page, suite.server.url, { name: "Sam Roux", email: "sam@example.com", password: "une phrase de passe longue", workspaceName: "Boutique Sam" });
    expect(await postTrpc(page, "channels.connectWhatsApp", { phoneNumberId: wa.phoneNumberId, wabaId: wa.wabaId, accessToken: wa.token })).toBe(200);
    await untilReceiving(page);
    expect(await postTrpc(page, "workspace.update", { burstWindowSeconds: 1 })).toBe(200);
    expect(await postTrpc(page, "knowledge.add", { title: "Horaires", text: "Horaires : la boutique est ouverte du mardi au samedi, de 10 h à 19 h." })).toBe(200);
    expect(await postTrpc(page, "ai.control.set", { enabled: true })).toBe(200);

    // Meta's clock is a day on from ours: we send, Meta accepts, then reports 131047 in a failed status.
    suite.fake.control.customerMessage({ channel: "whatsapp", phoneNumberId: wa.phoneNumberId, from: "33612300002", name: "Hugo Bernard", text: QUESTION });
    suite.fake.control.advance({ ms: DAY_AND_AN_HOUR });
    try {
      await expect.poll(() => decisions(page), { timeout: 20_000 }).toEqual([expect.objectContaining({ triage: "AUTO_REPLY", outcome: "window_closed" })]);
    } finally {
      suite.fake.control.advance({ ms: -DAY_AND_AN_HOUR });
    }

    await page.click('[data-testid="nav-inbox"]');
    await page.locator('[data-testid="conversation-row"]', { hasText: "Hugo Bernard" }).click();
    const outcome = page.locator('[data-testid="message-triage"] [data-testid="decision-outcome"]');
    await outcome.waitFor();
    expect(await outcome.getAttribute("data-outcome")).toBe("window_closed");
    expect(await outcome.textContent()).toContain("Réponse refusée : la fenêtre de 24 h est fermée");
    expect(await outcome.textContent()).toContain("WhatsApp n’accepte qu’un modèle approuvé");
    // Our own window reads open (free text box), yet the thread's offer opens the templates.
    await page.locator('[data-testid="reply-form"]').waitFor();
    await page.click('[data-testid="decision-send-template"]');
    await page.locator('[data-testid="reply-template"] option[value="suivi|fr"]').waitFor({ state: "attached" });
    await page.selectOption('[data-testid="reply-template"]', "suivi|fr");
    await page.click('[data-testid="reply-template-send"]');
    await expect
      .poll(() => suite.fake.control.sentMessages({ channel: "whatsapp" }).filter((m) => m.to === "33612300002").map((m) => m.template?.name ?? "text"), { timeout: 10_000 })
      .toEqual(["text", "suivi"]);
    // Sent: the reply box is back to free text.
    await page.locator('[data-testid="reply-form"]').waitFor();
    await context.close();
  });
});
