import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { signUp } from "../support/session";
import { serverSuite } from "../support/suite";

// What a new shop owner meets on a first walk through the app, on a phone and in English (findings of the walk-through).
const suite = serverSuite({ SILLAGE_DEMO: "1" });

const PHONE = { width: 390, height: 844 };
const SETTINGS_PAGES = ["/settings/channels", "/settings/failures", "/settings/billing", "/settings/notifications", "/settings/webhooks"];

async function newOwner(locale: "fr-FR" | "en-GB", email: string, timezoneId = "Europe/Paris"): Promise<Page> {
  const context = await suite.browser.newContext({ locale, timezoneId });
  const page = await context.newPage();
  await signUp(page, suite.server.url, { name: "Inès Marchand", email, password: "une phrase de passe longue", workspaceName: "Maison Inès" });
  return page;
}

describe("a new owner's walk through the app", () => {
  it("on a phone, every settings page, landed on directly, has a styled breadcrumb and the same sections, its own marked", async () => {
    const page = await newOwner("fr-FR", "walk-settings@example.com");
    await page.setViewportSize(PHONE);
    for (const path of SETTINGS_PAGES) {
      // A fresh load: styles that only another page's chunk brings are absent, as for someone following a link.
      await page.goto(`${suite.server.url}${path}`);
      const nav = page.locator('[data-testid="settings-nav"]');
      await nav.waitFor();
      const links = await nav.locator("a").evaluateAll((as) => as.map((a) => ({ href: new URL((a as HTMLAnchorElement).href).pathname, current: a.getAttribute("aria-current") })));
      expect(links, path).toHaveLength(9);
      expect(links.filter((l) => l.current === "page").map((l) => l.href), path).toEqual([path]);
      for (const other of SETTINGS_PAGES) expect(links.map((l) => l.href), path).toContain(other);
      const breadcrumb = page.locator("nav.breadcrumb");
      expect(await breadcrumb.evaluate((el) => getComputedStyle(el).display), path).toBe("flex");
      expect(await breadcrumb.locator("a").getAttribute("href"), path).toBe("/settings");
    }
    await page.context().close();
  }, 120_000);

  it("on a phone, a short page starts right under the top bar, and the calendar's previous / today / next stay on one line", async () => {
    const page = await newOwner("fr-FR", "walk-phone@example.com");
    await page.setViewportSize(PHONE);
    for (const path of ["/comments", "/schedule", "/settings/failures"]) {
      await page.goto(`${suite.server.url}${path}`);
      await page.locator("main h1").waitFor();
      const { barBottom, mainTop } = await page.evaluate(() => ({
        barBottom: document.querySelector(".topbar")!.getBoundingClientRect().bottom,
        mainTop: document.querySelector("main")!.getBoundingClientRect().top,
      }));
      expect(mainTop, path).toBe(barBottom);
    }
    await page.goto(`${suite.server.url}/schedule`);
    const tops = await Promise.all(
      ["schedule-prev", "schedule-today", "schedule-next"].map(async (id) => (await page.locator(`[data-testid="${id}"]`).boundingBox())!.y),
    );
    expect(Math.max(...tops) - Math.min(...tops)).toBeLessThan(4);
    await page.context().close();
  }, 120_000);

  it("in English, the plan's period reads as a British reader writes dates, not month first", async () => {
    const page = await newOwner("en-GB", "walk-billing@example.com");
    await page.selectOption('[data-testid="language-switcher"]', "en");
    await page.goto(`${suite.server.url}/settings/billing`);
    const plan = page.locator('[data-testid="billing-plan"]');
    await plan.waitFor();
    const text = (await plan.textContent()) ?? "";
    expect(text).toMatch(/Period: \d{1,2} [A-Z][a-z]{2,3} \d{4} – \d{1,2} [A-Z][a-z]{2,3} \d{4}/);
    expect(text).not.toMatch(/\d+\/\d+\/\d{4}/);
    // The usage bars are named in English typography too (no French space before the colon).
    const bars = await page.locator('[data-testid="billing-limits"] progress').evaluateAll((els) => els.map((el) => el.getAttribute("aria-label")));
    expect(bars[0]).toMatch(/^Connected channels: \d+ of \d+$/);
    for (const bar of bars) expect(bar).not.toContain(" :");
    await page.context().close();
  }, 120_000);

  it("in English from New York, a Paris workspace's topics run shows at 03:00 as its sentence says, and percentages read 86%", async () => {
    const page = await newOwner("en-GB", "walk-zone@example.com", "America/New_York");
    await page.selectOption('[data-testid="language-switcher"]', "en");
    // Topics are computed at 03:00 on the workspace's clock (Europe/Paris here, the sign-up default).
    await page.goto(`${suite.server.url}/analytics/topics`);
    const empty = page.locator('[data-testid="topics-empty"]');
    await empty.waitFor();
    expect(await empty.textContent()).toMatch(/at 03:00 \(your workspace's time\).*Next run: [^.]*03:00\./s);

    // The knowledge base answers a tried message; its confidence and sources are percentages in English typography.
    await page.click('[data-testid="nav-ai-control"]');
    await page.fill('[data-testid="kb-title"]', "Delivery");
    await page.fill('[data-testid="kb-text"]', "We deliver everywhere in France within 48 hours, free from 60 euros.");
    await page.click('[data-testid="kb-add"]');
    await page.locator('[data-testid="kb-table"] tbody tr').first().waitFor();
    await page.fill('[data-testid="ai-try-input"]', "How long does delivery take?");
    await page.click('[data-testid="ai-try-submit"]');
    const result = page.locator('[data-testid="ai-try-result"]');
    await result.waitFor({ timeout: 20_000 });
    const text = (await result.textContent()) ?? "";
    expect(text).toMatch(/Confidence\d+%/);
    expect(text).not.toMatch(/\d %/);
    await page.context().close();
  }, 120_000);

  it("each page names itself in the tab's title, through navigation, back / forward and reload", async () => {
    const page = await newOwner("fr-FR", "walk-titles@example.com");
    await page.selectOption('[data-testid="language-switcher"]', "fr");
    const titleIs = (title: string) => expect.poll(() => page.title(), { timeout: 10_000 }).toBe(title);
    await titleIs("Planning · Sillage");
    await page.click('[data-testid="nav-inbox"]');
    await titleIs("Messagerie · Sillage");
    await page.click('[data-testid="nav-settings"]');
    await titleIs("Réglages · Sillage");
    await page.click('[data-testid="settings-billing-link"]');
    await titleIs("Offre et crédits · Sillage");
    await page.goBack();
    await titleIs("Réglages · Sillage");
    await page.goForward();
    await titleIs("Offre et crédits · Sillage");
    await page.reload();
    await titleIs("Offre et crédits · Sillage");
    await page.goto(`${suite.server.url}/nulle-part`);
    await titleIs("Page introuvable · Sillage");
    await page.context().close();
  }, 120_000);

  it("a link to a conversation that is not there says so once, in French, with the way back; a malformed one is dropped", async () => {
    const page = await newOwner("fr-FR", "walk-deeplink@example.com");
    await page.selectOption('[data-testid="language-switcher"]', "fr");
    await page.goto(`${suite.server.url}/inbox?c=3f2b8c1e-9d4a-4e6b-8f7c-2a1b3c4d5e6f`);
    const error = page.locator('[data-testid="thread-error"]');
    await error.waitFor();
    await expect.poll(() => page.locator(".alert--error").allTextContents(), { timeout: 10_000 }).toEqual(["Conversation introuvable."]);
    await error.getByRole("button", { name: "Conversations" }).click();
    await page.waitForURL(`${suite.server.url}/inbox`);
    await page.locator('[data-testid="thread-error"]').waitFor({ state: "detached" });

    // Not an id at all (and a key no page reads): the route's schema drops them, from the page and from the address.
    await page.goto(`${suite.server.url}/inbox?c=garbage&x=1`);
    await page.waitForURL(`${suite.server.url}/inbox`);
    await page.locator('[data-testid="conversation-list"]').waitFor();
    expect(await page.locator('[data-testid="thread-error"], [data-testid="thread"]').count()).toBe(0);
    await page.context().close();
  }, 120_000);

  it("signing out leaves a clean console: no call of the app answered 401 after it", async () => {
    const page = await newOwner("fr-FR", "walk-signout@example.com");
    const problems: string[] = [];
    page.on("console", (m) => m.type() === "error" && problems.push(m.text()));
    page.on("response", (r) => r.status() === 401 && problems.push(`401 ${new URL(r.url()).pathname}`));
    // Pages that poll or stream: the inbox (event stream), channels (health every minute), analytics.
    for (const nav of ["nav-inbox", "nav-analytics", "nav-settings"]) {
      await page.click(`[data-testid="${nav}"]`);
      await page.locator("main h1").waitFor();
    }
    await page.click('[data-testid="settings-channels-link"]');
    await page.locator('[data-testid="settings-nav"]').waitFor();
    await page.click('[data-testid="logout"]');
    await page.waitForURL(`${suite.server.url}/login`);
    await page.locator('[data-testid="login-submit"]').waitFor();
    // A focus of the window refetches stale queries: none of the app's may be left to do it.
    await page.evaluate(() => window.dispatchEvent(new Event("focus")));
    await page.waitForTimeout(2000);
    expect(problems).toEqual([]);
    await page.context().close();
  }, 120_000);

  it("after a click in the sidebar, the new page's heading has the focus and its title is announced", async () => {
    const page = await newOwner("fr-FR", "walk-focus@example.com");
    await page.selectOption('[data-testid="language-switcher"]', "fr");
    await page.click('[data-testid="nav-inbox"]');
    // (The sidebar's link, which had it, reads "Messagerie" too.)
    await expect.poll(() => page.evaluate(() => `${document.activeElement?.tagName} ${document.activeElement?.textContent}`), { timeout: 10_000 }).toBe("H1 Messagerie");
    await expect.poll(() => page.locator('[data-testid="route-announcer"]').textContent()).toBe("Messagerie · Sillage");
    // The next Tab goes on from the page's top, not from the sidebar's start.
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => Boolean(document.activeElement?.closest("main")))).toBe(true);
    await page.context().close();
  }, 120_000);
});
