import { describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { DEMO_ACCOUNT, signIn } from "../support/session";
import { serverSuite } from "../support/suite";

const suite = serverSuite({ SILLAGE_DEMO: "1" });

/** What Chromium measured for the page just loaded: first contentful paint and the scripts it downloaded. */
async function measure(page: Page) {
  // The element a test waits for is in the DOM a frame before it is painted: wait for Chromium's paint entry.
  await page.waitForFunction(() => performance.getEntriesByType("paint").some((e) => e.name === "first-contentful-paint"), undefined, { timeout: 10_000 });
  return page.evaluate(() => {
    const paint = performance.getEntriesByType("paint").find((e) => e.name === "first-contentful-paint");
    const nav = performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming | undefined;
    const scripts = (performance.getEntriesByType("resource") as PerformanceResourceTiming[]).filter((r) => r.initiatorType === "script" || r.name.endsWith(".js"));
    return {
      fcpMs: Math.round(paint?.startTime ?? -1),
      domContentLoadedMs: Math.round(nav?.domContentLoadedEventEnd ?? -1),
      scripts: scripts.length,
      // Bytes on the wire (compressed) and once decoded.
      jsEncodedBytes: scripts.reduce((n, r) => n + r.encodedBodySize, 0),
      jsDecodedBytes: scripts.reduce((n, r) => n + r.decodedBodySize, 0),
    };
  });
}

// build/assets.ts JS_BUDGET_BYTES (the build counts gzip; the browser receives brotli, smaller).
const BUDGET = 197 * 1024;

describe("loading fast", () => {
  it("first paint of /login, /inbox and /schedule, each within 197 KB of compressed JavaScript", async () => {
    const context = await suite.browser.newContext({ locale: "fr-FR" });
    const page = await context.newPage();
    const figures: Record<string, Awaited<ReturnType<typeof measure>>> = {};

    await page.goto(`${suite.server.url}/login`);
    await page.locator('[data-testid="login-submit"]').waitFor();
    figures["/login"] = await measure(page);
    await signIn(page, suite.server.url, DEMO_ACCOUNT);
    const cdp = await context.newCDPSession(page);

    // A full load of each page with the HTTP cache off, as a first visit opening a link would.
    for (const [path, ready] of [
      ["/inbox", '[data-testid="conversation-list"]'],
      ["/schedule", '[data-testid="calendar-grid"]'],
    ] as const) {
      await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
      await page.goto(`${suite.server.url}${path}`);
      await page.locator(ready).waitFor({ timeout: 20_000 });
      figures[path] = await measure(page);
    }
    console.log(JSON.stringify({ firstPaint: figures }));
    for (const [path, f] of Object.entries(figures)) {
      expect(f.fcpMs, path).toBeGreaterThan(0);
      expect(f.jsEncodedBytes, path).toBeGreaterThan(0);
      // Compressed on the wire (brotli), and within the budget.
      expect(f.jsEncodedBytes, path).toBeLessThan(f.jsDecodedBytes / 2);
      expect(f.jsEncodedBytes, path).toBeLessThanOrEqual(BUDGET);
    }
    await context.close();
  }, 120_000);
});
