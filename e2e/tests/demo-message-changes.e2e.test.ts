import { describe, expect, it } from "vitest";
import { DEMO_ACCOUNT, signIn, untilReceiving } from "../support/session";
import { serverSuite } from "../support/suite";

// SILLAGE_DEMO=1: the shop owner trying the product plays the customer editing, then unsending, their last message;
// the built-in fake sends Meta's webhooks and the open thread shows "modifié", then "Message retiré par le client".
const suite = serverSuite({ SILLAGE_DEMO: "1" });

describe("demo: the customer edits, then unsends, their last message", () => {
  it("from the simulator, the thread follows live", async () => {
    const context = await suite.browser.newContext({ locale: "fr-FR", timezoneId: "Europe/Paris" });
    const page = await context.newPage();
    await signIn(page, suite.server.url, DEMO_ACCOUNT);
    await untilReceiving(page);
    await page.click('[data-testid="nav-inbox"]');
    const simulator = page.locator('[data-testid="demo-simulator"]');
    await simulator.waitFor();
    // Nothing to change before a conversation is open.
    expect(await page.locator('[data-testid="demo-change"]').count()).toBe(0);

    await page.selectOption('[data-testid="demo-kind"]', "instagram_message");
    await page.fill('[data-testid="demo-text"]', "La robe bleue existe en 38 ?");
    await page.click('[data-testid="demo-send"]');
    const row = page.locator('[data-testid="conversation-row"]', { hasText: "La robe bleue existe en 38" });
    await row.waitFor({ timeout: 15_000 });
    await row.click();

    const change = page.locator('[data-testid="demo-change"]');
    await change.waitFor();
    expect(await change.locator('[data-testid="demo-change-target"]').textContent()).toBe("La robe bleue existe en 38 ?");
    expect(await change.locator('[data-testid="demo-edit"]').textContent()).toBe("Simuler une modification");
    expect(await change.locator('[data-testid="demo-unsend"]').textContent()).toBe("Simuler un retrait");

    await page.fill('[data-testid="demo-edit-text"]', "La robe bleue existe en 40 ?");
    await page.click('[data-testid="demo-edit"]');
    const edited = page.locator('[data-testid="message"]', { hasText: "La robe bleue existe en 40 ?" });
    await edited.locator('[data-testid="message-edited"]').waitFor({ timeout: 15_000 });
    expect(await edited.locator('[data-testid="message-edited"] summary').textContent()).toBe("modifié");
    // The simulator follows the thread: the message to change is the edited one.
    await expect.poll(() => change.locator('[data-testid="demo-change-target"]').textContent()).toBe("La robe bleue existe en 40 ?");

    await page.click('[data-testid="demo-unsend"]');
    await page.locator('[data-testid="message-unsent"]').waitFor({ timeout: 15_000 });
    expect(await page.locator('[data-testid="message-unsent"]').textContent()).toBe("Message retiré par le client");
    // Taken back: nothing left to edit or unsend.
    await change.waitFor({ state: "detached" });
    await context.close();
  });
});
