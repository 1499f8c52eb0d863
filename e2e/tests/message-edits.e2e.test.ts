import { describe, expect, it } from "vitest";
import { postTrpc, signUp, untilReceiving } from "../support/session";
import { fakeGraphSuite } from "../support/suite";

// A customer edits a message, then unsends another (WhatsApp edit / revoke, as the fake Graph sends them): the open
// thread follows live, marks the first "modifié" with what it said before, and shows only that the second was retired.
const suite = fakeGraphSuite();

const PHONE = "33612300077";

describe("edited and unsent messages in the thread", () => {
  it("modifié, opening on the text before; Message retiré par le client, with none of its text", async () => {
    const wa = suite.fake.control.createWhatsAppAccount({ windowMode: "async", verifiedName: "Boutique Lou" });
    const context = await suite.browser.newContext({ locale: "fr-FR", timezoneId: "Europe/Paris" });
    const page = await context.newPage();
    await signUp(page, suite.server.url, { name: "Lou Bernard", email: "lou.edits@example.com", password: "une phrase de passe longue", workspaceName: "Boutique Lou" });
    expect(await postTrpc(page, "channels.connectWhatsApp", { phoneNumberId: wa.phoneNumberId, wabaId: wa.wabaId, accessToken: wa.token })).toBe(200);
    await untilReceiving(page);

    const first = suite.fake.control.customerMessage({ channel: "whatsapp", phoneNumberId: wa.phoneNumberId, from: PHONE, name: "Inès Roux", text: "Je voudrais la taille M" });
    const second = suite.fake.control.customerMessage({ channel: "whatsapp", phoneNumberId: wa.phoneNumberId, from: PHONE, name: "Inès Roux", text: "Voici mon code de carte : 1234" });
    await page.click('[data-testid="nav-inbox"]');
    const row = page.locator('[data-testid="conversation-row"]', { hasText: "Inès Roux" });
    await row.waitFor({ timeout: 15_000 });
    await row.click();
    const messages = page.locator('[data-testid="message"]');
    await messages.filter({ hasText: "Voici mon code de carte" }).waitFor();

    suite.fake.control.customerEditMessage({ channel: "whatsapp", phoneNumberId: wa.phoneNumberId, from: PHONE, messageId: first.id, text: "Je voudrais la taille L" });
    suite.fake.control.customerUnsendMessage({ channel: "whatsapp", phoneNumberId: wa.phoneNumberId, from: PHONE, messageId: second.id });

    const edited = messages.filter({ hasText: "Je voudrais la taille L" });
    await edited.locator('[data-testid="message-edited"]').waitFor({ timeout: 15_000 });
    expect(await edited.locator('[data-testid="message-edited"] summary').textContent()).toBe("modifié");
    // Closed at first: what it said before is one click away.
    expect(await edited.locator('[data-testid="message-previous-text"]').isVisible()).toBe(false);
    await edited.locator('[data-testid="message-edited"] summary').click();
    expect(await edited.locator('[data-testid="message-previous-text"]').textContent()).toMatch(/^Avant, le .+ Je voudrais la taille M$/);

    await page.locator('[data-testid="message-unsent"]').waitFor({ timeout: 15_000 });
    expect(await page.locator('[data-testid="message-unsent"]').textContent()).toBe("Message retiré par le client");
    expect(await page.locator('[data-testid="thread"], main').first().textContent()).not.toContain("1234");
    await context.close();
  });
});
