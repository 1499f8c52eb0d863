import type { Locator, Page } from "playwright-core";

/**
 * Follows a link as a person does: clicks it, then waits for the page it leads to to show (`arrived`), and resolves to
 * the address then. The address changes as the link is clicked, before the route's guard, words and code load (a
 * guard may send the browser elsewhere a moment later): the page showing is what says the link led there.
 */
export async function followLink(link: Locator, arrived: Locator, how: "click" | "tap" = "click"): Promise<string> {
  await (how === "tap" ? link.tap() : link.click());
  await arrived.waitFor();
  return new URL(link.page().url()).pathname;
}

/**
 * Records where the element matching `selector` was on screen when it first appeared (before `page` opens its next
 * address); `firstTop` reads it back. What a person may already be tapping must not move as the rest arrives.
 */
export async function watchFirstPosition(page: Page, selector: string): Promise<void> {
  await page.addInitScript((selector: string) => {
    const seen = new MutationObserver(() => {
      const element = document.querySelector(selector);
      if (!element) return;
      (window as { firstTop?: number }).firstTop = element.getBoundingClientRect().top + window.scrollY;
      seen.disconnect();
    });
    seen.observe(document, { childList: true, subtree: true });
  }, selector);
}

/** Where the element watched by `watchFirstPosition` first appeared, and where it is now (page coordinates). */
export async function firstAndCurrentTop(page: Page, selector: string): Promise<{ first?: number; now?: number }> {
  return page.evaluate((selector: string) => {
    const element = document.querySelector(selector);
    return { first: (window as { firstTop?: number }).firstTop, now: element ? element.getBoundingClientRect().top + window.scrollY : undefined };
  }, selector);
}
