import { DEMO_CUSTOMERS } from "@sillage/fake-graph";
import { describe, expect, it } from "vitest";
import { postTrpc, signUp, untilReceiving } from "../support/session";
import { fakeGraphSuite } from "../support/suite";

// Issue 13: an Instagram customer is shown by name and picture (read from the User Profile API by the worker, the
// picture served from Sillage's media store), and the contact panel lists their other conversation.
const suite = fakeGraphSuite();

describe("who the customer is", () => {
  it("shows an Instagram customer's name and picture in the list and thread, and their past conversation in the panel", async () => {
    const emily = DEMO_CUSTOMERS.find((c) => c.username === "emilycarter.ldn")!;
    const eshop = suite.fake.control.createInstagramAccount({ variant: "instagram", username: "maison.lou", humanAgent: true });
    const popup = suite.fake.control.createInstagramAccount({ variant: "instagram", username: "maison.lou.popup", humanAgent: true });
    const context = await suite.browser.newContext({ locale: "fr-FR", timezoneId: "Europe/Paris", viewport: { width: 1400, height: 900 } });
    const page = await context.newPage();
    await signUp(page, suite.server.url, { name: "Lou Bernard", email: "lou.contacts@example.com", password: "une phrase de passe longue", workspaceName: "Maison Lou" });
    for (const account of [eshop, popup]) {
      expect(await postTrpc(page, "channels.connectInstagram", { accessToken: account.token, humanAgent: true })).toBe(200);
      await untilReceiving(page);
      suite.fake.control.seedDemoCustomers({ igUserId: account.igUserId });
    }

    // Last month at the pop-up shop, today on the e-shop's account.
    suite.fake.control.customerMessage({ channel: "instagram", igUserId: popup.igUserId, from: emily.igsid, text: "Is the pop-up open on Sunday?" });
    await page.click('[data-testid="nav-inbox"]');
    await page.waitForSelector('[data-testid="inbox"]');
    await page.locator('[data-testid="conversation-row"]', { hasText: "pop-up open on Sunday" }).waitFor({ timeout: 10_000 });
    suite.fake.control.customerMessage({ channel: "instagram", igUserId: eshop.igUserId, from: emily.igsid, text: "Do you ship to London?" });

    const row = page.locator('[data-testid="conversation-row"]', { hasText: "ship to London" });
    await row.locator('[data-testid="customer-name"]', { hasText: "Emily Carter" }).waitFor({ timeout: 10_000 });
    expect(await row.textContent()).not.toContain(emily.igsid);
    expect(await row.locator('[data-testid="customer-secondary"]').textContent()).toBe("@emilycarter.ldn");
    expect(await row.locator('[data-testid="channel-label"]').textContent()).toContain("Instagram");
    // The picture comes from Sillage's own media store (a signed link), loaded as an image.
    const avatar = row.locator('img[data-testid="customer-avatar"]');
    expect(await avatar.getAttribute("src")).toMatch(new RegExp(`^${suite.server.url}/media/`));
    await expect.poll(() => avatar.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth), { timeout: 5000 }).toBeGreaterThan(0);

    await row.click();
    const thread = page.locator('[data-testid="thread-contact"]');
    await thread.locator('[data-testid="customer-name"]', { hasText: "Emily Carter" }).waitFor();
    expect(await thread.textContent()).toContain("@emilycarter.ldn");
    expect(await thread.locator('img[data-testid="customer-avatar"]').count()).toBe(1);

    const panel = page.locator('[data-testid="contact-panel"]');
    expect(await panel.locator('[data-testid="contact-panel-name"]').textContent()).toBe("Emily Carter");
    expect(await panel.locator('[data-testid="contact-panel-username"]').textContent()).toBe("@emilycarter.ldn");
    const conversations = panel.locator('[data-testid="contact-panel-conversation"]');
    await expect.poll(() => conversations.count()).toBe(2);
    const past = conversations.filter({ hasText: "pop-up open on Sunday" });
    expect(await past.textContent()).toContain("Ouvrir cette conversation");

    // Its link opens the past conversation.
    await past.locator("a").click();
    await page.locator('[data-testid="message-text"]', { hasText: "pop-up open on Sunday" }).waitFor();
    expect(await page.locator('[data-testid="contact-panel-conversation"][data-current="true"]').textContent()).toContain("pop-up open on Sunday");
    await context.close();
  });
});
