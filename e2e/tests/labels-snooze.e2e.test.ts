import { describe, expect, it } from "vitest";
import { postTrpc, signUp, untilReceiving } from "../support/session";
import { fakeGraphSuite } from "../support/suite";

// Labels and snooze (issue 13), from the thread header: the admin creates a label and puts it on a conversation, the
// list row shows it and the label filter keeps only that conversation; snoozing it for an hour takes it out of the list
// and into "En pause", and the customer writing again brings it back. Customers are played through the fake Graph.
const suite = fakeGraphSuite();

describe("labels and snooze in the inbox", () => {
  it("label a conversation and filter by it; snooze it and see it leave the list until the customer writes", async () => {
    const wa = suite.fake.control.createWhatsAppAccount({ windowMode: "async", verifiedName: "Boutique Léa" });
    const context = await suite.browser.newContext({ locale: "fr-FR", timezoneId: "Europe/Paris" });
    const page = await context.newPage();
    await signUp(page, suite.server.url, { name: "Léa Martin", email: "lea@example.com", password: "une phrase de passe longue", workspaceName: "Boutique Léa" });
    expect(await postTrpc(page, "channels.connectWhatsApp", { phoneNumberId: wa.phoneNumberId, wabaId: wa.wabaId, accessToken: wa.token })).toBe(200);
    await untilReceiving(page);
    suite.fake.control.customerMessage({ channel: "whatsapp", phoneNumberId: wa.phoneNumberId, from: "33612300041", name: "Jeanne Durand", text: "Bonjour, ma commande ?" });
    suite.fake.control.customerMessage({ channel: "whatsapp", phoneNumberId: wa.phoneNumberId, from: "33612300042", name: "Paul Morel", text: "Bonjour, un échange ?" });

    await page.click('[data-testid="nav-inbox"]');
    const rows = page.locator('[data-testid="conversation-row"]');
    const jeanne = rows.filter({ hasText: "Jeanne Durand" });
    await expect.poll(() => rows.count(), { timeout: 15_000 }).toBe(2);

    // Label: created from the thread header's menu and put on Jeanne's conversation.
    await jeanne.click();
    await page.click('[data-testid="thread-labels"] summary');
    await page.fill('[data-testid="label-new-name"]', "VIP");
    await page.click('[data-testid="label-create"]');
    await expect.poll(() => page.locator('[data-testid="thread-header"] [data-testid="label-chip"]').allTextContents()).toEqual(["VIP"]);
    await expect.poll(() => jeanne.locator('[data-testid="label-chip"]').allTextContents()).toEqual(["VIP"]);

    // The label filter keeps only Jeanne.
    await page.selectOption('[data-testid="inbox-filter-label"]', { label: "VIP" });
    await expect.poll(() => rows.allTextContents()).toEqual([expect.stringContaining("Jeanne Durand")]);
    await page.selectOption('[data-testid="inbox-filter-label"]', "");
    await expect.poll(() => rows.count()).toBe(2);

    // Snooze for an hour: Jeanne leaves the list and shows under "En pause".
    await page.click('[data-testid="thread-snooze"] summary');
    await page.click('[data-testid="snooze-hour"]');
    await page.locator('[data-testid="thread-snoozed"]').waitFor();
    await expect.poll(() => rows.allTextContents()).toEqual([expect.stringContaining("Paul Morel")]);
    await page.check('[data-testid="inbox-filter-snoozed"]');
    await expect.poll(() => rows.allTextContents()).toEqual([expect.stringContaining("Jeanne Durand")]);
    await page.uncheck('[data-testid="inbox-filter-snoozed"]');

    // The customer writes again: the conversation wakes at once and is back in the list.
    suite.fake.control.customerMessage({ channel: "whatsapp", phoneNumberId: wa.phoneNumberId, from: "33612300041", name: "Jeanne Durand", text: "Vous êtes là ?" });
    await expect.poll(() => rows.count(), { timeout: 15_000 }).toBe(2);
    await context.close();
  });
});
