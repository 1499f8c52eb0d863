import { describe, expect, it } from "vitest";
import { signUp } from "../support/session";
import { followLink } from "../support/navigation";
import { serverSuite } from "../support/suite";

// SILLAGE_DEMO=1: the server runs the fake Graph API in-process; its Instagram consent page approves at once and
// sends the browser back to /oauth/instagram/callback with a code, like Instagram Login does.
const suite = serverSuite({ SILLAGE_DEMO: "1" });

describe("Settings › Channels", () => {
  it("connects Instagram through Instagram Login and lists the new account as active", async () => {
    const context = await suite.browser.newContext({ locale: "fr-FR", timezoneId: "Europe/Paris" });
    const page = await context.newPage();
    await signUp(page, suite.server.url, { name: "Margot Leroy", email: "margot@example.com", password: "une phrase de passe longue", workspaceName: "Atelier Margot" });

    // From Settings to its Channels page: the new workspace has no account yet.
    await page.click('[data-testid="nav-settings"]');
    expect(await followLink(page.locator('[data-testid="settings-channels-link"]'), page.locator('[data-testid="channels-empty"]'))).toBe("/settings/channels");

    // A refused manual connection shows Meta's reason above the form, and local checks name the fields.
    await page.click('[data-testid="connect-whatsapp-submit"]');
    const waForm = page.locator('[data-testid="connect-whatsapp-form"]');
    expect(await waForm.locator(".field__error").count()).toBe(3);
    await waForm.locator('input[name="phoneNumberId"]').fill("100200300400");
    await waForm.locator('input[name="wabaId"]').fill("500600700800");
    await waForm.locator('input[name="accessToken"]').fill("EAAG-not-a-real-token-0123456789");
    await page.click('[data-testid="connect-whatsapp-submit"]');
    await expect.poll(() => waForm.locator('[role="alert"]').textContent(), { timeout: 15_000 }).toMatch(/Meta/);

    // Instagram Login: out to the (fake) consent page and back with the outcome.
    await page.click('[data-testid="connect-instagram-oauth"]');
    await page.waitForURL(/\/settings\/channels\?connected=/, { timeout: 20_000 });
    const connectedId = new URL(page.url()).searchParams.get("connected");
    expect(connectedId).toBeTruthy();

    const notice = page.locator('[data-testid="channels-notice"]');
    await notice.waitFor();
    expect(await notice.getAttribute("data-outcome")).toBe("connected");

    const row = page.locator(`[data-testid="channel-${connectedId}"]`);
    await row.waitFor();
    expect(await row.getAttribute("data-platform")).toBe("instagram");
    expect(await row.getAttribute("data-status")).toBe("active");
    expect(await page.textContent(`[data-testid="channel-status-${connectedId}"]`)).toContain("Actif");
    expect(await page.locator('[data-testid="channels-list"] > li').count()).toBe(1);
    // Health: the circuit is closed and the Instagram-login token has an expiry date, shown in the person's zone.
    expect(await page.getAttribute(`[data-testid="channel-circuit-${connectedId}"]`, "data-circuit")).toBe("closed");
    expect(await page.textContent(`[data-testid="channel-expiry-${connectedId}"]`)).toMatch(/Expire le/);

    // Dismissing the notice cleans the address; disconnecting takes two clicks.
    await notice.locator("button").click();
    await page.waitForURL(/\/settings\/channels$/);
    await page.click(`[data-testid="disconnect-${connectedId}"]`);
    await page.click(`[data-testid="disconnect-${connectedId}-confirm"]`);
    await page.locator('[data-testid="channels-empty"]').waitFor();
    await context.close();
  });
});
