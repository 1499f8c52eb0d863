import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { postTrpc, signUp, untilReceiving } from "../support/session";
import { serverSuite } from "../support/suite";

// Fifth walk-through: a new French shop owner's first day on a phone (390×844). What got in the way, fixed.
const suite = serverSuite({ SILLAGE_DEMO: "1" });
const PHONE = { width: 390, height: 844 };

async function newOwner(email: string): Promise<Page> {
  const context = await suite.browser.newContext({ locale: "fr-FR", timezoneId: "Europe/Paris", viewport: PHONE, isMobile: true, hasTouch: true });
  const page = await context.newPage();
  await signUp(page, suite.server.url, { name: "Inès Marchand", email, password: "une phrase de passe longue", workspaceName: "Boutique Inès" });
  return page;
}

/** Whether the element lies within the phone's width (not pushed out of a table's box, to be scrolled to). */
async function withinScreen(page: Page, selector: string): Promise<boolean> {
  const box = (await page.locator(selector).first().boundingBox())!;
  return box.x >= 0 && box.x + box.width <= PHONE.width;
}

describe("a new shop owner's first day on a phone", () => {
  it("a first rule asks for a name and words; priority, regular expressions and thresholds wait behind a fold", async () => {
    const page = await newOwner("walk5-rule@example.com");
    await page.goto(`${suite.server.url}/ai-control`);
    await page.locator('[data-testid="rule-name"]').waitFor();
    for (const basic of ["rule-type", "rule-name", "rule-keywords", "rule-examples", "rule-enabled"]) {
      expect(await page.locator(`[data-testid="${basic}"]`).isVisible(), basic).toBe(true);
    }
    for (const advanced of ["rule-priority", "rule-patterns", "rule-similarity", "rule-confidence"]) {
      expect(await page.locator(`[data-testid="${advanced}"]`).isVisible(), advanced).toBe(false);
    }
    await page.locator('[data-testid="rule-advanced"] summary').click();
    expect(await page.locator('[data-testid="rule-patterns"]').isVisible()).toBe(true);
    // A minimum confidence applies to automatic replies only: asked of those alone (walk6).
    expect(await page.locator('[data-testid="rule-confidence"]').count()).toBe(0);
    await page.selectOption('[data-testid="rule-type"]', "auto");
    expect(await page.locator('[data-testid="rule-confidence"]').isVisible()).toBe(true);
    await page.context().close();
  }, 60_000);

  it("the rules and the knowledge base read as cards on a phone: each one's buttons in view, nothing to scroll sideways", async () => {
    const page = await newOwner("walk5-cards@example.com");
    await page.goto(`${suite.server.url}/ai-control`);
    await page.fill('[data-testid="kb-title"]', "FAQ de la boutique");
    await page.fill('[data-testid="kb-text"]', "Quels sont vos horaires ? Du mardi au samedi, de 10 h à 19 h.");
    await page.click('[data-testid="kb-add"]');
    await page.fill('[data-testid="rule-name"]', "Suivi de commande");
    await page.fill('[data-testid="rule-keywords"]', "commande, colis");
    await page.click('[data-testid="rule-save"]');
    await page.locator('[data-testid="rule-row"]').waitFor();
    await page.locator('[data-testid="kb-table"] tbody tr').waitFor();
    for (const table of ["rules-table", "kb-table"]) {
      const wrap = page.locator(".table-wrap", { has: page.locator(`[data-testid="${table}"]`) });
      const { scroll, client } = await wrap.evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth }));
      expect(scroll, table).toBeLessThanOrEqual(client);
    }
    expect(await withinScreen(page, '[data-testid="rule-edit"]')).toBe(true);
    expect(await withinScreen(page, '[data-testid="kb-remove"]')).toBe(true);
    // The card is headed by what it is about, and its lines say what they are.
    const rule = page.locator('[data-testid="rule-row"]');
    expect(await rule.locator("td").evaluateAll((cells) => cells.map((c) => c.getBoundingClientRect().top)).then((tops) => tops.indexOf(Math.min(...tops)))).toBe(1);
    expect(await rule.locator('td[data-label="Priorité"]').count()).toBe(1);
    // The rule made here hands over to a person: no « Confiance minimale — » line on its card (walk6).
    expect(await rule.locator('td[data-label="Confiance minimale"]').count()).toBe(0);
    expect(await rule.locator("td:visible").allInnerTexts()).not.toContain("—");
    await page.context().close();
  }, 60_000);

  it("in the conversation list, the customer's message has a line of its own, not a few letters beside the badges", async () => {
    const page = await newOwner("walk5-inbox@example.com");
    await page.goto(`${suite.server.url}/settings/channels`);
    await page.click('[data-testid="connect-whatsapp-sandbox"]');
    await page.locator('[data-testid="connect-whatsapp-sandbox-done"]').waitFor({ timeout: 15_000 });
    await untilReceiving(page);
    // Decided a second after the customer's last message, not the default eight.
    expect(await postTrpc(page, "workspace.update", { burstWindowSeconds: 1 })).toBe(200);
    await page.goto(`${suite.server.url}/ai-control`);
    await page.click('[data-testid="ai-switch"]');
    await page.locator('[data-testid="ai-control-summary"][data-state="on"]').waitFor();
    await page.goto(`${suite.server.url}/inbox`);
    const text = "J’ai reçu mon sac avec la bandoulière cassée, c’est inadmissible";
    await page.fill('[data-testid="demo-text"]', text);
    await page.click('[data-testid="demo-send"]');
    const row = page.locator('[data-testid="conversation-row"]', { hasText: "inadmissible" });
    // Escalated: its decision's badge sits on the row beside the channel.
    await row.locator(".badge").first().waitFor({ timeout: 15_000 });
    const preview = row.locator('[data-testid="conversation-preview"]');
    // On the phone, and in the laptop's 340 px column beside the thread.
    for (const [viewport, least] of [
      [PHONE, 280],
      [{ width: 1280, height: 800 }, 250],
    ] as const) {
      await page.setViewportSize(viewport);
      await expect.poll(async () => (await preview.boundingBox())!.width, { message: `${viewport.width} px` }).toBeGreaterThan(least);
      // The row is as tall as what it holds: nothing drawn over the next one.
      const rowBox = (await row.boundingBox())!;
      const slot = (await row.locator("xpath=..").boundingBox())!;
      expect(rowBox.height).toBeLessThanOrEqual(slot.height + 0.5);
    }
    await page.context().close();
  }, 90_000);
});
