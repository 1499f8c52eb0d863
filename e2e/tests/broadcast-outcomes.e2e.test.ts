import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { postTrpc, signUp } from "../support/session";
import { fakeGraphSuite } from "../support/suite";

// The fake Graph API runs in this test process: the test makes one recipient's send fail, as Meta would.
const suite = fakeGraphSuite();

/** A tRPC query from the page (session and workspace as the SPA sends them); resolves to its data. */
async function queryTrpc<T>(page: Page, procedure: string): Promise<T> {
  return page.evaluate(async (procedure) => {
    const res = await fetch(`/trpc/${procedure}`, { headers: { "x-sillage-workspace": localStorage.getItem("sillage.workspace") ?? "" } });
    return ((await res.json()) as { result: { data: { json: unknown } } }).result.data.json;
  }, procedure) as Promise<T>;
}

describe("a WhatsApp broadcast's outcome", () => {
  it("reads 'published to 2 of 3' in the post's detail, with who was not reached and why", async () => {
    const wa = suite.fake.control.createWhatsAppAccount({ templates: [{ name: "promo", language: "fr", bodyText: "Bonjour {{1}}" }] });
    const context = await suite.browser.newContext({ locale: "fr-FR", timezoneId: "Europe/Paris" });
    const page = await context.newPage();
    await signUp(page, suite.server.url, { name: "Lou Bernard", email: "lou.broadcast@example.com", password: "une phrase de passe longue", workspaceName: "Boutique Lou" });
    expect(await postTrpc(page, "channels.connectWhatsApp", { phoneNumberId: wa.phoneNumberId, wabaId: wa.wabaId, accessToken: wa.token })).toBe(200);
    const [channel] = await queryTrpc<{ id: string }[]>(page, "channels.list");

    // The second recipient cannot be reached (131026); the first and third get it.
    suite.fake.control.injectFault({ kind: "permanent", code: 131026, match: { operation: "whatsapp.send" }, skip: 1 });
    const post = {
      channelIds: [channel!.id],
      timeZone: "Europe/Paris",
      publishAt: new Date(Date.now() + 1000).toISOString(),
      content: { whatsapp: { template: { name: "promo", language: "fr", bodyParams: ["Inès"] }, audience: { phones: ["+33 6 12 00 00 01", "33612000002", "0033612000003"] } } },
    };
    expect(await postTrpc(page, "posts.create", post)).toBe(200);
    await expect.poll(() => suite.fake.control.sentMessages({ channel: "whatsapp" }).map((m) => m.to), { timeout: 15_000 }).toEqual(["33612000001", "33612000003"]);

    await page.click('[data-testid="nav-schedule"]');
    await page.click('[data-testid="schedule-view-list"]');
    await page.locator('[data-testid="post-row"][data-status="published"]').first().click();
    const detail = page.locator('[data-testid="post-detail"]');
    await detail.waitFor();
    const summary = detail.locator('[data-testid="delivery-summary"]');
    await expect.poll(() => summary.textContent(), { timeout: 10_000 }).toContain("Publiée pour 2 destinataires sur 3");
    expect(await summary.textContent()).toContain("Échec 1");
    const rows = detail.locator('[data-testid="recipient"]');
    expect(await rows.count()).toBe(3);
    // Not reached first, with the reason in words; the others after.
    expect(await rows.nth(0).getAttribute("data-status")).toBe("failed");
    expect(await rows.nth(0).textContent()).toContain("+33612000002");
    // In the reader's language (the error kind, coded), not the connector's English.
    expect(await rows.nth(0).textContent()).toContain("Le message ne peut pas être remis à ce destinataire.");
    expect(await rows.nth(0).textContent()).not.toContain("cannot be delivered");
    expect(await rows.nth(1).getAttribute("data-status")).toBe("sent");
    await context.close();
  });
});
