import { createDb, sql } from "@sillage/db";
import { DEMO_CUSTOMERS } from "@sillage/fake-graph";
import { describe, expect, it } from "vitest";
import { postTrpc, signUp, untilReceiving } from "../support/session";
import { fakeGraphSuite } from "../support/suite";

// Issue 17: customers' messages are embedded and clustered by the server's worker (the daily job's per-workspace run,
// added here by hand rather than waiting for 03:00); /analytics/topics shows chips, and a message opens its conversation.
const suite = fakeGraphSuite();

const GROUPS = [
  ["Where is my parcel?", "My parcel has not arrived", "Parcel delivery is late", "When will my parcel be delivered?", "Tracking says parcel lost", "Parcel still not here", "Is my parcel on the way?", "Parcel delivery delayed again", "No news about my parcel", "The parcel tracking is stuck", "Parcel never came", "I am waiting for my parcel"],
  ["I forgot my password", "Password reset does not work", "How do I change my password?", "Reset password email never came", "My password is not accepted", "Locked out, password wrong", "Need a new password", "Password change failed", "Can't remember my password", "Password reset link expired", "Wrong password again", "Help with password reset"],
  ["Do you have this dress in red?", "Is the red dress available?", "Dress colour options please", "Can I get the dress in blue?", "Which colours for the summer dress?", "Red dress in size M?", "Dress available in black?", "Any other colour for this dress?", "Is the dress sold in green?", "Dress colours in stock?", "Do you have the dress in white?", "Colour choice for the long dress"],
];

describe("topics", () => {
  it("shows an empty state saying when topics come, then chips after the run; a message opens its conversation", async () => {
    const shop = suite.fake.control.createInstagramAccount({ variant: "instagram", username: "maison.topics", humanAgent: true });
    // A French browser: the workspace is created in French (the language the owner signed up in).
    const context = await suite.browser.newContext({ locale: "fr-FR", timezoneId: "Europe/Paris", viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await signUp(page, suite.server.url, { name: "Lou Bernard", email: "lou.topics@example.com", password: "une phrase de passe longue", workspaceName: "Maison Topics" });
    expect(await postTrpc(page, "channels.connectInstagram", { accessToken: shop.token, humanAgent: true })).toBe(200);
    await untilReceiving(page);
    suite.fake.control.seedDemoCustomers({ igUserId: shop.igUserId });
    // The page is used on a phone.
    await page.setViewportSize({ width: 390, height: 844 });

    await page.goto(`${suite.server.url}/analytics/topics`);
    const empty = page.locator('[data-testid="topics-empty"]');
    await empty.waitFor();
    expect(await empty.textContent()).toMatch(/03:00.*Prochain calcul : /s); // the workspace speaks French

    const texts = GROUPS.flat();
    texts.forEach((text, i) => suite.fake.control.customerMessage({ channel: "instagram", igUserId: shop.igUserId, from: DEMO_CUSTOMERS[i % DEMO_CUSTOMERS.length]!.igsid, text }));

    const { db, close } = createDb(suite.server.databaseUrl, { max: 2 });
    try {
      await expect
        .poll(async () => (await sql<{ n: number }>`select count(*)::int as n from messages where direction = 'in'`.execute(db)).rows[0]!.n, { timeout: 30_000 })
        .toBe(texts.length);
      // The next local 03:00 (today's before 03:00, else tomorrow's): its run covers the 24 hours before it, so it
      // includes the messages just sent, whatever the hour the test runs at.
      const ws = (
        await sql<{ id: string; nextRun: string }>`select id, (((now() at time zone time_zone) - interval '3 hours')::date + 1)::text as "nextRun" from workspaces`.execute(db)
      ).rows[0]!;
      await sql`select graphile_worker.add_job('topics.cluster_workspace', ${JSON.stringify({ workspaceId: ws.id, runDate: ws.nextRun })}::json)`.execute(db);
      await expect.poll(async () => (await sql<{ n: number }>`select count(*)::int as n from clusters`.execute(db)).rows[0]!.n, { timeout: 60_000 }).toBeGreaterThanOrEqual(3);
    } finally {
      await close();
    }

    await page.reload();
    const chips = page.locator('[data-testid="topic-chip"]');
    await chips.first().waitFor();
    expect(await chips.count()).toBeGreaterThanOrEqual(3);
    const labels = (await chips.allTextContents()).join(" | ");
    expect(labels).toMatch(/parcel/i);
    expect(labels).toMatch(/password/i);
    expect(labels).toMatch(/dress/i);
    // The 7-day switch shows the same run's week.
    await page.click('[data-testid="topics-period-7d"]');
    expect(await page.locator('[data-testid="topics-period-7d"]').getAttribute("aria-pressed")).toBe("true");
    await chips.first().waitFor();

    const parcel = chips.filter({ hasText: /parcel/i }).first();
    await parcel.click();
    const item = page.locator('[data-testid="topic-item-link"]').first();
    await item.waitFor();
    const text = (await item.locator(".topic-items__text").textContent())!;
    expect(text).toMatch(/parcel/i);
    await item.click();
    await page.waitForURL(/\/inbox\?c=/);
    await page.locator('[data-testid="message-text"]', { hasText: text }).first().waitFor({ timeout: 10_000 });
    await context.close();
  });
});
