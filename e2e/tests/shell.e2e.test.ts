import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium } from "../support/browser";
import { startServer, type RunningServer } from "../support/server";

let server: RunningServer;
let browser: Browser;
beforeAll(async () => {
  server = await startServer();
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe("the SPA shell", () => {
  it("signs up, logs in, changes the workspace time zone, and keeps it after a reload", async () => {
    const context = await browser.newContext({ locale: "fr-FR", timezoneId: "Europe/Paris" });
    const page = await context.newPage();
    await page.goto(`${server.url}/signup`);
    await page.fill('input[name="name"]', "Élodie Martin");
    await page.fill('input[name="email"]', "elodie@example.com");
    await page.fill('input[name="password"]', "une phrase de passe longue");
    await page.fill('input[name="workspaceName"]', "Boulangerie Élodie");
    await page.click('[data-testid="signup-submit"]');
    await page.waitForSelector('[data-testid="current-user"]');
    expect(await page.textContent('[data-testid="current-user"]')).toContain("Élodie");

    // Log out, then log in again.
    await page.click('[data-testid="logout"]');
    await page.waitForURL(/\/login/);
    await page.fill('input[name="email"]', "elodie@example.com");
    await page.fill('input[name="password"]', "une phrase de passe longue");
    await page.click('[data-testid="login-submit"]');
    await page.waitForSelector('[data-testid="nav-settings"]');

    // Navigation reaches every page later issues fill.
    for (const nav of ["schedule", "inbox", "comments", "ai-control", "analytics", "topics"]) {
      await page.click(`[data-testid="nav-${nav}"]`);
      await page.waitForLoadState("networkidle");
    }

    await page.click('[data-testid="nav-settings"]');
    const tz = page.locator('[data-testid="settings-timezone"]');
    await tz.waitFor();
    expect(await tz.inputValue()).toBe("Europe/Paris");
    await tz.selectOption("America/New_York");
    await page.click('[data-testid="settings-save"]');
    await page.waitForSelector('[data-testid="settings-saved"]');

    await page.reload();
    await page.locator('[data-testid="settings-timezone"]').waitFor();
    expect(await page.locator('[data-testid="settings-timezone"]').inputValue()).toBe("America/New_York");

    // Live: a change made elsewhere (here a second session) reaches this page without a reload.
    const other = await browser.newContext();
    const second = await other.newPage();
    await second.goto(`${server.url}/login`);
    await second.fill('input[name="email"]', "elodie@example.com");
    await second.fill('input[name="password"]', "une phrase de passe longue");
    await second.click('[data-testid="login-submit"]');
    await second.waitForSelector('[data-testid="nav-settings"]');
    await second.click('[data-testid="nav-settings"]');
    const name = second.locator('[data-testid="settings-name"]');
    await name.waitFor();
    await name.fill("Boulangerie Élodie & Fils");
    await second.click('[data-testid="settings-save"]');
    await second.waitForSelector('[data-testid="settings-saved"]');
    await page.waitForFunction(() => document.body.innerText.includes("Boulangerie Élodie & Fils"), undefined, { timeout: 10_000 });
    await other.close();
    await context.close();
  });
});
