/**
 * Scheduling at the level users expect (issue 16): a PNG dropped in the composer becomes an Instagram JPEG and the
 * composer says so, with a preview of the post (crop, folded caption); a post dragged to another hour in the week
 * view moves; one date of a series is skipped; the phone gets an agenda with each post's status.
 */
import sharp from "sharp";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { DEMO_ACCOUNT, postTrpc, signIn, signUp } from "../support/session";
import { fakeGraphSuite, serverSuite } from "../support/suite";

// SILLAGE_DEMO=1: the demo workspace (French, Europe/Paris) with an Instagram account on the built-in fake Graph API.
const suite = serverSuite({ SILLAGE_DEMO: "1" });
const ZONE = "Europe/Paris";
// A server on a fake Graph API this test drives: a WhatsApp number with an approved template.
const waSuite = fakeGraphSuite();

/** A one-colour PNG, encoded by sharp (the library the server converts uploads with). */
function png(width: number, height: number): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: { r: 136, g: 136, b: 136 } } }).png().toBuffer();
}

/** A tRPC call from the page, with its session and workspace; resolves to the result. */
async function trpc<T>(page: Page, kind: "query" | "mutation", procedure: string, input: unknown): Promise<T> {
  const body = await page.evaluate(
    async ({ kind, procedure, input }) => {
      const headers = { "content-type": "application/json", "x-sillage-workspace": localStorage.getItem("sillage.workspace") ?? "" };
      const res =
        kind === "query"
          ? await fetch(`/trpc/${procedure}?input=${encodeURIComponent(JSON.stringify({ json: input }))}`, { headers })
          : await fetch(`/trpc/${procedure}`, { method: "POST", headers, body: JSON.stringify({ json: input }) });
      return (await res.json()) as { result?: { data: { json: unknown } }; error?: unknown };
    },
    { kind, procedure, input },
  );
  if (!body.result) throw new Error(`${procedure} failed: ${JSON.stringify(body.error)}`);
  return body.result.data.json as T;
}

/** "YYYY-MM-DDTHH:mm" of an instant in a zone. */
function wallTime(d: Date, timeZone: string): string {
  const p = Object.fromEntries(
    new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).formatToParts(d).map((x) => [x.type, x.value]),
  );
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}`;
}

/** The Monday, 7 days from now's week, as a day key in Paris: a week entirely in the future. */
function nextWeekMonday(): string {
  const day = wallTime(new Date(Date.now() + 7 * 86_400_000), ZONE).slice(0, 10);
  const d = new Date(`${day}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7));
  return d.toISOString().slice(0, 10);
}
const plusDays = (day: string, n: number) => new Date(Date.parse(`${day}T12:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

async function instagramOf(page: Page): Promise<string> {
  const channels = await trpc<{ id: string; platform: string }[]>(page, "query", "channels.list", undefined);
  return channels.find((c) => c.platform === "instagram")!.id;
}

describe("Scheduling (issue 16)", () => {
  it("converts a PNG in the composer, says so, and previews the Instagram post with its crop and folded caption", async () => {
    const context = await suite.browser.newContext({ locale: "fr-FR", timezoneId: ZONE, viewport: { width: 1400, height: 1000 } });
    const page = await context.newPage();
    await signIn(page, suite.server.url, DEMO_ACCOUNT);
    await page.waitForSelector('[data-testid="calendar-grid"]');
    await page.click('[data-testid="schedule-new"]');
    const composer = page.locator('[data-testid="post-composer"]');
    await composer.waitFor();
    await composer.locator('input[data-platform="instagram"]').first().check();
    const caption = `Les nouveautés du printemps arrivent en boutique cette semaine : robes, chemises et accessoires en lin, à découvrir dès samedi. #printemps #lin`;
    await composer.locator('[data-testid="composer-text"]').fill(caption);
    await composer.locator('[data-testid="composer-media"]').setInputFiles({ name: "affiche.png", mimeType: "image/png", buffer: await png(600, 1200) });
    await composer.locator('[data-testid="composer-media-item"] img').waitFor();
    await expect.poll(() => composer.locator('[data-testid="composer-converted"]').textContent()).toBe("PNG converti en JPEG pour Instagram, recadré en 4:5");

    const preview = composer.locator('[data-testid="ig-preview"]');
    await preview.waitFor();
    // The crop Instagram shows (4:5), and the caption folded before "… plus".
    expect(await preview.locator('[data-testid="ig-preview-media"]').getAttribute("data-ratio")).toBe("0.80");
    const box = (await preview.locator('[data-testid="ig-preview-media"]').boundingBox())!;
    expect(box.width / box.height).toBeCloseTo(0.8, 1);
    const shown = (await preview.locator('[data-testid="ig-preview-caption"]').textContent()) ?? "";
    expect(shown).toContain("… plus");
    expect(shown).not.toContain("#lin");

    await composer.locator('[data-testid="composer-datetime"]').fill(`${plusDays(nextWeekMonday(), 2)}T10:00`);
    await composer.locator('[data-testid="composer-submit"]').click();
    const detail = page.locator('[data-testid="post-detail"]');
    await detail.waitFor();
    // The detail shows the post's image (the stored JPEG).
    await detail.locator('[data-testid="post-image"]').waitFor();
    const postId = (await detail.getAttribute("data-post-id"))!;
    const post = await trpc<{ content: { mediaIds: string[] } }>(page, "query", "posts.get", { id: postId });
    const media = await trpc<{ mimeType: string; width: number; height: number }>(page, "query", "media.get", { id: post.content.mediaIds[0] });
    expect(media).toMatchObject({ mimeType: "image/jpeg", width: 600, height: 750 });

    // The cancel buttons say what each does.
    await detail.locator('[data-testid="post-cancel"]').click();
    expect(await detail.locator('[data-testid="post-cancel-confirm"]').textContent()).toBe("Annuler la publication");
    expect(await detail.locator('[data-testid="post-cancel-keep"]').textContent()).toBe("Garder");
    await detail.locator('[data-testid="post-cancel-keep"]').click();
    await context.close();
  });

  it("moves a post by dragging it to another hour in the week view, and one date with the keyboard", async () => {
    const context = await suite.browser.newContext({ locale: "fr-FR", timezoneId: ZONE, viewport: { width: 1400, height: 1000 } });
    const page = await context.newPage();
    await signIn(page, suite.server.url, DEMO_ACCOUNT);
    await page.waitForSelector('[data-testid="calendar-grid"]');
    const instagram = await instagramOf(page);
    const media = await trpc<{ id: string }>(page, "mutation", "media.upload", { data: `data:image/png;base64,${(await png(400, 400)).toString("base64")}`, purpose: "post" });
    const wednesday = plusDays(nextWeekMonday(), 2);
    const { id } = await trpc<{ id: string }>(page, "mutation", "posts.create", { channelIds: [instagram], timeZone: ZONE, publishAt: `${wednesday}T10:15`, content: { text: "À glisser", mediaIds: [media.id] } });

    await page.click('[data-testid="schedule-view-week"]');
    await page.click('[data-testid="schedule-next"]');
    const chip = page.locator(`[data-testid="post-chip"][data-post-id="${id}"]`);
    await chip.waitFor();
    expect(await chip.evaluate((el) => el.closest("[data-testid^='week-cell-']")?.getAttribute("data-testid"))).toBe(`week-cell-${wednesday}T10`);
    // Drag to Thursday 15:00: the minutes are kept.
    const thursday = plusDays(wednesday, 1);
    await chip.dragTo(page.locator(`[data-testid="week-cell-${thursday}T15"]`));
    await expect.poll(async () => wallTime(new Date((await trpc<{ publishAt: string }>(page, "query", "posts.get", { id })).publishAt), ZONE), { timeout: 10_000 }).toBe(`${thursday}T15:15`);
    await expect.poll(() => chip.evaluate((el) => el.closest("[data-testid^='week-cell-']")?.getAttribute("data-testid")), { timeout: 10_000 }).toBe(`week-cell-${thursday}T15`);
    await page.locator('[data-testid="move-note"]').waitFor();

    // Without a mouse: open it, type another time, move.
    await chip.click();
    const detail = page.locator('[data-testid="post-detail"]');
    await detail.locator('[data-testid="occurrence-at"]').fill(`${thursday}T18:45`);
    await detail.locator('[data-testid="occurrence-move"]').click();
    await detail.locator('[data-testid="occurrence-done"]').waitFor();
    expect(wallTime(new Date((await trpc<{ publishAt: string }>(page, "query", "posts.get", { id })).publishAt), ZONE)).toBe(`${thursday}T18:45`);
    await context.close();
  });

  it("skips one date of a weekly series, read with its weekday", async () => {
    const context = await suite.browser.newContext({ locale: "fr-FR", timezoneId: ZONE, viewport: { width: 1400, height: 1000 } });
    const page = await context.newPage();
    await signIn(page, suite.server.url, DEMO_ACCOUNT);
    await page.waitForSelector('[data-testid="calendar-grid"]');
    const instagram = await instagramOf(page);
    const media = await trpc<{ id: string }>(page, "mutation", "media.upload", { data: `data:image/png;base64,${(await png(400, 400)).toString("base64")}`, purpose: "post" });
    const sunday = plusDays(nextWeekMonday(), 6);
    const { id } = await trpc<{ id: string }>(page, "mutation", "posts.create", { channelIds: [instagram], timeZone: ZONE, rrule: "FREQ=WEEKLY;BYDAY=SU", dtstart: `${sunday}T09:00`, content: { text: "Série du dimanche", mediaIds: [media.id] } });

    await page.click('[data-testid="schedule-view-week"]');
    await page.click('[data-testid="schedule-next"]');
    await page.click('[data-testid="schedule-next"]');
    // The second Sunday, a planned occurrence of the series.
    const second = plusDays(sunday, 7);
    const chip = page.locator(`[data-testid="week-cell-${second}T09"] [data-testid="post-chip"][data-post-id="${id}"]`);
    await chip.click();
    const detail = page.locator('[data-testid="post-detail"]');
    await expect.poll(() => detail.locator('[data-testid="post-schedule-line"]').textContent()).toContain("tous les dimanches à 09:00");
    await detail.locator('[data-testid="occurrence-skip"]').click();
    await detail.locator('[data-testid="occurrence-skip-confirm"]').click();
    await detail.locator('[data-testid="occurrence-done"]').waitFor();
    await expect.poll(async () => (await trpc<{ exdates: string[] }>(page, "query", "posts.get", { id })).exdates).toEqual([`${second}T09:00`]);
    await detail.locator('[data-testid="post-skipped"]').waitFor();
    await page.keyboard.press("Escape");
    await expect.poll(() => chip.count(), { timeout: 10_000 }).toBe(0);
    // The Sunday after still goes out.
    await page.click('[data-testid="schedule-next"]');
    await page.locator(`[data-testid="week-cell-${plusDays(second, 7)}T09"] [data-testid="post-chip"][data-post-id="${id}"]`).waitFor();
    await context.close();
  });

  it("moves the calendar to a post saved in another month and highlights it, as a calendar app does (walk5)", async () => {
    const context = await suite.browser.newContext({ locale: "fr-FR", timezoneId: ZONE, viewport: { width: 1400, height: 1000 } });
    const page = await context.newPage();
    await signIn(page, suite.server.url, DEMO_ACCOUNT);
    await page.waitForSelector('[data-testid="calendar-grid"]');
    const shownBefore = await page.locator('[data-testid="schedule-title"]').textContent();
    // Three months ahead, the 15th: never in the month the calendar opens on.
    const now = wallTime(new Date(), ZONE);
    const ahead = new Date(Date.UTC(Number(now.slice(0, 4)), Number(now.slice(5, 7)) - 1 + 3, 15, 12));
    const day = ahead.toISOString().slice(0, 10);
    await page.click('[data-testid="schedule-new"]');
    const composer = page.locator('[data-testid="post-composer"]');
    await composer.waitFor();
    await composer.locator('input[data-platform="instagram"]').first().check();
    await composer.locator('[data-testid="composer-text"]').fill("Soldes de printemps");
    await composer.locator('[data-testid="composer-media"]').setInputFiles({ name: "affiche.png", mimeType: "image/png", buffer: await png(800, 800) });
    await composer.locator('[data-testid="composer-media-item"] img').waitFor();
    await composer.locator('[data-testid="composer-datetime"]').fill(`${day}T10:30`);
    await composer.locator('[data-testid="composer-submit"]').click();
    const detail = page.locator('[data-testid="post-detail"]');
    await detail.waitFor();
    const postId = await detail.getAttribute("data-post-id");
    await page.keyboard.press("Escape");
    const title = new Intl.DateTimeFormat("fr-FR", { month: "long", year: "numeric", timeZone: "UTC" }).format(ahead);
    await expect.poll(() => page.locator('[data-testid="schedule-title"]').textContent()).toBe(title);
    expect(title).not.toBe(shownBefore);
    const chip = page.locator(`[data-testid="calendar-day-${day}"] [data-testid="post-chip"][data-post-id="${postId}"]`);
    await chip.waitFor();
    expect(await chip.getAttribute("data-saved")).toBe("true");
    await context.close();
  });

  it("gives the phone an agenda with time, channel and status", async () => {
    const context = await suite.browser.newContext({ locale: "fr-FR", timezoneId: ZONE, viewport: { width: 1280, height: 844 } });
    const page = await context.newPage();
    // Signed in at desktop width (the phone's top bar hides the name signIn waits for), then the phone's width.
    await signIn(page, suite.server.url, DEMO_ACCOUNT);
    const instagram = await instagramOf(page);
    const media = await trpc<{ id: string }>(page, "mutation", "media.upload", { data: `data:image/png;base64,${(await png(400, 400)).toString("base64")}`, purpose: "post" });
    const due = new Date(Date.now() + 2 * 3_600_000);
    const { id } = await trpc<{ id: string }>(page, "mutation", "posts.create", { channelIds: [instagram], timeZone: ZONE, publishAt: due.toISOString(), content: { text: "Sur le téléphone", mediaIds: [media.id] } });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${suite.server.url}/schedule`);
    const item = page.locator(`[data-testid="agenda-item"][data-post-id="${id}"]`);
    await item.waitFor();
    expect(await page.locator('[data-testid="calendar-grid"]').count()).toBe(0);
    const text = (await item.textContent()) ?? "";
    expect(text).toContain(wallTime(due, ZONE).slice(11, 16));
    expect(text).toContain("Programmée");
    // Nothing wider than the screen.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await context.close();
  });

  it("previews the WhatsApp template with its parameters filled in", async () => {
    const context = await waSuite.browser.newContext({ locale: "fr-FR", timezoneId: ZONE, viewport: { width: 1400, height: 1000 } });
    const page = await context.newPage();
    await signUp(page, waSuite.server.url, { name: "Lou", email: "lou.preview@example.com", password: "une phrase de passe longue", workspaceName: "Boutique Lou" });
    const wa = waSuite.fake.control.createWhatsAppAccount({ templates: [{ name: "promo", bodyText: "Bonjour {{1}}, -{{2}}% ce week-end" }] });
    expect(await postTrpc(page, "channels.connectWhatsApp", { phoneNumberId: wa.phoneNumberId, wabaId: wa.wabaId, accessToken: wa.token })).toBe(200);
    await page.goto(`${waSuite.server.url}/schedule`);
    await page.click('[data-testid="schedule-new"]');
    const composer = page.locator('[data-testid="post-composer"]');
    await composer.locator('input[data-platform="whatsapp"]').first().check();
    await composer.locator('[data-testid="composer-wa-template"] option[value^="promo|"]').waitFor({ state: "attached" });
    const value = await composer.locator('[data-testid="composer-wa-template"] option[value^="promo|"]').getAttribute("value");
    await composer.locator('[data-testid="composer-wa-template"]').selectOption(value!);
    await composer.locator('[data-testid="composer-wa-params"]').fill("Ana");
    const bubble = composer.locator('[data-testid="wa-preview"] .wa-preview__bubble');
    await expect.poll(() => bubble.textContent()).toBe("Bonjour Ana, -{{2}}% ce week-end");
    expect(await bubble.locator("mark").textContent()).toBe("{{2}}");
    await composer.locator('[data-testid="composer-wa-params"]').fill("Ana\n20");
    await expect.poll(() => bubble.textContent()).toBe("Bonjour Ana, -20% ce week-end");
    expect(await bubble.locator("mark").count()).toBe(0);
    await context.close();
  });
});
