import { createDb, sql } from "@sillage/db";
import { describe, expect, it } from "vitest";
import { signUp } from "../support/session";
import { followLink } from "../support/navigation";
import { serverSuite } from "../support/suite";

const suite = serverSuite();

describe("Settings › Plan and credits", () => {
  it("a free workspace out of credits and at its members limit sees the banner, its usage and a clear error", async () => {
    const context = await suite.browser.newContext({ locale: "fr-FR", timezoneId: "Europe/Paris" });
    const page = await context.newPage();
    const owner = { name: "Inès", email: "ines@example.com", password: "une phrase de passe longue", workspaceName: "Savonnerie Inès" };
    await signUp(page, suite.server.url, owner);
    // The rest on a phone's width.
    await page.setViewportSize({ width: 390, height: 844 });

    // An operator put the workspace on the free plan, and this period's credits are spent.
    const { db, close } = createDb(suite.server.databaseUrl);
    try {
      const ws = await db.selectFrom("workspaces").select("id").where("name", "=", owner.workspaceName).executeTakeFirstOrThrow();
      const now = new Date();
      const day = Math.min(now.getUTCDate(), 28);
      const period = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), day)).toISOString().slice(0, 10);
      await db.insertInto("workspace_plans").values({ workspace_id: ws.id, plan: "free", billing_day: day, changed_by: "e2e" }).execute();
      // The period's grant may already be there (the app's first page granted it lazily): spend whatever is left.
      await db
        .insertInto("credit_ledger")
        .values({ workspace_id: ws.id, kind: "grant", delta: 50, reason_code: "monthly_grant", reason_params: JSON.stringify({ plan: "free" }), idempotency_key: `grant:${period}`, period_start: period })
        .onConflict((oc) => oc.columns(["workspace_id", "idempotency_key"]).doNothing())
        .execute();
      const { balance } = await db.selectFrom("credit_ledger").select(sql<string>`sum(delta)`.as("balance")).where("workspace_id", "=", ws.id).executeTakeFirstOrThrow();
      await db.insertInto("credit_ledger").values({ workspace_id: ws.id, kind: "consume", delta: -Number(balance), reason_code: "ai_reply", reason_params: "{}", idempotency_key: "consume:e2e" }).execute();
    } finally {
      await close();
    }

    // The banner on every page, leading to the plan page.
    await page.goto(`${suite.server.url}/inbox`);
    const banner = page.locator('[data-testid="credits-banner"]');
    await banner.waitFor();
    expect(await banner.textContent()).toContain("Plus de crédits de réponses automatiques");
    expect(await followLink(banner.locator("a"), page.locator('[data-testid="credits-balance"]'))).toBe("/settings/billing");
    // French writes zero in the singular.
    expect(await page.textContent('[data-testid="credits-balance"]')).toContain("0 crédit restant");
    expect(await page.textContent('[data-testid="billing-plan"]')).toContain("Gratuite");
    expect(await page.textContent('[data-testid="limit-members"]')).toContain("1 sur 2");
    expect(await page.locator('[data-testid="credits-history"] tbody tr').count()).toBe(2);
    // Each movement's detail in French (the ledger stores a code), amounts as French writes them.
    const history = await page.locator('[data-testid="credits-history"] tbody tr').evaluateAll((rows) => rows.map((r) => Array.from(r.querySelectorAll("td")).slice(1).map((td) => td.textContent)));
    const grant = history.find((r) => r[0] === "Crédits du mois")!;
    expect(grant[1]).toMatch(/^\+\d{1,3}(\s\d{3})*$/);
    expect(grant[2]).toMatch(/^Crédits mensuels de l’offre (Gratuite|Pro|Business)$/);
    expect(history.map((r) => r[2])).toContain("Une réponse automatique envoyée");
    expect(history.flat().join(" ")).not.toMatch(/automatic reply|monthly credits|ai_reply|monthly_grant/);

    // Members: one invitation fits (2 of 2), the next is refused with the limit and how to lift it.
    await page.goto(`${suite.server.url}/settings#settings-members`);
    await page.click('[data-testid="invite-create"]');
    await page.locator('[data-testid="invite-link"]').waitFor();
    await page.reload();
    await page.click('[data-testid="invite-create"]');
    const error = page.getByText("Limite atteinte");
    await error.waitFor();
    expect(await error.textContent()).toMatch(/Membres.*2 sur 2.*Gratuite.*Passez à l’offre Pro/);
    await context.close();
  }, 120_000);
});
