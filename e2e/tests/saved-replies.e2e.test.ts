import { describe, expect, it } from "vitest";
import { postTrpc, signUp, untilReceiving } from "../support/session";
import { fakeGraphSuite } from "../support/suite";

// Issue 13: an admin writes a saved reply in the settings; in a thread, `/liv` opens the picker, Enter puts the reply
// in the box with the customer's first name and the agent's name filled in, and it is sent like any reply.
const suite = fakeGraphSuite();

describe("saved replies", () => {
  it("creates one in the settings, inserts it with /liv + Enter filled for the customer, and sends it", async () => {
    const wa = suite.fake.control.createWhatsAppAccount({ windowMode: "async", verifiedName: "Maison Lou" });
    const context = await suite.browser.newContext({ locale: "fr-FR", timezoneId: "Europe/Paris", viewport: { width: 1400, height: 900 } });
    const page = await context.newPage();
    await signUp(page, suite.server.url, { name: "Lou Bernard", email: "lou.saved@example.com", password: "une phrase de passe longue", workspaceName: "Maison Lou" });
    expect(await postTrpc(page, "channels.connectWhatsApp", { phoneNumberId: wa.phoneNumberId, wabaId: wa.wabaId, accessToken: wa.token })).toBe(200);
    await untilReceiving(page);

    await page.click('[data-testid="nav-settings"]');
    const form = page.locator('[data-testid="saved-reply-form"]');
    await form.locator('[data-testid="saved-reply-title"]').fill("Délai de livraison");
    await form.locator('[data-testid="saved-reply-shortcut"]').fill("livraison");
    await form.locator('[data-testid="saved-reply-body"]').fill("Bonjour {{prenom}}, votre colis part sous 48 h. {{agent}}, {{boutique}}");
    await form.locator('[data-testid="saved-reply-save"]').click();
    await page.locator('[data-testid="saved-replies-table"]', { hasText: "/livraison" }).waitFor();

    suite.fake.control.customerMessage({ channel: "whatsapp", phoneNumberId: wa.phoneNumberId, from: "33612000077", name: "Camille Martin", text: "Quand arrive ma commande ?" });
    await page.click('[data-testid="nav-inbox"]');
    const row = page.locator('[data-testid="conversation-row"]', { hasText: "Quand arrive ma commande" });
    await row.waitFor({ timeout: 10_000 });
    await row.click();
    await page.locator('[data-testid="message-text"]', { hasText: "Quand arrive ma commande" }).waitFor();

    const box = page.locator('[data-testid="reply-text"]');
    await box.click();
    await box.pressSequentially("/liv");
    const picker = page.getByRole("listbox", { name: "Réponses enregistrées" });
    await picker.waitFor();
    const option = picker.getByRole("option", { name: /livraison/ });
    expect(await option.getAttribute("aria-selected")).toBe("true");
    expect(await box.getAttribute("aria-expanded")).toBe("true");
    expect(await box.getAttribute("aria-activedescendant")).toBe(await option.getAttribute("id"));
    // The box keeps the focus: the keys reach the picker through it.
    expect(await box.evaluate((el) => el === document.activeElement)).toBe(true);

    await box.press("Enter");
    expect(await box.inputValue()).toBe("Bonjour Camille, votre colis part sous 48 h. Lou Bernard, Maison Lou");
    expect(await picker.count()).toBe(0);

    await box.press("Control+Enter");
    await expect
      .poll(() => suite.fake.control.sentMessages({ channel: "whatsapp" }).map((m) => m.text), { timeout: 10_000 })
      .toContain("Bonjour Camille, votre colis part sous 48 h. Lou Bernard, Maison Lou");
    await page.locator('[data-testid="message-text"]', { hasText: "Bonjour Camille, votre colis" }).waitFor();

    // Esc closes the picker without leaving the box; a / inside a sentence never opens it.
    await box.pressSequentially("/");
    await picker.waitFor();
    await box.press("Escape");
    expect(await picker.count()).toBe(0);
    expect(await box.evaluate((el) => el === document.activeElement)).toBe(true);
    await box.fill("");
    await box.pressSequentially("Voir la page /liv");
    expect(await picker.count()).toBe(0);
    await context.close();
  });
});
