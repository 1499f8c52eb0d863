import type { BrowserContext, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { DEMO_ACCOUNT, openDemoConversation, signIn, signUp, untilReceiving } from "../support/session";
import { followLink } from "../support/navigation";
import { serverSuite } from "../support/suite";

// Third walk-through as a new shop owner, on a touch phone (375 × 812) in French: what a thumb meets on every page.
const suite = serverSuite({ SILLAGE_DEMO: "1" });

/** Every page the menu and the settings sections lead to. */
const PAGES = [
  "/schedule",
  "/inbox",
  "/comments",
  "/ai-control",
  "/analytics",
  "/analytics/topics",
  "/settings",
  "/settings/channels",
  "/settings/failures",
  "/settings/billing",
  "/settings/notifications",
  "/settings/webhooks",
];

async function phone(): Promise<{ context: BrowserContext; page: Page }> {
  const context = await suite.browser.newContext({
    locale: "fr-FR",
    timezoneId: "Europe/Paris",
    viewport: { width: 375, height: 812 },
    isMobile: true,
    hasTouch: true,
  });
  return { context, page: await context.newPage() };
}

async function newOwnerOnPhone(email: string): Promise<{ context: BrowserContext; page: Page }> {
  const { context, page } = await phone();
  await signUp(page, suite.server.url, { name: "Inès Marchand", email, password: "une phrase de passe longue", workspaceName: "Maison Inès" });
  return { context, page };
}

/** Opens a page as a followed link would, and waits until its content (not a loading line) is there. */
async function open(page: Page, path: string): Promise<void> {
  await page.goto(`${suite.server.url}${path}`);
  await page.locator("main h1").waitFor();
  await expect.poll(() => page.locator('main [aria-busy="true"], main .loading').count(), { timeout: 10_000 }).toBe(0);
  await page.waitForTimeout(300);
}

/** The controls inside `scope` a thumb would miss: under 40 px high, or a box to tick under 24 px or its label under 40. */
async function tooSmallToTap(page: Page, scope = "body"): Promise<string[]> {
  return page.evaluate((scope) => {
    const out: string[] = [];
    const visible = (el: Element) => {
      const r = el.getBoundingClientRect();
      // (checkVisibility: not inside a closed <details> either.)
      return r.width > 2 && r.height > 2 && el.checkVisibility({ visibilityProperty: true });
    };
    const name = (el: Element) => el.getAttribute("data-testid") ?? el.getAttribute("aria-label") ?? (el.textContent ?? "").trim().slice(0, 30);
    // Links inside a sentence stay as the sentence sets them; everything shaped as a control is measured.
    const controls = document.querySelector(scope)!.querySelectorAll('button, select, input:not([type="checkbox"]):not([type="radio"]):not([type="hidden"]), textarea, summary, a.btn');
    for (const el of Array.from(controls)) {
      if (!visible(el)) continue;
      const r = el.getBoundingClientRect();
      if (r.height < 40) out.push(`${el.tagName.toLowerCase()} "${name(el)}" ${Math.round(r.width)}×${Math.round(r.height)}`);
    }
    for (const box of Array.from(document.querySelector(scope)!.querySelectorAll('input[type="checkbox"], input[type="radio"]'))) {
      if (!visible(box)) continue;
      // The box itself takes a fingertip (24 px, WCAG's minimum); the label that wraps it, a thumb (a tap on the words ticks it).
      const label = box.closest("label");
      const b = box.getBoundingClientRect();
      const l = label?.getBoundingClientRect();
      if (b.width < 24 || b.height < 24 || (l && l.height < 40)) out.push(`checkbox "${name(box) || name(label ?? box)}" ${Math.round((l ?? b).width)}×${Math.round((l ?? b).height)}`);
    }
    return out;
  }, scope);
}

describe("a new owner on a touch phone, in French", () => {
  it("no page of the menu or of the settings scrolls sideways", async () => {
    const { context, page } = await newOwnerOnPhone("walk2-scroll@example.com");
    for (const path of PAGES) {
      await open(page, path);
      const { scrollWidth, clientWidth } = await page.evaluate(() => ({
        scrollWidth: document.documentElement.scrollWidth,
        clientWidth: document.documentElement.clientWidth,
      }));
      expect(scrollWidth, path).toBe(clientWidth);
    }
    await context.close();
  }, 180_000);

  it("every button, field and list a thumb can touch is at least 40 px high, and each box to tick has its line to tap", async () => {
    const { context, page } = await newOwnerOnPhone("walk2-touch@example.com");
    const tooSmall: string[] = [];
    for (const path of PAGES) {
      await open(page, path);
      const found = await tooSmallToTap(page);
      tooSmall.push(...found.map((f) => `${path}: ${f}`));
    }
    expect(tooSmall).toEqual([]);
    await context.close();
  }, 180_000);

  it("the menu takes the focus when it opens, keeps the page behind out of reach, and Escape closes it back to its button", async () => {
    const { context, page } = await newOwnerOnPhone("walk2-menu@example.com");
    await open(page, "/schedule");
    const button = page.locator(".topbar button[aria-controls=sidebar]");
    await button.tap();
    await expect.poll(() => page.evaluate(() => Boolean(document.activeElement?.closest("#sidebar")))).toBe(true);
    // Tabbing walks the drawer (and the top bar's close button), never the page hidden behind the backdrop.
    for (let i = 0; i < 25; i++) {
      await page.keyboard.press("Tab");
      expect(await page.evaluate(() => Boolean(document.activeElement?.closest("main"))), `Tab ${i + 1}`).toBe(false);
    }
    await page.keyboard.press("Escape");
    await expect.poll(() => button.getAttribute("aria-expanded")).toBe("false");
    await expect.poll(() => page.locator("#sidebar").isVisible()).toBe(false);
    expect(await page.evaluate(() => document.activeElement?.getAttribute("aria-controls"))).toBe("sidebar");
    await context.close();
  }, 120_000);

  it("in an open conversation every control reaches a thumb, and the assignee list keeps room to show a name", async () => {
    const { context, page } = await phone();
    await signIn(page, suite.server.url, DEMO_ACCOUNT);
    await untilReceiving(page);
    await page.goto(`${suite.server.url}/inbox`);
    await openDemoConversation(page, "Bonjour, la robe existe en 38 ?");
    expect(await tooSmallToTap(page, '[data-testid="thread"]')).toEqual([]);
    const assignee = (await page.locator('[data-testid="thread-assign"]').boundingBox())!;
    expect(assignee.width).toBeGreaterThanOrEqual(120);
    expect(assignee.x + assignee.width).toBeLessThanOrEqual(375);
    await context.close();
  }, 120_000);

  it("the comments page of a shop without Instagram is no dead end: it leads to connecting one", async () => {
    const { context, page } = await newOwnerOnPhone("walk2-comments@example.com");
    await open(page, "/comments");
    const empty = page.locator('[data-testid="comments-empty"]');
    await empty.waitFor();
    expect(await empty.textContent()).toBe("Aucune publication suivie : les commentaires apparaissent ici dès qu’une publication est en ligne ou qu’on la commente. Connecter Instagram");
    expect(await followLink(empty.getByRole("link", { name: "Connecter Instagram" }), page.locator("h1.page-header__title", { hasText: "Canaux" }), "tap")).toBe("/settings/channels");
    await context.close();
  }, 60_000);
});
