import { createDb, sql } from "@sillage/db";
import { describe, expect, it } from "vitest";
import { signUp } from "../support/session";
import { fakeGraphSuite } from "../support/suite";

// The fake Graph API (Meta) runs in this test process with its own clock: the test makes the token die there.
const suite = fakeGraphSuite();
const DAY = 86_400_000;

describe("Settings › Channels: token expiry", () => {
  it("shows a pasted token's expiry as unknown, then 'needs reconnect' live once the daily check finds it dead", async () => {
    // Instagram made this token 59 days ago: it has one day left, which nothing tells Sillage when it is pasted.
    const now = suite.fake.control.now().now;
    const ig = suite.fake.control.createInstagramAccount({ variant: "instagram", username: "atelier.nina", tokenIssuedAt: now - 59 * DAY, tokenExpiresAt: now + DAY });
    const context = await suite.browser.newContext({ locale: "fr-FR", timezoneId: "Europe/Paris" });
    const page = await context.newPage();
    await signUp(page, suite.server.url, { name: "Nina Roux", email: "nina@example.com", password: "une phrase de passe longue", workspaceName: "Atelier Nina" });
    await page.goto(`${suite.server.url}/settings/channels`);
    await page.locator('[data-testid="channels-empty"]').waitFor();

    const form = page.locator('[data-testid="connect-instagram-form"]');
    await form.locator('textarea[name="accessToken"], input[name="accessToken"]').fill(ig.token);
    await page.click('[data-testid="connect-instagram-submit"]');
    const row = page.locator('[data-testid="channels-list"] > li');
    await row.waitFor({ timeout: 15_000 });
    const id = (await row.getAttribute("data-testid"))!.replace(/^channel-/, "");
    const expiry = page.locator(`[data-testid="channel-expiry-${id}"]`);
    expect(await expiry.getAttribute("data-expiry")).toBe("unknown");
    expect(await expiry.textContent()).toContain("Expiration inconnue");
    expect(await page.textContent(`[data-testid="channel-checked-${id}"]`)).toMatch(/^Vérifié auprès de Meta le /);
    expect(await row.getAttribute("data-status")).toBe("active");

    // Two days on at Meta the token has expired; a day on at Sillage the daily check asks about it again.
    suite.fake.control.advance({ ms: 2 * DAY });
    const { db, close } = createDb(suite.server.databaseUrl);
    try {
      await db.updateTable("channels").set({ token_checked_at: sql<Date>`now() - interval '1 day'` }).where("id", "=", id).execute();
      await sql`select sillage.add_job('channels.check_tokens', '{}'::json, null, null, null, null, null, null)`.execute(db);
    } finally {
      await close();
    }
    // The page shows it without a reload (live channel events), before any post fails.
    await page.locator(`[data-testid="channel-${id}"][data-status="needs_reconnect"]`).waitFor({ timeout: 15_000 });
    expect(await page.textContent(`[data-testid="channel-status-${id}"]`)).toContain("À reconnecter");
    expect(await page.textContent(`[data-testid="channel-${id}"] .channel__alert-title`)).toContain("reconnectez");
    expect(await expiry.textContent()).not.toMatch(/jours/);
    // Meta's refusal in French, worded from its kind (the server keeps its English words for API clients).
    expect(await page.textContent(`[data-testid="channel-error-${id}"] .fact__error`)).toBe("Reconnectez le compte Instagram : son accès a expiré ou a été révoqué.");
    await context.close();
  });

  it("folds the pasted-token forms on a phone beside the one-click connection, and keeps one open while it holds an error (walk5)", async () => {
    const context = await suite.browser.newContext({ locale: "fr-FR", timezoneId: "Europe/Paris", viewport: { width: 1280, height: 844 } });
    const page = await context.newPage();
    await signUp(page, suite.server.url, { name: "Léa Petit", email: "lea@example.com", password: "une phrase de passe longue", workspaceName: "Boutique Léa" });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${suite.server.url}/settings/channels`);
    await page.locator('[data-testid="connect-instagram-oauth"]').waitFor();
    for (const platform of ["instagram", "whatsapp"]) {
      const manual = page.locator(`[data-testid="connect-${platform}-manual"]`);
      expect(await manual.getAttribute("open")).toBeNull();
      expect(await manual.locator("summary").textContent()).toBe("Connexion manuelle par jeton (avancé)");
      expect(await page.locator(`[data-testid="connect-${platform}-form"] [name="accessToken"]`).isVisible()).toBe(false);
    }
    const manual = page.locator('[data-testid="connect-instagram-manual"]');
    await manual.locator("summary").click();
    const token = page.locator('[data-testid="connect-instagram-form"] [name="accessToken"]');
    await token.fill("IGQVJ-a-token-Meta-does-not-know-0123456789");
    await page.click('[data-testid="connect-instagram-submit"]');
    await page.locator('[data-testid="connect-instagram-form"] [role="alert"]').first().waitFor();
    // Folding it again would hide the refusal: it stays open while the error is there.
    await manual.locator("summary").click();
    expect(await manual.getAttribute("open")).not.toBeNull();
    expect(await token.isVisible()).toBe(true);
    await context.close();
  });
});
