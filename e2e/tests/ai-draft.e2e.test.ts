import { describe, expect, it } from "vitest";
import { postTrpc, queryTrpc, signUp, untilReceiving } from "../support/session";
import { fakeGraphSuite } from "../support/suite";

// With the AI off, customers wait for a person (issue 13): the list says so and keeps them in "Attend une personne",
// the thread offers the AI's blocked reply as a draft, the agent edits and sends it, the customer gets it on the fake
// Graph, and the thread signs it with the agent's name. The customer is played through the fake Graph.
const suite = fakeGraphSuite();

const QUESTION = "Bonjour, quels sont vos horaires d'ouverture ?";
const PHONE = "33612300031";

describe("the AI's reply as a draft when it may not send", () => {
  it("AI off → message → the thread shows the draft → edit → send → the customer gets it, signed by the agent", async () => {
    const wa = suite.fake.control.createWhatsAppAccount({ windowMode: "async", verifiedName: "Boutique Nina" });
    const context = await suite.browser.newContext({ locale: "fr-FR", timezoneId: "Europe/Paris" });
    const page = await context.newPage();
    await signUp(page, suite.server.url, { name: "Nina Petit", email: "nina@example.com", password: "une phrase de passe longue", workspaceName: "Boutique Nina" });
    expect(await postTrpc(page, "channels.connectWhatsApp", { phoneNumberId: wa.phoneNumberId, wabaId: wa.wabaId, accessToken: wa.token })).toBe(200);
    await untilReceiving(page);
    expect(await postTrpc(page, "workspace.update", { burstWindowSeconds: 1 })).toBe(200);
    expect(await postTrpc(page, "knowledge.add", { title: "Horaires", text: "Horaires : la boutique est ouverte du mardi au samedi, de 10 h à 19 h. Fermée le dimanche et le lundi." })).toBe(200);

    // AI off (the default): the triage would answer, the switch blocks it.
    suite.fake.control.customerMessage({ channel: "whatsapp", phoneNumberId: wa.phoneNumberId, from: PHONE, name: "Jeanne Durand", text: QUESTION });
    await expect
      .poll(() => queryTrpc<{ items: { triage: string; outcome: string }[] }>(page, "ai.decisions", { limit: 5 }).then((r) => r.items), { timeout: 15_000 })
      .toEqual([expect.objectContaining({ triage: "AUTO_REPLY", outcome: "blocked_ai_off" })]);

    await page.click('[data-testid="nav-inbox"]');
    // The list: waiting for a person, not "Réponse auto"; and it is in the "Attend une personne" view.
    const row = page.locator('[data-testid="conversation-row"]', { hasText: "Jeanne Durand" });
    await row.locator('[data-testid="conversation-needs-person"]').waitFor();
    expect(await row.textContent()).toContain("Attend une personne");
    expect(await row.textContent()).not.toContain("Réponse auto");
    await page.check('[data-testid="inbox-filter-needs-person"]');
    await expect.poll(() => page.locator('[data-testid="conversation-row"]').count()).toBe(1);

    // The thread offers the AI's reply as a draft, explained.
    await row.click();
    const draft = page.locator('[data-testid="ai-draft"]');
    await draft.waitFor();
    expect(await draft.textContent()).toContain("Réponse proposée par l’IA");
    expect(await draft.textContent()).toContain("l’IA est désactivée");
    const proposed = await page.inputValue('[data-testid="ai-draft-text"]');
    expect(proposed).toMatch(/10 h|mardi/);

    // Edit, then send in one click.
    const edited = `${proposed} À bientôt, Nina`;
    await page.fill('[data-testid="ai-draft-text"]', edited);
    await page.click('[data-testid="ai-draft-send"]');
    await expect
      .poll(() => suite.fake.control.sentMessages({ channel: "whatsapp" }).filter((m) => m.to === PHONE).map((m) => JSON.stringify(m)), { timeout: 10_000 })
      .toEqual([expect.stringContaining("À bientôt, Nina")]);

    // Signed by the agent; the draft is gone and the conversation has left the "needs a person" view.
    const out = page.locator('[data-testid="message"][data-direction="out"]');
    await out.waitFor();
    expect(await out.locator('[data-testid="message-author"]').textContent()).toBe("Nina Petit");
    expect(await out.locator('[data-testid="message-text"]').textContent()).toBe(edited);
    await draft.waitFor({ state: "detached" });
    await expect.poll(() => page.locator('[data-testid="conversation-row"]').count()).toBe(0);
    await page.uncheck('[data-testid="inbox-filter-needs-person"]');
    await expect.poll(() => row.count()).toBe(1);
    await expect.poll(() => row.locator('[data-testid="conversation-needs-person"]').count()).toBe(0);
    // Answered by the agent, not by the AI: no "Réponse auto" either.
    expect(await row.textContent()).not.toContain("Réponse auto");

    // English: the same signature; the view's name in English.
    await page.selectOption('[data-testid="language-switcher"]', "en");
    await expect.poll(() => page.locator('[data-testid="inbox-filter-needs-person"]').locator("xpath=..").textContent()).toContain("Waiting for a person");
    expect(await out.locator('[data-testid="message-author"]').textContent()).toBe("Nina Petit");
    await context.close();
  });
});
