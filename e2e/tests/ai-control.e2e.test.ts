import { describe, expect, it } from "vitest";
import { postTrpc, queryTrpc, signUp, untilReceiving } from "../support/session";
import { fakeGraphSuite } from "../support/suite";

// The customer is played through the in-process fake Graph API; the server answers (or not) as if to Meta.
const suite = fakeGraphSuite();

const QUESTION = "Bonjour, quels sont vos horaires d'ouverture ?";
const autoReplies = (to: string) => suite.fake.control.sentMessages({ channel: "whatsapp" }).filter((m) => m.to === to);

describe("AI control", () => {
  it("switched in the SPA, decides whether the next customer message gets an automatic reply", async () => {
    const wa = suite.fake.control.createWhatsAppAccount({ windowMode: "async", verifiedName: "Boutique Nina" });
    const context = await suite.browser.newContext({ locale: "fr-FR", timezoneId: "Europe/Paris" });
    const page = await context.newPage();
    await signUp(page, suite.server.url, { name: "Nina Petit", email: "nina@example.com", password: "une phrase de passe longue", workspaceName: "Boutique Nina" });
    expect(await postTrpc(page, "channels.connectWhatsApp", { phoneNumberId: wa.phoneNumberId, wabaId: wa.wabaId, accessToken: wa.token })).toBe(200);
    await untilReceiving(page);
    // A short quiet window keeps the test quick (the default is 8 s).
    expect(await postTrpc(page, "workspace.update", { burstWindowSeconds: 1 })).toBe(200);

    // The knowledge the answers come from, added on the AI control page.
    await page.click('[data-testid="nav-ai-control"]');
    await page.fill('[data-testid="kb-title"]', "Horaires");
    await page.fill('[data-testid="kb-text"]', "Horaires : la boutique est ouverte du mardi au samedi, de 10 h à 19 h. Fermée le dimanche et le lundi.");
    await page.click('[data-testid="kb-add"]');
    await page.locator('[data-testid="kb-table"]', { hasText: "Horaires" }).waitFor();

    // OFF (the default): the customer gets no automatic reply.
    const aiSwitch = page.locator('[data-testid="ai-switch"]');
    expect(await aiSwitch.getAttribute("data-state")).toBe("off");
    suite.fake.control.customerMessage({ channel: "whatsapp", phoneNumberId: wa.phoneNumberId, from: "33611000001", text: QUESTION });
    await page.click('[data-testid="nav-inbox"]');
    await page.locator('[data-testid="conversation-row"]', { hasText: "horaires" }).waitFor({ timeout: 10_000 });
    // Wait for the decision itself: the triage would answer (AUTO_REPLY), and the switch blocked it for good.
    type Decision = { triage: string; outcome: string; reply: string | null };
    const decisions = () => queryTrpc<{ items: Decision[] }>(page, "ai.decisions", { limit: 10 }).then((r) => r.items);
    await expect.poll(decisions, { timeout: 15_000 }).toEqual([expect.objectContaining({ triage: "AUTO_REPLY", outcome: "blocked_ai_off", reply: expect.stringMatching(/10 h/) })]);
    expect(autoReplies("33611000001")).toEqual([]);
    // Nothing queued either: the conversation shows the customer's message alone.
    await page.locator('[data-testid="conversation-row"]', { hasText: "horaires" }).click();
    await page.locator('[data-testid="message-triage"][data-triage="AUTO_REPLY"]').waitFor();
    expect(await page.locator('[data-testid="message"][data-direction="out"]').count()).toBe(0);

    // ON: the next customer message is answered automatically, from the knowledge base.
    await page.click('[data-testid="nav-ai-control"]');
    await aiSwitch.click();
    await expect.poll(() => aiSwitch.getAttribute("data-state"), { timeout: 5000 }).toBe("on");
    expect(await page.locator('[data-testid="ai-state-badge"]').getAttribute("data-state")).toBe("on");
    suite.fake.control.customerMessage({ channel: "whatsapp", phoneNumberId: wa.phoneNumberId, from: "33611000002", text: QUESTION });
    await expect.poll(() => autoReplies("33611000002").map((m) => m.text ?? ""), { timeout: 20_000 }).toEqual([expect.stringMatching(/10 h/)]);

    // The inbox shows the automatic reply in the thread.
    await page.click('[data-testid="nav-inbox"]');
    await page.locator('[data-testid="conversation-row"]').first().waitFor();
    await page.locator('[data-testid="conversation-row"]', { hasText: "10 h" }).first().click();
    await page.locator('[data-testid="message"][data-direction="out"]').first().waitFor({ timeout: 10_000 });
    // The customer's message carries its decision and reason.
    const decision = page.locator('[data-testid="message-triage"][data-triage="AUTO_REPLY"]');
    await decision.waitFor();
    expect(await decision.textContent()).toMatch(/Réponse automatique/);
    await context.close();
  });
});
