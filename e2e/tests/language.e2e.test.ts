import { describe, expect, it } from "vitest";
import { DEMO_ACCOUNT, signIn } from "../support/session";
import { serverSuite } from "../support/suite";

// SILLAGE_DEMO=1: the fake Graph API runs in-process and the demo workspace has an Instagram account (no WhatsApp).
const suite = serverSuite({ SILLAGE_DEMO: "1" });

// Words that give English away inside a French sentence, and French inside an English one.
const ENGLISH = /\b(the|is|was|needs|Check|Choose|Connect|Reconnect|least|refused)\b/;
// (a reason may quote the customer's French words: only the sentence's own words count)
const FRENCH_REASON = /(Escaladé|Ignoré|la règle|une personne|base de connaissances|catégorie|sécurité|trouvé)/i;

describe("one language per screen", () => {
  it("in French, a composer field error and a connect error arrive in French", async () => {
    const context = await suite.browser.newContext({ locale: "fr-FR", timezoneId: "Europe/Paris" });
    const page = await context.newPage();
    await signIn(page, suite.server.url, DEMO_ACCOUNT);
    await page.selectOption('[data-testid="language-switcher"]', "fr");

    // The composer: an Instagram post without an image is refused by the server (not by the form), coded.
    await page.click('[data-testid="nav-schedule"]');
    await page.click('[data-testid="schedule-new"]');
    const composer = page.locator('[data-testid="post-composer"]');
    await composer.waitFor();
    await composer.locator('input[data-platform="instagram"]').first().check();
    await composer.locator('[data-testid="composer-text"]').fill("Les nouveautés arrivent");
    await composer.locator('[data-testid="composer-datetime"]').fill("2031-05-04T10:00");
    await composer.locator('[data-testid="composer-submit"]').click();
    await expect.poll(() => composer.textContent(), { timeout: 15_000 }).toContain("Instagram demande au moins une image ou une vidéo.");
    expect(await composer.textContent()).not.toContain("Instagram needs");
    await page.keyboard.press("Escape");
    await composer.waitFor({ state: "hidden" });

    // A refused WhatsApp connection: Meta's refusal, coded by kind, rendered in French after the French lead.
    await page.click('[data-testid="nav-settings"]');
    await page.click('[data-testid="settings-channels-link"]');
    const waForm = page.locator('[data-testid="connect-whatsapp-form"]');
    await waForm.waitFor();
    await waForm.locator('input[name="phoneNumberId"]').fill("100200300400");
    await waForm.locator('input[name="wabaId"]').fill("500600700800");
    await waForm.locator('input[name="accessToken"]').fill("EAAG-not-a-real-token-0123456789");
    await page.click('[data-testid="connect-whatsapp-submit"]');
    const alert = waForm.locator('[role="alert"]');
    await expect.poll(() => alert.textContent(), { timeout: 15_000 }).toMatch(/^Meta a refusé la connexion/);
    const connectError = (await alert.textContent()) ?? "";
    expect(connectError).not.toMatch(ENGLISH);

    await context.close();
  }, 150_000);

  it("in English, a triage reason decided for a French workspace reads in English", async () => {
    const context = await suite.browser.newContext({ locale: "en-GB" });
    const page = await context.newPage();
    await signIn(page, suite.server.url, DEMO_ACCOUNT);
    await page.selectOption('[data-testid="language-switcher"]', "en");
    // "Try a message" runs the workspace's triage (French workspace, French message) and shows its reason.
    await page.click('[data-testid="nav-ai-control"]');
    await page.fill('[data-testid="ai-try-input"]', "Je veux parler à un humain, c'est urgent");
    await page.click('[data-testid="ai-try-submit"]');
    const result = page.locator('[data-testid="ai-try-result"]');
    await result.waitFor({ timeout: 20_000 });
    expect(await result.getAttribute("data-triage")).toBe("ESCALATE");
    const reason = (await result.locator("dd").nth(2).textContent()) ?? "";
    expect(reason.length).toBeGreaterThan(10);
    expect(reason).not.toMatch(FRENCH_REASON);
    await context.close();
  }, 120_000);

  // Last: it throttles logins from this address, which the other tests of this file sign in from.
  it("in French, a rule's refinement and the login throttle read in French, with no English sentence", async () => {
    const context = await suite.browser.newContext({ locale: "fr-FR", timezoneId: "Europe/Paris" });
    const page = await context.newPage();
    await signIn(page, suite.server.url, DEMO_ACCOUNT);
    await page.selectOption('[data-testid="language-switcher"]', "fr");

    // A zod refinement of the rules router (a keyword with no letter, digit or emoji), coded and worded here.
    await page.click('[data-testid="nav-ai-control"]');
    const form = page.locator('[data-testid="rule-form"]');
    await form.waitFor();
    await form.locator('[data-testid="rule-type"]').selectOption("deny");
    await form.locator('[data-testid="rule-name"]').fill("Ponctuation");
    await form.locator('[data-testid="rule-keywords"]').fill("!!!");
    await form.locator('[data-testid="rule-save"]').click();
    await expect.poll(() => form.textContent(), { timeout: 15_000 }).toContain("« !!! » n’a ni lettre, ni chiffre, ni emoji.");
    expect(await form.textContent()).not.toContain("has no letter");

    // The login throttle: after a few wrong passwords the wait is said in French (never the server's English).
    await page.context().clearCookies();
    await page.goto(`${suite.server.url}/login`);
    const alertText = async () => (await page.locator('[role="alert"]').first().textContent().catch(() => "")) ?? "";
    let text = "";
    for (let i = 0; i < 8 && !/Trop de tentatives/.test(text); i++) {
      await page.fill('input[name="email"]', "personne@example.com");
      await page.fill('input[name="password"]', `mauvais mot de passe ${i}`);
      await page.click('[data-testid="login-submit"]');
      await page.waitForTimeout(300);
      text = await alertText();
    }
    expect(text).toMatch(/Trop de tentatives/);
    expect(text).not.toMatch(ENGLISH);
    expect(text).not.toMatch(/Too many|Invalid email/);
    await context.close();
  }, 150_000);
});
