import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { DEMO_ACCOUNT, openDemoConversation, postTrpc, queryTrpc, signIn, signUp, untilReceiving } from "../support/session";
import { followLink } from "../support/navigation";
import { serverSuite } from "../support/suite";

// Third walk-through as a new shop owner (desktop at 1280 and 1024 px, then a phone): what it found, fixed.
const suite = serverSuite({ SILLAGE_DEMO: "1" });

async function newOwner(email: string, viewport: { width: number; height: number }): Promise<Page> {
  const context = await suite.browser.newContext({ locale: "fr-FR", timezoneId: "Europe/Paris", viewport });
  const page = await context.newPage();
  await signUp(page, suite.server.url, { name: "Inès Marchand", email, password: "une phrase de passe longue", workspaceName: "Maison Inès" });
  return page;
}

describe("a new shop owner's desktop walk-through", () => {
  it("the getting-started checklist stays short above every page: about 150 px on a laptop, 200 px on a phone", async () => {
    const page = await newOwner("walk3-checklist@example.com", { width: 1280, height: 800 });
    const checklist = page.locator('[data-testid="getting-started"]');
    await checklist.waitFor();
    // The next step's hint alone says what to do; the others are names that link to where they are done.
    expect(await page.textContent('[data-testid="getting-started-next"]')).toBe("Instagram ou WhatsApp, dans Réglages › Canaux.");
    for (const [width, height, most] of [
      [1280, 800, 150],
      [1024, 768, 150],
      [375, 812, 200],
    ] as const) {
      await page.setViewportSize({ width, height });
      await expect.poll(async () => (await checklist.boundingBox())!.height, { message: `${width} px` }).toBeLessThanOrEqual(most);
    }
    await page.context().close();
  }, 60_000);

  it("on a phone, the members and invitations lists read as cards, with nothing to scroll sideways inside their box", async () => {
    const page = await newOwner("walk3-a-rather-long-address-for-a-phone@example.com", { width: 375, height: 812 });
    await page.goto(`${suite.server.url}/settings`);
    await page.fill('[data-testid="invite-email"]', "camille.une-adresse-assez-longue@example.com");
    await page.click('[data-testid="invite-create"]');
    await page.locator('[data-testid="invitations-table"] tbody tr').waitFor();
    for (const table of ["members-table", "invitations-table"]) {
      const wrap = page.locator(".table-wrap", { has: page.locator(`[data-testid="${table}"]`) });
      const { scroll, client } = await wrap.evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth }));
      expect(scroll, table).toBeLessThanOrEqual(client);
    }
    // Each line says what it is: the date a member joined is labelled, not a bare date.
    const joined = page.locator('[data-testid="members-table"] td[data-label="Arrivée"]');
    expect(await joined.evaluate((el) => getComputedStyle(el, "::before").content)).toBe('"Arrivée"');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBe(375);
    await page.context().close();
  }, 60_000);

  it("connecting the sandbox number keeps the keyboard focus on its button (not thrown back to the page's start)", async () => {
    const page = await newOwner("walk3-focus@example.com", { width: 1024, height: 768 });
    await page.goto(`${suite.server.url}/settings/channels`);
    const button = page.locator('[data-testid="connect-whatsapp-sandbox"]');
    await button.focus();
    await page.keyboard.press("Enter");
    await page.locator('[data-testid="connect-whatsapp-sandbox-done"]').waitFor({ timeout: 15_000 });
    expect(await page.evaluate(() => document.activeElement?.getAttribute("data-testid"))).toBe("connect-whatsapp-sandbox");
    await page.context().close();
  }, 60_000);

  it("the inbox's filters are named for what they filter, and a conversation without an assignee says « Non assignée »", async () => {
    const context = await suite.browser.newContext({ locale: "fr-FR", timezoneId: "Europe/Paris", viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await signIn(page, suite.server.url, DEMO_ACCOUNT);
    await untilReceiving(page);
    await page.click('[data-testid="nav-inbox"]');
    await openDemoConversation(page, "Vous faites des retouches ?");
    // A screen reader hears the filter's name, then its value (not « Tous les canaux » for a select showing Instagram).
    for (const [name, testId] of [
      ["Canal", "inbox-filter-platform"],
      ["Statut", "inbox-filter-status"],
      ["Personne assignée", "inbox-filter-assignee"],
      ["Décision de l’IA", "inbox-filter-triage"],
    ]) {
      expect(await page.getByRole("combobox", { name, exact: true }).getAttribute("data-testid"), name).toBe(testId);
    }
    expect(await page.locator('[data-testid="inbox-filter-triage"] option[value=""]').textContent()).toBe("Toutes décisions");
    const assignee = page.locator('[data-testid="thread-assign"]');
    expect(await assignee.locator("option:checked").textContent()).toBe("Non assignée");
    await context.close();
  }, 90_000);

  it("the statistics chart's legend names the hovered window in French, not uPlot's English « Value »", async () => {
    const context = await suite.browser.newContext({ locale: "fr-FR", timezoneId: "Europe/Paris", viewport: { width: 1024, height: 768 } });
    const page = await context.newPage();
    await signIn(page, suite.server.url, DEMO_ACCOUNT);
    await page.click('[data-testid="nav-analytics"]');
    const legend = page.locator('[data-testid="kpi-chart"] .u-legend');
    await legend.waitFor();
    const text = (await legend.textContent()) ?? "";
    expect(text).toContain("Fenêtre");
    expect(text).not.toMatch(/Value/);
    await context.close();
  }, 60_000);

  it("a revoked invitation link says so as it opens, before anyone fills in the sign-up form", async () => {
    const owner = await newOwner("walk3-inviter@example.com", { width: 1280, height: 800 });
    const invitation = await owner.evaluate(async () => {
      const res = await fetch("/trpc/workspace.invite", {
        method: "POST",
        headers: { "content-type": "application/json", "x-sillage-workspace": localStorage.getItem("sillage.workspace") ?? "" },
        body: JSON.stringify({ json: { role: "agent" } }),
      });
      return ((await res.json()) as { result: { data: { json: { token: string } } } }).result.data.json.token;
    });
    // Revoked by the owner: the link is dead (as when used or past its 7 days).
    const { invitations } = await queryTrpc<{ invitations: { id: string }[] }>(owner, "workspace.members");
    expect(await postTrpc(owner, "workspace.revokeInvitation", { id: invitations[0]!.id })).toBe(200);

    const context = await suite.browser.newContext({ locale: "fr-FR", viewport: { width: 1024, height: 768 } });
    const page = await context.newPage();
    await page.goto(`${suite.server.url}/invite/${invitation}`);
    expect(await page.locator('[data-testid="invite-link-refused"]').textContent()).toBe("Ce lien d’invitation n’est plus valable. Demandez-en un nouveau.");
    expect(await page.locator('input[name="password"]').count()).toBe(0);
    expect(await followLink(page.getByRole("link", { name: "Se connecter" }), page.locator('[data-testid="login-submit"]'))).toBe("/login");
    await context.close();
    await owner.context().close();
  }, 60_000);

  it("away from the shop's zone, the snooze menu says its times are the shop's clock", async () => {
    // The demo shop keeps Paris time; its owner travels in Montréal, where the thread's times are written.
    const context = await suite.browser.newContext({ locale: "fr-FR", timezoneId: "America/Montreal", viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await signIn(page, suite.server.url, DEMO_ACCOUNT);
    await untilReceiving(page);
    await page.click('[data-testid="nav-inbox"]');
    await openDemoConversation(page, "Vous livrez au Québec ?");
    await page.click('[data-testid="thread-snooze"] summary');
    const zone = page.locator('[data-testid="snooze-zone"]');
    expect(await zone.textContent()).toBe("Date et heure (heure d’Europe centrale)");
    expect(await zone.getAttribute("title")).toBe("Europe/Paris");
    await context.close();
  }, 90_000);
});
