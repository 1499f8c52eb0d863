import type { BrowserContext, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { DEMO_ACCOUNT, signIn } from "../support/session";
import { serverSuite } from "../support/suite";

// Demo mode: channels are connected and a customer can be played from the inbox, so every page has something to show.
const suite = serverSuite({ SILLAGE_DEMO: "1", WORKER_POLL_INTERVAL_MS: "200" });

/** A 1×1 PNG: a real image for the previews, which are signed /media links. */
const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==", "base64");

interface Watch {
  /** `securitypolicyviolation` events seen by the page: "directive blocked-uri". */
  violations(page: Page): Promise<string[]>;
  /** Uncaught page errors and console errors. */
  errors: string[];
}

/** Records every CSP violation (from the DOM event, before any app script runs) and every page or console error. */
async function watch(context: BrowserContext): Promise<Watch> {
  await context.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { __csp: string[] }).__csp = seen;
    document.addEventListener("securitypolicyviolation", (e) => seen.push(`${e.effectiveDirective} ${e.blockedURI}`));
  });
  const errors: string[] = [];
  context.on("page", (page) => {
    page.on("pageerror", (err) => errors.push(`pageerror: ${err.message}`));
    page.on("console", (msg) => {
      if (msg.type() === "error") errors.push(`console: ${msg.text()}`);
    });
  });
  return { errors, violations: (page) => page.evaluate(() => [...(window as unknown as { __csp: string[] }).__csp]) };
}

const imageLoaded = (img: ReturnType<Page["locator"]>) => img.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth);

describe("the SPA under its Content-Security-Policy", () => {
  it("loads and works in Chromium with no violation, and the policy does block inline script and style attributes", async () => {
    const context = await suite.browser.newContext({ locale: "fr-FR", timezoneId: "Europe/Paris" });
    const seen = await watch(context);
    const page = await context.newPage();
    const doc = await page.goto(`${suite.server.url}/login`);
    const csp = doc?.headers()["content-security-policy"] ?? "";
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(doc?.headers()["x-frame-options"]).toBe("DENY");

    await signIn(page, suite.server.url, DEMO_ACCOUNT);

    // Inbox: a customer writes (demo simulator), the virtualized list (style attributes) and the thread show it.
    await page.click('[data-testid="nav-inbox"]');
    await page.locator('[data-testid="demo-simulator"]').waitFor();
    await page.fill('[data-testid="demo-text"]', "Bonjour, vous livrez à Lyon ?");
    await page.click('[data-testid="demo-send"]');
    const row = page.locator('[data-testid="conversation-row"]', { hasText: "vous livrez à Lyon" });
    await row.waitFor({ timeout: 10_000 });
    await row.click();
    await page.locator('[data-testid="message-text"]', { hasText: "vous livrez à Lyon" }).waitFor();
    // An image attached to a reply shows its preview from a signed /media link.
    await page.setInputFiles('[data-testid="reply-file"]', { name: "colis.png", mimeType: "image/png", buffer: PNG });
    await expect.poll(() => imageLoaded(page.locator('[data-testid="reply-image"] img')), { timeout: 5000 }).toBe(1);

    // Schedule: the composer previews an uploaded image too.
    await page.click('[data-testid="nav-schedule"]');
    await page.click('[data-testid="schedule-new"]');
    const composer = page.locator('[data-testid="post-composer"]');
    await composer.waitFor();
    await composer.locator('[data-testid="composer-media"]').setInputFiles({ name: "vitrine.png", mimeType: "image/png", buffer: PNG });
    await expect.poll(() => imageLoaded(composer.locator('[data-testid="composer-media-item"] img')), { timeout: 5000 }).toBe(1);
    await page.keyboard.press("Escape");

    // Every other page, the channels settings included (usage bars and platform icons are style attributes).
    for (const nav of ["comments", "ai-control", "analytics", "topics", "settings"]) {
      await page.click(`[data-testid="nav-${nav}"]`);
      await page.waitForLoadState("networkidle");
    }
    await page.goto(`${suite.server.url}/settings/channels`);
    await page.locator('[data-testid="channels-list"]').waitFor();
    // The style sheet applied (no style-src violation): the app's layout is laid out, not unstyled.
    expect(await page.locator('[data-testid="channels-list"]').evaluate((el) => getComputedStyle(el).listStyleType)).toBe("none");

    expect(await seen.violations(page)).toEqual([]);
    expect(seen.errors).toEqual([]);

    // The policy is really enforced, and the watch really sees violations: inline script and a style attribute
    // written as markup are blocked; React's way (the CSSOM) is not.
    const probe = await page.evaluate(() => {
      const script = document.createElement("script");
      script.textContent = "window.__inlineRan = true";
      document.body.append(script);
      const markup = document.createElement("div");
      markup.setAttribute("style", "width: 123px");
      document.body.append(markup);
      const cssom = document.createElement("div");
      cssom.style.width = "77px";
      document.body.append(cssom);
      return {
        inlineRan: (window as unknown as { __inlineRan?: boolean }).__inlineRan ?? false,
        markupWidth: markup.style.width,
        cssomWidth: getComputedStyle(cssom).width,
      };
    });
    expect(probe).toEqual({ inlineRan: false, markupWidth: "", cssomWidth: "77px" });
    await expect.poll(() => seen.violations(page)).toEqual(["script-src-elem inline", "style-src-attr inline"]);
    await context.close();
  });
});
