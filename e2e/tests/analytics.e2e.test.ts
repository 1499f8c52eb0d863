import { createDb, sql } from "@sillage/db";
import { kpiAggregateJob } from "@sillage/kpis";
import { enqueue } from "@sillage/queue";
import { describe, expect, it } from "vitest";
import { postTrpc, queryTrpc, signUp, untilReceiving } from "../support/session";
import { fakeGraphSuite } from "../support/suite";

// Customers write through the fake Graph API; the server's own worker runs the KPI job; the SPA shows the figures.
const suite = fakeGraphSuite();

describe("/analytics", () => {
  it("shows the KPI cards and the 48 h chart with the windows the job computed", async () => {
    const wa = suite.fake.control.createWhatsAppAccount({ windowMode: "async", verifiedName: "Boutique Kpi" });
    const context = await suite.browser.newContext({ locale: "fr-FR", timezoneId: "Europe/Paris" });
    const page = await context.newPage();
    await signUp(page, suite.server.url, { name: "Kim Pi", email: "kim@example.com", password: "une phrase de passe longue", workspaceName: "Boutique Kpi" });
    expect(await postTrpc(page, "channels.connectWhatsApp", { phoneNumberId: wa.phoneNumberId, wabaId: wa.wabaId, accessToken: wa.token })).toBe(200);
    await untilReceiving(page);

    // Before any message: the empty state says what will appear.
    await page.click('[data-testid="nav-analytics"]');
    await page.getByText("Pas encore de chiffres sur les 48 dernières heures").waitFor();
    const zone = page.locator('[data-testid="kpi-zone"]');
    expect(await zone.textContent()).toContain("fuseau : heure d’Europe centrale (00–02");
    expect(await zone.getAttribute("title")).toBe("Europe/Paris");

    for (const [i, text] of ["Bonjour, avez-vous la robe en 38 ?", "Et livrez-vous en Belgique ?", "Quels horaires ?"].entries()) {
      suite.fake.control.customerMessage({ channel: "whatsapp", phoneNumberId: wa.phoneNumberId, from: `3361100000${i}`, text });
    }
    const { db, close } = createDb(suite.server.databaseUrl);
    try {
      await expect.poll(async () => (await sql<{ n: number }>`select count(*)::int as n from messages where direction = 'in'`.execute(db)).rows[0]!.n, { timeout: 15_000 }).toBe(3);
      // The cards cover the 24 windows that ended: move the messages three hours back (stored time), as if written then.
      await sql`update messages set platform_timestamp = platform_timestamp - interval '3 hours'`.execute(db);
      await enqueue(db, kpiAggregateJob, { reason: "manual" });
      type Summary = { current: { values: { messages_count: number } } };
      await expect.poll(async () => (await queryTrpc<Summary>(page, "analytics.summary", {})).current.values.messages_count, { timeout: 15_000 }).toBe(3);
    } finally {
      await close();
    }

    await page.reload();
    const card = page.locator('[data-testid="kpi-card-messages_count"]');
    await card.waitFor();
    expect(await card.locator(".kpi-card__value").textContent()).toBe("3");
    // Against D-7 (nothing then): +3, an arrow up, and no "better / worse" colour for a volume.
    const delta = card.locator(".kpi-card__delta");
    expect(await delta.textContent()).toMatch(/↑ \+3 par rapport aux mêmes 48 h une semaine plus tôt/);
    expect(await delta.getAttribute("class")).toContain("kpi-card__delta--neutral");
    // The response time has no turn answered: a dash, not zero.
    expect(await page.locator('[data-testid="kpi-card-frt_p50_seconds"] .kpi-card__value').textContent()).toBe("—");
    // The chart (uPlot draws on a canvas) with both series in its legend, and its table twin.
    const chart = page.locator('[data-testid="kpi-chart"]');
    await chart.locator("canvas").waitFor();
    expect(await chart.locator(".u-legend").textContent()).toContain("J-7");
    await page.locator(".kpi-table summary").click();
    expect(await page.locator(".kpi-table tbody tr").count()).toBe(24);
    expect(await page.locator(".kpi-table tbody", { hasText: "3" }).count()).toBe(1);
    // Definitions as tooltips.
    await card.locator(".kpi-tip__button").focus();
    expect(await card.getByRole("tooltip").textContent()).toMatch(/Messages envoyés par les clients/);
    // CSV export of the windows.
    const [download] = await Promise.all([page.waitForEvent("download"), page.click('[data-testid="kpi-export"]')]);
    expect(download.suggestedFilename()).toMatch(/^sillage-kpis-.*\.csv$/);
    await context.close();
  });
});
