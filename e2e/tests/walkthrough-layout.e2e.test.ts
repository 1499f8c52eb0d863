import type { BrowserContext, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { DEMO_ACCOUNT, openDemoConversation, signIn, untilReceiving } from "../support/session";
import { serverSuite } from "../support/suite";

// Second walk-through as a new shop owner (French, laptop screens): layout findings a person sees at once.
const suite = serverSuite({ SILLAGE_DEMO: "1" });

/** The demo shop's owner, signed in, in French, on a 1280 px laptop screen. */
async function demoOwnerOnLaptop(): Promise<{ context: BrowserContext; page: Page }> {
  const context = await suite.browser.newContext({ locale: "fr-FR", timezoneId: "Europe/Paris", viewport: { width: 1280, height: 860 } });
  const page = await context.newPage();
  await signIn(page, suite.server.url, DEMO_ACCOUNT);
  return { context, page };
}

describe("a shop owner on a laptop, in French", () => {
  it("an open conversation never widens the page sideways, from a 1024 px to a 1440 px screen", async () => {
    const { context, page } = await demoOwnerOnLaptop();
    await untilReceiving(page);
    await page.click('[data-testid="nav-inbox"]');
    await page.fill('[data-testid="demo-text"]', "Bonjour, la robe existe en 38 ?");
    await page.click('[data-testid="demo-send"]');
    const row = page.locator('[data-testid="conversation-row"]', { hasText: "la robe existe en 38" });
    await row.waitFor({ timeout: 15_000 });
    await row.click();
    await page.locator('[data-testid="thread"]').waitFor();
    for (const width of [1024, 1280, 1366, 1440]) {
      await page.setViewportSize({ width, height: 860 });
      // The thread's header (labels, pause, assignee, resolve) and the contact panel stay inside the screen.
      await expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth), { timeout: 5_000 }).toBe(width);
      const resolve = await page.locator('[data-testid="thread"] .thread__actions').boundingBox();
      expect(resolve!.x + resolve!.width, `${width}`).toBeLessThanOrEqual(width);
    }
    await context.close();
  }, 120_000);

  it("at 1024 × 768 an open conversation's header holds one line: the name gives way (ellipsis), the actions stay whole", async () => {
    const context = await suite.browser.newContext({ locale: "fr-FR", timezoneId: "Europe/Paris", viewport: { width: 1024, height: 768 } });
    const page = await context.newPage();
    await signIn(page, suite.server.url, DEMO_ACCOUNT);
    await untilReceiving(page);
    await page.click('[data-testid="nav-inbox"]');
    await openDemoConversation(page, "Bonjour, vous livrez à Lyon ?");
    const header = page.locator('[data-testid="thread-header"]');
    await header.locator('[data-testid="thread-resolve"]').waitFor();
    for (const width of [1024, 1280, 1366]) {
      await page.setViewportSize({ width, height: 768 });
      const boxes = await header.evaluate((el) => {
        const name = el.querySelector<HTMLElement>(".customer__name")!;
        const style = getComputedStyle(name);
        return {
          header: el.getBoundingClientRect().toJSON() as DOMRect,
          who: el.querySelector(".thread__who")!.getBoundingClientRect().toJSON() as DOMRect,
          actions: Array.from(el.querySelectorAll(".thread__actions > *")).map((a) => a.getBoundingClientRect().toJSON() as DOMRect),
          name: { overflow: style.textOverflow, wrap: style.whiteSpace, width: name.getBoundingClientRect().width },
        };
      });
      // One line: every action beside the contact (starting above the contact's bottom) and inside the header; the
      // name on one line, cut with an ellipsis when it is too long, yet with room to be read.
      for (const action of boxes.actions) {
        expect(action.top, `${width}`).toBeLessThan(boxes.who.bottom);
        expect(action.right, `${width}`).toBeLessThanOrEqual(boxes.header.right);
        expect(action.width, `${width}`).toBeGreaterThan(0);
      }
      expect(boxes.who.right, `${width}`).toBeLessThanOrEqual(boxes.actions[0]!.left);
      expect(boxes.name, `${width}`).toMatchObject({ overflow: "ellipsis", wrap: "nowrap" });
      expect(boxes.name.width, `${width}`).toBeGreaterThanOrEqual(80);
    }
    // The actions keep their names for screen readers and on hover when they show as icons.
    expect(await header.locator('[data-testid="thread-resolve"]').getAttribute("title")).toBe("Résoudre");
    await context.close();
  }, 60_000);

  it("the sidebar's notifications panel opens whole, not cut by the sidebar", async () => {
    const { context, page } = await demoOwnerOnLaptop();
    await page.click('[data-testid="notifications-bell"]');
    const panel = page.locator('.sidebar [role="dialog"]');
    await panel.waitFor();
    const box = (await panel.boundingBox())!;
    // What a person sees at the panel's right edge is the panel itself, not the page behind a clipped box.
    const hit = await page.evaluate(({ x, y }) => document.elementFromPoint(x, y)?.closest('[role="dialog"]') !== null, { x: box.x + box.width - 12, y: box.y + 24 });
    expect(hit).toBe(true);
    await context.close();
  }, 60_000);

  it("French dates in the calendar write months in lower case (30 nov. – 6 déc. 2026, not 30 Nov. – 6 Déc. 2026)", async () => {
    const { context, page } = await demoOwnerOnLaptop();
    await page.selectOption('[data-testid="language-switcher"]', "fr");
    await page.click('[data-testid="nav-schedule"]');
    await page.click('[data-testid="schedule-view-week"]');
    await page.locator('[data-testid="week-grid"]').waitFor();
    // As a person reads it (innerText applies the CSS): "30 nov. – 6 déc. 2026", months in lower case.
    const title = await page.locator('[data-testid="schedule-title"]').evaluate((el) => (el as HTMLElement).innerText);
    expect(title).toMatch(/^\d{1,2} \p{Ll}+\.? – \d{1,2} \p{Ll}+\.? \d{4}$/u);
    await context.close();
  }, 60_000);

  it("the knowledge base: a file field in French that lets a file go, a document listed by its kind in French, its passages counted, and a tried passage's score in French digits", async () => {
    const { context, page } = await demoOwnerOnLaptop();
    await page.selectOption('[data-testid="language-switcher"]', "fr");
    await page.click('[data-testid="nav-ai-control"]');
    // The file field speaks French (not the browser's "Choose File / No file chosen"), and a chosen file can be taken back.
    const picker = page.locator(".file-picker");
    expect(await picker.locator("label").textContent()).toBe("Choisir un fichier");
    expect(await page.textContent('[data-testid="kb-file-name"]')).toBe("Aucun fichier choisi");
    await page.setInputFiles('[data-testid="kb-file"]', { name: "horaires.txt", mimeType: "text/plain", buffer: Buffer.from("Ouvert du mardi au samedi.") });
    await expect.poll(() => page.textContent('[data-testid="kb-file-name"]')).toBe("horaires.txt");
    expect(await page.isDisabled('[data-testid="kb-text"]')).toBe(true);
    await page.click('[data-testid="kb-file-clear"]');
    await expect.poll(() => page.textContent('[data-testid="kb-file-name"]')).toBe("Aucun fichier choisi");
    expect(await page.isDisabled('[data-testid="kb-text"]')).toBe(false);
    await page.fill('[data-testid="kb-title"]', "Échanges et retours");
    await page.fill('[data-testid="kb-text"]', "Les retours sont gratuits sous 30 jours, en boutique ou par colis.");
    await page.click('[data-testid="kb-add"]');
    const row = page.locator('[data-testid="kb-table"] tr', { hasText: "Échanges et retours" });
    await row.waitFor();
    const cells = await row.locator("td").allTextContents();
    expect(cells[1]).toBe("Texte");
    expect(cells[2]).toBe("1 passage");
    await page.fill('[data-testid="ai-try-input"]', "Les retours sont-ils gratuits ?");
    await page.click('[data-testid="ai-try-submit"]');
    const passage = page.locator('[data-testid="ai-try-result"] [data-testid="decision-passage"]', { hasText: "Échanges et retours" });
    await passage.waitFor({ timeout: 20_000 });
    expect(await passage.textContent()).toMatch(/score 0,\d+/);
    await context.close();
  }, 60_000);

  it("the composer says before saving what a time the clocks skip or repeat becomes (Paris, 2027)", async () => {
    const { context, page } = await demoOwnerOnLaptop();
    await page.selectOption('[data-testid="language-switcher"]', "fr");
    await page.click('[data-testid="nav-schedule"]');
    await page.click('[data-testid="schedule-new"]');
    const when = page.locator('[data-testid="composer-datetime"]');
    const notice = page.locator('[data-testid="composer-dst"]');
    await when.fill("2027-03-28T02:30");
    await notice.waitFor();
    expect(await notice.textContent()).toBe("Ce jour-là, 02:30 n’existe pas dans le fuseau de l’espace (passage à l’heure d’été) : la publication partira à 03:30.");
    await when.fill("2027-10-31T02:30");
    await expect.poll(() => notice.textContent()).toMatch(/^Ce jour-là, 02:30 revient deux fois .*la première fois/);
    await when.fill("2027-10-31T10:00");
    await notice.waitFor({ state: "detached" });
    await context.close();
  }, 60_000);

  it("after a reply sent from the keyboard, the focus is back in the reply box, not lost to the page", async () => {
    const { context, page } = await demoOwnerOnLaptop();
    await untilReceiving(page);
    await page.click('[data-testid="nav-inbox"]');
    await openDemoConversation(page, "Vous livrez le samedi ?");
    await page.fill('[data-testid="reply-text"]', "Oui, le samedi matin.");
    await page.focus('[data-testid="reply-send"]');
    await page.keyboard.press("Enter");
    await page.locator('[data-testid="message"][data-direction="out"]', { hasText: "le samedi matin" }).waitFor({ timeout: 10_000 });
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute("data-testid"))).toBe("reply-text");
    await context.close();
  }, 60_000);
});
