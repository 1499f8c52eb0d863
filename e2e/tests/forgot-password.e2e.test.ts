import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium } from "../support/browser";
import { startMailbox, type Mailbox } from "../support/mailbox";
import { followLink } from "../support/navigation";
import { startServer, type RunningServer } from "../support/server";
import { signIn, signUp } from "../support/session";

let mailbox: Mailbox;
let server: RunningServer;
let browser: Browser;
beforeAll(async () => {
  mailbox = await startMailbox();
  server = await startServer({ SMTP_URL: mailbox.url, MAIL_FROM: "Sillage <no-reply@sillage.test>" });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await mailbox?.close();
});

describe("forgot password", () => {
  it("e-mails a link from the login page; the link sets a new password, ends the old session, and only the new password signs in", async () => {
    const account = { name: "Inès Morel", email: "ines@example.com", password: "mon ancien mot de passe", workspaceName: "Atelier Inès" };
    const signedIn = await browser.newContext({ locale: "fr-FR" });
    const oldSession = await signedIn.newPage();
    await signUp(oldSession, server.url, account);

    const context = await browser.newContext({ locale: "fr-FR" });
    const page = await context.newPage();
    await page.goto(`${server.url}/login`);
    await page.click('[data-testid="forgot-password-link"]');
    await page.waitForURL((url) => url.pathname === "/forgot-password");
    // The URL changes before the lazy page replaces the login form, whose e-mail field has the same name: wait for
    // the new page's button, or the address could go into the login form on its way out.
    await page.locator('[data-testid="forgot-password-submit"]').waitFor();
    await page.fill('input[name="email"]', "Ines@Example.com");
    await page.click('[data-testid="forgot-password-submit"]');
    const sent = page.locator('[data-testid="forgot-password-sent"]');
    await sent.waitFor();
    expect(await sent.textContent()).toContain("Si un compte utilise Ines@Example.com, un lien valable une heure est en route.");

    // The e-mail, in French (the account's language), text and HTML, with the link to this server.
    const mail = await mailbox.waitFor("ines@example.com");
    expect(mail).toContain("Bonjour Inès Morel,");
    expect(mail).toMatch(/Content-Type: text\/html/i);
    const link = new RegExp(`${server.url.replace(/[.]/g, "\\.")}/reset-password\\?token=pwr_[A-Za-z0-9_-]{43}`).exec(mail)?.[0];
    expect(link).toBeDefined();

    await page.goto(link!);
    await page.fill('input[name="password"]', "mon nouveau mot de passe");
    await page.fill('input[name="confirmation"]', "pas le même mot de passe");
    await page.click('[data-testid="reset-password-submit"]');
    await page.getByText("Les deux mots de passe diffèrent.").waitFor();
    await page.fill('input[name="confirmation"]', "mon nouveau mot de passe");
    await page.click('[data-testid="reset-password-submit"]');
    await page.waitForURL((url) => url.pathname === "/login");
    expect(await page.locator('[data-testid="password-reset-done"]').textContent()).toBe("Mot de passe changé : connectez-vous avec le nouveau.");

    // The old password is refused, the new one signs in.
    await page.fill('input[name="email"]', account.email);
    await page.fill('input[name="password"]', account.password);
    await page.click('[data-testid="login-submit"]');
    await page.getByText("E-mail ou mot de passe incorrect.").waitFor();
    await signIn(page, server.url, { email: account.email, password: "mon nouveau mot de passe" });

    // The link worked once: opened again, it says so at once (no password typed twice for nothing), with a way out.
    const again = await context.newPage();
    await again.goto(link!);
    expect(await again.locator('[data-testid="reset-link-refused"]').textContent()).toBe("Ce lien a déjà servi : demandez-en un nouveau.");
    expect(await again.locator('input[name="password"]').count()).toBe(0);
    // This browser is signed in again (the new password, above): the way out still leads to the form, not into the app.
    expect(await followLink(again.getByRole("link", { name: "Demander un nouveau lien" }), again.locator('[data-testid="forgot-password-submit"]'))).toBe("/forgot-password");

    // The session opened before the reset is over: the app sends that browser to sign in.
    await oldSession.reload();
    await oldSession.waitForURL((url) => url.pathname === "/login");
    await context.close();
    await signedIn.close();
  });
});
