import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { DEMO_ACCOUNT, openDemoConversation, signIn, untilReceiving } from "../support/session";
import { serverSuite } from "../support/suite";

// Fourth walk-through, in English (en-GB, then en-US in New York) as a new shop owner: what it found, fixed.
const suite = serverSuite({ SILLAGE_DEMO: "1" });

/** Bottom edge of an element in the viewport, and whether the page itself had to scroll to show it. */
async function bottomOf(page: Page, testId: string): Promise<{ bottom: number; scrolled: number }> {
  return page.locator(`[data-testid="${testId}"]`).evaluate((el) => ({ bottom: el.getBoundingClientRect().bottom, scrolled: window.scrollY }));
}

describe("an English-speaking owner's walk-through", () => {
  it("at 1024×768 in demo mode, the « play a customer » panel folds to one line, stays folded, and leaves the reply box in view", async () => {
    const context = await suite.browser.newContext({ locale: "en-US", timezoneId: "America/New_York", viewport: { width: 1024, height: 768 } });
    const page = await context.newPage();
    await signIn(page, suite.server.url, DEMO_ACCOUNT);
    await page.selectOption('[data-testid="language-switcher"]', "en");
    await untilReceiving(page);
    await page.click('[data-testid="nav-inbox"]');
    await openDemoConversation(page, "Do you ship to Toronto?");
    // An American reads a message's time on a 12-hour clock, month first when it is not today's ("5:38 PM",
    // "Dec 3, 5:38 PM"), and its full date as their browser's date pickers write it ("Dec 4, 2026, 5:38 PM").
    const sentAt = page.locator('[data-testid="thread"] time').last();
    expect((await sentAt.textContent()) ?? "").toMatch(/^([A-Z][a-z]{2} \d{1,2}, )?\d{1,2}:\d{2}\s?[AP]M$/);
    expect((await sentAt.getAttribute("title")) ?? "").toMatch(/^[A-Z][a-z]{2} \d{1,2}, \d{4}, \d{1,2}:\d{2}\s?[AP]M$/);

    const panel = page.locator('[data-testid="demo-simulator"]');
    await page.click('[data-testid="demo-toggle"]');
    expect(await panel.evaluate((el) => (el as HTMLDetailsElement).open)).toBe(false);
    // Folded, it is its title line: the conversations take the height back.
    expect((await panel.boundingBox())!.height).toBeLessThanOrEqual(56);
    for (const testId of ["reply-text", "reply-send"]) {
      await expect.poll(() => bottomOf(page, testId), { message: testId }).toMatchObject({ scrolled: 0 });
      expect((await bottomOf(page, testId)).bottom, testId).toBeLessThanOrEqual(768);
    }

    // The next visit (or a reload) keeps it folded: the owner said it was in the way.
    await page.reload();
    await panel.waitFor();
    expect(await panel.evaluate((el) => (el as HTMLDetailsElement).open)).toBe(false);
    // Unfolded again, it still plays a customer, and the inbox under it gives up the panel's height, not the page.
    await page.click('[data-testid="demo-toggle"]');
    await page.locator('[data-testid="demo-text"]').waitFor();
    const listBottom = await page.locator(".inbox__list").evaluate((el) => el.getBoundingClientRect().bottom);
    expect(listBottom).toBeLessThanOrEqual(768);
    await context.close();
  }, 120_000);
});
