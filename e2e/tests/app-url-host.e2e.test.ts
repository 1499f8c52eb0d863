import { describe, expect, it } from "vitest";
import { serverSuite } from "../support/suite";

// APP_URL says localhost; the person opens 127.0.0.1. Demo mode's fake Instagram consent page approves at once and
// returns to APP_URL's callback, as Instagram Login does: the session must be there when it comes back.
const suite = serverSuite({ SILLAGE_DEMO: "1" }, { appHost: "localhost" });

describe("APP_URL's host first", () => {
  it("a page opened at 127.0.0.1 moves to APP_URL's host, so Instagram Login comes back signed in and connects", async () => {
    const appOrigin = suite.server.url.replace("127.0.0.1", "localhost");
    const context = await suite.browser.newContext({ locale: "fr-FR", timezoneId: "Europe/Paris" });
    const page = await context.newPage();
    await page.goto(`${suite.server.url}/signup?from=ad`);
    // Moved before anything ran, path and query kept.
    expect(page.url()).toBe(`${appOrigin}/signup?from=ad`);
    await page.fill('input[name="name"]', "Hugo Petit");
    await page.fill('input[name="email"]', "hugo@example.com");
    await page.fill('input[name="password"]', "une phrase de passe longue");
    await page.fill('input[name="workspaceName"]', "Atelier Hugo");
    await page.click('[data-testid="signup-submit"]');
    await page.waitForSelector('[data-testid="current-user"]');

    await page.goto(`${suite.server.url}/settings/channels`);
    expect(new URL(page.url()).origin).toBe(appOrigin);
    await page.click('[data-testid="connect-instagram-oauth"]');
    await page.waitForURL(/\/settings\/channels\?connected=/, { timeout: 20_000 });
    expect(new URL(page.url()).origin).toBe(appOrigin);
    const connectedId = new URL(page.url()).searchParams.get("connected")!;
    const row = page.locator(`[data-testid="channel-${connectedId}"]`);
    await row.waitFor();
    expect(await row.getAttribute("data-status")).toBe("active");
    await context.close();
  });
});
