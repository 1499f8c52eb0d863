import { createDb, sql } from "@sillage/db";
import { describe, expect, it } from "vitest";
import { signUp } from "../support/session";
import { serverSuite } from "../support/suite";

const suite = serverSuite();

describe("notifications: the bell", () => {
  it("shows a post that failed for good live, in French, with its reason; opening it marks it read; switched off in Settings › Notifications it leaves the bell", async () => {
    const context = await suite.browser.newContext({ locale: "fr-FR", timezoneId: "Europe/Paris" });
    const page = await context.newPage();
    await signUp(page, suite.server.url, { name: "Nina Roux", email: "nina@example.com", password: "une phrase de passe longue", workspaceName: "Atelier Nina" });
    await page.goto(`${suite.server.url}/schedule`);
    const bell = page.locator('[data-testid="notifications-bell"]');
    await bell.waitFor();
    expect(await page.locator('[data-testid="notifications-bell-count"]').count()).toBe(0);

    // The publishing runner gave up on a post (stored as it stores one); the scan the minute cron runs is queued now.
    const { db, close } = createDb(suite.server.databaseUrl);
    try {
      const ws = (await db.selectFrom("workspaces").select("id").where("name", "=", "Atelier Nina").executeTakeFirstOrThrow()).id;
      const channel = (
        await db
          .insertInto("channels")
          .values({ workspace_id: ws, platform: "instagram", display_name: "atelier.nina", external_id: "ig-e2e", token_ciphertext: Buffer.from("x"), token_key_id: "k" })
          .returning("id")
          .executeTakeFirstOrThrow()
      ).id;
      const post = (
        await db
          .insertInto("scheduled_posts")
          .values({ workspace_id: ws, content: JSON.stringify({ text: "Nouvelle collection d’automne" }), time_zone: "Europe/Paris", publish_at: new Date(Date.now() - 3_600_000) })
          .returning("id")
          .executeTakeFirstOrThrow()
      ).id;
      await db
        .insertInto("post_publications")
        .values({ workspace_id: ws, post_id: post, channel_id: channel, due_at: new Date(Date.now() - 3_600_000), status: "failed", failed_at: new Date(), error_class: "invalid_media", error_message: "The image was refused", status_reason_code: "publication.ig_aspect_ratio", status_reason_params: JSON.stringify({}) })
        .execute();
      await sql`select sillage.add_job('notifications.scan', ${JSON.stringify({ workspaceId: ws })}::json, null, null, null, null, null, null)`.execute(db);
    } finally {
      await close();
    }

    // No reload: the count arrives through the workspace stream.
    const count = page.locator('[data-testid="notifications-bell-count"]');
    await count.waitFor({ timeout: 20_000 });
    expect(await count.textContent()).toBe("1");
    await bell.click();
    const item = page.locator('[data-testid="notifications-list"] li[data-kind="publication_failed"]');
    await item.waitFor();
    // Which post (its caption's start, its channel, when it was due) and why, as its detail says it, in French.
    await expect
      .poll(() => item.locator(".notif__text").textContent())
      .toMatch(/^« Nouvelle collection d’automne » sur atelier\.nina, prévue le .+, n’a pas pu être publiée : Instagram a refusé les proportions de l’image/);
    expect(await item.locator("button").textContent()).toBe("Réessayer");
    await item.locator("a").click();
    await page.waitForURL((url) => url.pathname === "/schedule");
    await count.waitFor({ state: "detached", timeout: 10_000 });

    // Settings › Notifications: switching the kind off in the app takes it out of the bell.
    await page.goto(`${suite.server.url}/settings/notifications`);
    const inApp = page.getByLabel("Une publication a échoué — Dans l’application");
    await inApp.waitFor();
    expect(await inApp.isChecked()).toBe(true);
    // The box follows the server's answer (no optimistic state), so click and wait for it.
    await inApp.click();
    await expect.poll(() => inApp.isChecked(), { timeout: 10_000 }).toBe(false);
    await bell.click();
    await page.locator(".notif__empty").waitFor();
    await context.close();
  });
});
