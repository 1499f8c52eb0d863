import { describe, expect, it } from "vitest";
import { signIn, signUp } from "../support/session";
import { followLink } from "../support/navigation";
import { serverSuite } from "../support/suite";

const suite = serverSuite();

describe("the SPA shell", () => {
  it("signs up, logs in, changes the workspace time zone, and keeps it after a reload", async () => {
    const context = await suite.browser.newContext({ locale: "fr-FR", timezoneId: "Europe/Paris" });
    const page = await context.newPage();
    const elodie = { name: "Élodie Martin", email: "elodie@example.com", password: "une phrase de passe longue", workspaceName: "Boulangerie Élodie" };
    await signUp(page, suite.server.url, elodie);
    expect(await page.textContent('[data-testid="current-user"]')).toContain("Élodie");

    // Log out, then log in again.
    await page.click('[data-testid="logout"]');
    await page.waitForURL(/\/login/);
    await signIn(page, suite.server.url, elodie);

    // Navigation reaches every page, each at its own address, with its own heading in French and nothing broken.
    const pageErrors: string[] = [];
    page.on("pageerror", (err) => pageErrors.push(err.message));
    const pages = [
      ["schedule", "/schedule", "Planning"],
      ["inbox", "/inbox", "Messagerie"],
      ["comments", "/comments", "Commentaires"],
      ["ai-control", "/ai-control", "Pilotage de l’IA"],
      ["analytics", "/analytics", "Statistiques"],
      ["topics", "/analytics/topics", "Sujets"],
    ] as const;
    for (const [nav, path, heading] of pages) {
      expect(await followLink(page.locator(`[data-testid="nav-${nav}"]`), page.locator("h1.page-header__title", { hasText: heading }))).toBe(path);
      expect(await page.locator(`[data-testid="nav-${nav}"]`).getAttribute("aria-current")).toBe("page");
      expect(await page.title()).not.toBe("");
    }
    expect(pageErrors).toEqual([]);

    await page.click('[data-testid="nav-settings"]');
    const tz = page.locator('[data-testid="settings-timezone"]');
    await tz.waitFor();
    expect(await tz.inputValue()).toBe("Europe/Paris");
    // Zones are found by the name people say, in their language, not only by their IANA id.
    await page.locator('[data-testid="settings-timezone-search"]').fill("heure de l'inde");
    await expect.poll(() => tz.locator("option").allTextContents()).toContain("Asia/Colombo · heure de l’Inde (UTC+05:30)");
    const found = (await tz.locator("option").allTextContents()).filter((o) => !o.startsWith("Europe/Paris")); // the selected one stays
    expect(found.every((o) => o.includes(" · heure de l’Inde (UTC+05:30)"))).toBe(true);
    await page.locator('[data-testid="settings-timezone-search"]').fill("");
    await tz.selectOption("America/New_York");
    await page.click('[data-testid="settings-save"]');
    await page.waitForSelector('[data-testid="settings-saved"]');

    await page.reload();
    await page.locator('[data-testid="settings-timezone"]').waitFor();
    expect(await page.locator('[data-testid="settings-timezone"]').inputValue()).toBe("America/New_York");

    // Live: a change made elsewhere (here a second session) reaches this page without a reload.
    const other = await suite.browser.newContext();
    const second = await other.newPage();
    await signIn(second, suite.server.url, elodie);
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
