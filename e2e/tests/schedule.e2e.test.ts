import { describe, expect, it } from "vitest";
import { DEMO_ACCOUNT, signIn } from "../support/session";
import { serverSuite } from "../support/suite";

// SILLAGE_DEMO=1: the server runs the fake Graph API in-process and seeds a demo workspace with an Instagram account.
const suite = serverSuite({ SILLAGE_DEMO: "1", WORKER_POLL_INTERVAL_MS: "200" });

/** A JPEG header of 20×16 (5:4), small enough to inline: what Instagram accepts. */
const JPEG = Buffer.from([
  0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00,
  0xff, 0xc0, 0x00, 0x11, 0x08, 0x00, 0x10, 0x00, 0x14, 0x03, 0x01, 0x22, 0x00, 0x02, 0x11, 0x01, 0x03, 0x11, 0x01, 0xff, 0xd9,
]);

/** "YYYY-MM-DDTHH:mm" of an instant in a zone: the composer takes a time to the minute. */
function wallTime(d: Date, timeZone: string): string {
  const p = Object.fromEntries(
    new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23" })
      .formatToParts(d)
      .map((x) => [x.type, x.value]),
  );
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}`;
}

describe("Schedule", () => {
  it("composes an Instagram post due at the next minute and watches it turn Published live", async () => {
    const context = await suite.browser.newContext({ locale: "en-GB", timezoneId: "America/New_York" });
    const page = await context.newPage();
    await signIn(page, suite.server.url, DEMO_ACCOUNT);
    await page.waitForSelector('[data-testid="calendar-grid"]');
    // The zone reads as people say it; its IANA id stays in the title.
    const zoneName = page.locator('[data-testid="schedule-zone-name"]');
    const zone = (await zoneName.getAttribute("title")) ?? "";
    expect(zone).toBe("Europe/Paris"); // the demo workspace's
    expect(await zoneName.textContent()).toBe("Fuseau : heure d’Europe centrale"); // the demo workspace speaks French

    await page.click('[data-testid="schedule-new"]');
    const composer = page.locator('[data-testid="post-composer"]');
    await composer.waitFor();
    await composer.locator('input[data-platform="instagram"]').first().check();
    await composer.locator('[data-testid="composer-text"]').fill("Les nouveautés arrivent #printemps");
    await expect.poll(() => composer.locator('[data-testid="counter-instagram"]').textContent()).toContain("/ 2200");
    await composer.locator('[data-testid="composer-media"]').setInputFiles({ name: "photo.jpg", mimeType: "image/jpeg", buffer: JPEG });
    await composer.locator('[data-testid="composer-media-item"] img').waitFor();
    // The time is entered in the workspace's zone (shown), whatever the browser's own zone, to the minute: the next
    // whole minute at least 5 s ahead, so the post is seen queued before it goes out.
    const due = new Date(Math.ceil((Date.now() + 5000) / 60_000) * 60_000);
    const when = composer.locator('[data-testid="composer-datetime"]');
    expect(await when.inputValue()).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/);
    expect(await when.getAttribute("step")).toBe("60");
    await when.fill(wallTime(due, zone));
    await composer.locator('[data-testid="composer-submit"]').click();

    const detail = page.locator('[data-testid="post-detail"]');
    await detail.waitFor();
    const publication = detail.locator('[data-testid="publication"]');
    expect(await publication.getAttribute("data-status")).toBe("queued");
    // No reload: the status arrives over the live event stream.
    await expect.poll(() => publication.getAttribute("data-status"), { timeout: 90_000, interval: 250 }).toBe("published");
    expect(await detail.locator('[data-testid="post-status"]').textContent()).toBe("Publiée"); // the demo workspace speaks French
    expect(await detail.locator('[data-testid="runs-table"] tbody tr').count()).toBe(1);
    // The run's state and its last step in words, not the worker's codes (success, published).
    const run = await detail.locator('[data-testid="runs-table"] tbody td').allTextContents();
    expect(run.slice(3, 5)).toEqual(["Réussie", "Publiée"]);
    const postId = await detail.getAttribute("data-post-id");

    await page.keyboard.press("Escape");
    const chip = page.locator(`[data-testid="post-chip"][data-post-id="${postId}"]`);
    await expect.poll(() => chip.getAttribute("data-status"), { timeout: 10_000 }).toBe("published");

    // The list view shows it too, and the recurrence builder previews occurrences in plain words.
    await page.click('[data-testid="schedule-view-list"]');
    await page.locator('[data-testid="post-row"][data-status="published"]').first().waitFor();
    await page.click('[data-testid="schedule-new"]');
    await page.click('[data-testid="composer-mode-repeat"]');
    await page.locator('[data-testid="composer-rrule-end"]').selectOption("count");
    await page.locator('[data-testid="composer-datetime"]').fill("2030-03-29T09:00");
    await expect.poll(() => page.locator('[data-testid="composer-preview-item"]').count(), { timeout: 10_000 }).toBe(5);
    expect(await page.locator('[data-testid="composer-preview"]').textContent()).toContain("Tous les jours à 09:00, 5 fois");

    // Saved, the series stores only its next occurrence; the calendar still shows all five (the later ones planned).
    const [year, month] = wallTime(new Date(), zone).split("-").map(Number) as [number, number];
    const target = new Date(Date.UTC(year, month - 1 + 2, 10));
    const start = `${target.toISOString().slice(0, 10)}T09:00`;
    const seriesComposer = page.locator('[data-testid="post-composer"]');
    await seriesComposer.locator('input[data-platform="instagram"]').first().check();
    await seriesComposer.locator('[data-testid="composer-text"]').fill("Chaque matin, la sélection du jour");
    await seriesComposer.locator('[data-testid="composer-media"]').setInputFiles({ name: "photo.jpg", mimeType: "image/jpeg", buffer: JPEG });
    await seriesComposer.locator('[data-testid="composer-media-item"] img').waitFor();
    await seriesComposer.locator('[data-testid="composer-datetime"]').fill(start);
    await seriesComposer.locator('[data-testid="composer-submit"]').click();
    await detail.waitFor();
    await expect.poll(() => detail.locator('[data-testid="post-upcoming"] li').count(), { timeout: 10_000 }).toBe(5);
    const seriesId = await detail.getAttribute("data-post-id");
    expect(await detail.locator('[data-testid="publication"]').count()).toBe(1);
    await page.keyboard.press("Escape");
    // The calendar went to the saved post's date (two months ahead): its month view shows the series.
    await page.click('[data-testid="schedule-view-month"]');
    const chips = page.locator(`[data-testid="post-chip"][data-post-id="${seriesId}"]`);
    await expect.poll(() => chips.count(), { timeout: 10_000 }).toBe(5);
    const statuses = await chips.evaluateAll((els) => els.map((e) => e.getAttribute("data-status")));
    expect(statuses).toEqual(["queued", "planned", "planned", "planned", "planned"]);
    await context.close();
  }, 180_000);

  it("shows a server error on a nested field next to it: the bad phone number of a broadcast, with its line", async () => {
    const context = await suite.browser.newContext({ locale: "en-GB" });
    const page = await context.newPage();
    await signIn(page, suite.server.url, DEMO_ACCOUNT);
    await page.waitForSelector('[data-testid="calendar-grid"]');
    await page.click('[data-testid="schedule-new"]');
    const composer = page.locator('[data-testid="post-composer"]');
    await composer.waitFor();
    await composer.locator('input[data-platform="whatsapp"]').first().check();
    await composer.locator('[data-testid="composer-text"]').fill("Nouvelle collection en boutique");
    const phones = composer.locator('[data-testid="composer-wa-phones"]');
    await phones.fill("33611111111\n12");
    await composer.locator('[data-testid="composer-datetime"]').fill("2031-03-10T09:00");
    await composer.locator('[data-testid="composer-submit"]').click();
    // The server answers `content.whatsapp.audience.phones.1`: the field shows it as the second line's error.
    await expect.poll(() => phones.getAttribute("aria-invalid"), { timeout: 10_000 }).toBe("true");
    const errorId = (await phones.getAttribute("aria-describedby"))!;
    expect(await page.locator(`[id="${errorId}"]`).textContent()).toBe("#2: « 12 » n’est pas un numéro de téléphone valide : écrivez-le au format international, avec l’indicatif du pays (+33 6 12 34 56 78).");
    await context.close();
  });
});
