/**
 * The composer's Instagram options and its errors: an image's description for a feed post, a reel's feed sharing and
 * cover frame (kept when the post is edited), a story's hint; an image Instagram would refuse (2:1) said at its field
 * with its size, and after a refused submit the focus on the first field in error (aria-invalid, aria-describedby).
 */
import sharp from "sharp";
import type { Locator, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { DEMO_ACCOUNT, queryTrpc, signIn } from "../support/session";
import { serverSuite } from "../support/suite";

// SILLAGE_DEMO=1: the demo workspace (French, Europe/Paris) with an Instagram account on the built-in fake Graph API.
const suite = serverSuite({ SILLAGE_DEMO: "1" });

/** A JPEG header of `width` × `height` (no pixels): the server keeps it as sent and reads its size. */
function jpeg(width: number, height: number): Buffer {
  return Buffer.from([
    0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00,
    0xff, 0xc0, 0x00, 0x11, 0x08, height >> 8, height & 0xff, width >> 8, width & 0xff, 0x03, 0x01, 0x22, 0x00, 0x02, 0x11, 0x01, 0x03, 0x11, 0x01, 0xff, 0xd9,
  ]);
}

/** A minimal MP4 that says it lasts `seconds` (its `mvhd` box): what the server reads a video's duration from. */
function mp4(seconds: number): Buffer {
  const ftyp = Buffer.concat([Buffer.from([0, 0, 0, 16]), Buffer.from("ftypisom"), Buffer.from([0, 0, 2, 0])]);
  const mvhd = Buffer.alloc(108);
  mvhd.writeUInt32BE(108, 0);
  mvhd.write("mvhd", 4);
  mvhd.writeUInt32BE(1000, 20);
  mvhd.writeUInt32BE(seconds * 1000, 24);
  return Buffer.concat([ftyp, Buffer.from([0, 0, 0, 116]), Buffer.from("moov"), mvhd]);
}

/** A one-colour PNG (converted to JPEG by the server). */
function png(width: number, height: number): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: { r: 40, g: 90, b: 160 } } }).png().toBuffer();
}

/** The demo shop's owner on the schedule, in French. */
async function demoSchedule() {
  const context = await suite.browser.newContext({ locale: "fr-FR", timezoneId: "Europe/Paris" });
  const page = await context.newPage();
  await signIn(page, suite.server.url, DEMO_ACCOUNT);
  await page.waitForSelector('[data-testid="calendar-grid"]');
  return { context, page };
}

async function openComposer(page: Page): Promise<Locator> {
  await page.click('[data-testid="schedule-new"]');
  const composer = page.locator('[data-testid="post-composer"]');
  await composer.waitFor();
  return composer;
}

/** The focused element's test id, and what its aria-describedby points at says. */
const focused = (page: Page) =>
  page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    const described = (el?.getAttribute("aria-describedby") ?? "").split(" ").filter(Boolean);
    return {
      testId: el?.getAttribute("data-testid") ?? null,
      invalid: el?.getAttribute("aria-invalid") ?? null,
      describedBy: described.map((id) => document.getElementById(id)?.textContent ?? "").join(" "),
    };
  });

const NEXT_YEAR = `${new Date().getUTCFullYear() + 1}-03-10T10:00`;

describe("Instagram composer", () => {
  it("a 2:1 image is said at its field with its size; the focus goes to the first field in error, after the server's refusals too", async () => {
    const { context, page } = await demoSchedule();

    // Nothing chosen: the server refuses, the first channel box takes the focus and reads the error.
    let composer = await openComposer(page);
    await composer.locator('[data-testid="composer-submit"]').click();
    await expect.poll(async () => (await focused(page)).invalid, { timeout: 10_000 }).toBe("true");
    const channel = await focused(page);
    expect(await page.evaluate(() => (document.activeElement as HTMLInputElement).type)).toBe("checkbox");
    expect(channel.describedBy).toBe("Obligatoire.");
    await page.keyboard.press("Escape");

    composer = await openComposer(page);
    await composer.locator('input[data-platform="instagram"]').first().check();
    await composer.locator('[data-testid="composer-text"]').fill("Bannière trop large");
    await composer.locator('[data-testid="composer-media"]').setInputFiles({ name: "banniere.jpg", mimeType: "image/jpeg", buffer: jpeg(32, 16) });
    await composer.locator('[data-testid="composer-media-item"]').waitFor();
    await composer.locator('[data-testid="composer-datetime"]').fill(NEXT_YEAR);
    await composer.locator('[data-testid="composer-submit"]').click();
    await expect.poll(async () => (await focused(page)).testId).toBe("composer-media");
    const media = await focused(page);
    expect(media.invalid).toBe("true");
    expect(media.describedBy).toBe("#1: Cette image fait 32 × 16 px (rapport 2:1) : dans le fil et les carrousels, Instagram accepte de 4:5 (portrait) à 1,91:1 (paysage). Recadrez-la.");
    expect(await composer.locator('[role="alert"]').textContent()).toBeTruthy();
    // As a story it is accepted (any shape; 9:16 recommended, so its size is pointed out), with no description field.
    await composer.locator('[data-testid="composer-ig-format"]').selectOption("story");
    expect(await composer.textContent()).toContain("Ce média fait 32 × 16 px : Instagram affiche les reels et les stories à la verticale (9:16) et ajoutera des bandes ou le recadrera.");
    expect(await composer.locator('[data-testid="composer-ig-alt"]').count()).toBe(0);
    await composer.locator('[data-testid="composer-submit"]').click();
    await page.locator('[data-testid="post-detail"]').waitFor();
    await context.close();
  });

  it("a feed image's description, a reel's feed sharing and cover frame: shown for their format, checked, saved, kept on edit", async () => {
    const { context, page } = await demoSchedule();

    let composer = await openComposer(page);
    await composer.locator('input[data-platform="instagram"]').first().check();
    await composer.locator('[data-testid="composer-media"]').setInputFiles({ name: "robe.jpg", mimeType: "image/jpeg", buffer: jpeg(20, 16) });
    await composer.locator('[data-testid="composer-media-item"]').waitFor();
    // A feed image: a description; no reel option.
    expect(await composer.locator('[data-testid="composer-ig-share-to-feed"]').count()).toBe(0);
    await composer.locator('[data-testid="composer-ig-alt"]').fill("Robe bleue en lin sur un cintre");
    await composer.locator('[data-testid="composer-datetime"]').fill(NEXT_YEAR);
    await composer.locator('[data-testid="composer-submit"]').click();
    const detail = page.locator('[data-testid="post-detail"]');
    await detail.waitFor();
    const feedId = (await detail.getAttribute("data-post-id"))!;
    const feed = await queryTrpc<{ content: { instagram?: Record<string, unknown> } }>(page, "posts.get", { id: feedId });
    expect(feed.content.instagram).toEqual({ altText: "Robe bleue en lin sur un cintre" });
    await page.keyboard.press("Escape");

    composer = await openComposer(page);
    await composer.locator('input[data-platform="instagram"]').first().check();
    await composer.locator('[data-testid="composer-text"]').fill("Les coulisses de l’atelier");
    await composer.locator('[data-testid="composer-media"]').setInputFiles({ name: "atelier.mp4", mimeType: "video/mp4", buffer: mp4(10) });
    await composer.locator('[data-testid="composer-media-item"]').waitFor();
    // A video is a reel: feed sharing and a cover; no description.
    expect(await composer.locator('[data-testid="composer-ig-alt"]').count()).toBe(0);
    const share = composer.locator('[data-testid="composer-ig-share-to-feed"]');
    expect(await share.isChecked()).toBe(true);
    await share.uncheck();
    await composer.locator('[data-testid="composer-ig-cover"]').selectOption("frame");
    const frame = composer.locator('[data-testid="composer-ig-cover-frame"]');
    await frame.fill("12");
    await composer.locator('[data-testid="composer-datetime"]').fill(NEXT_YEAR);
    await composer.locator('[data-testid="composer-submit"]').click();
    // Beyond the 10 s video: said at the field, which takes the focus, before anything is sent.
    await expect.poll(async () => (await focused(page)).testId).toBe("composer-ig-cover-frame");
    expect((await focused(page)).describedBy).toBe("L’image de couverture (12 s) est après la fin de la vidéo (10 s).");
    await frame.fill("2.5");
    await composer.locator('[data-testid="composer-submit"]').click();
    await detail.waitFor();
    const reelId = (await detail.getAttribute("data-post-id"))!;
    const reel = await queryTrpc<{ content: { instagram?: Record<string, unknown> } }>(page, "posts.get", { id: reelId });
    expect(reel.content.instagram).toEqual({ shareToFeed: false, thumbOffsetMs: 2500 });

    // Edited, the options come back as saved and are sent again unchanged.
    await detail.locator('[data-testid="post-edit"]').click();
    composer = page.locator('[data-testid="post-composer"]');
    await composer.waitFor();
    await composer.locator('[data-testid="composer-media-item"]').waitFor();
    expect(await composer.locator('[data-testid="composer-ig-share-to-feed"]').isChecked()).toBe(false);
    expect(await composer.locator('[data-testid="composer-ig-cover-frame"]').inputValue()).toBe("2.5");
    await composer.locator('[data-testid="composer-text"]').fill("Les coulisses de l’atelier, épisode 2");
    await composer.locator('[data-testid="composer-submit"]').click();
    await expect
      .poll(async () => (await queryTrpc<{ content: { text: string; instagram?: Record<string, unknown> } }>(page, "posts.get", { id: reelId })).content)
      .toMatchObject({ text: "Les coulisses de l’atelier, épisode 2", instagram: { shareToFeed: false, thumbOffsetMs: 2500 } });
    await context.close();
  });

  it("an image uploaded for the feed (cropped to 4:5) and then made a story goes out whole: the original is uploaded again", async () => {
    const { context, page } = await demoSchedule();

    const composer = await openComposer(page);
    await composer.locator('input[data-platform="instagram"]').first().check();
    // Format still "auto": one image is a feed post, so the upload crops the 9:16 picture to 4:5.
    await composer.locator('[data-testid="composer-media"]').setInputFiles({ name: "story.png", mimeType: "image/png", buffer: await png(360, 640) });
    const converted = composer.locator('[data-testid="composer-converted"]');
    await expect.poll(async () => await converted.textContent(), { timeout: 10_000 }).toContain("recadré en 4:5");
    await composer.locator('[data-testid="composer-ig-format"]').selectOption("story");
    await expect.poll(async () => await converted.textContent(), { timeout: 10_000 }).not.toContain("recadré");
    await composer.locator('[data-testid="composer-datetime"]').fill(NEXT_YEAR);
    await composer.locator('[data-testid="composer-submit"]').click();
    const detail = page.locator('[data-testid="post-detail"]');
    await detail.waitFor();
    const story = await queryTrpc<{ content: { mediaIds: string[] } }>(page, "posts.get", { id: (await detail.getAttribute("data-post-id"))! });
    expect(story.content.mediaIds).toHaveLength(1);
    expect(await queryTrpc(page, "media.get", { id: story.content.mediaIds[0] })).toMatchObject({ mimeType: "image/jpeg", width: 360, height: 640 });
    await context.close();
  });

  it("a story's image and a reel's uploaded cover keep their 9:16 shape; the cover is saved and shown again on edit", async () => {
    const { context, page } = await demoSchedule();

    let composer = await openComposer(page);
    await composer.locator('input[data-platform="instagram"]').first().check();
    await composer.locator('[data-testid="composer-ig-format"]').selectOption("story");
    await composer.locator('[data-testid="composer-media"]').setInputFiles({ name: "story.png", mimeType: "image/png", buffer: await png(360, 640) });
    await composer.locator('[data-testid="composer-media-item"] img').waitFor();
    await composer.locator('[data-testid="composer-datetime"]').fill(NEXT_YEAR);
    await composer.locator('[data-testid="composer-submit"]').click();
    const detail = page.locator('[data-testid="post-detail"]');
    await detail.waitFor();
    const story = await queryTrpc<{ content: { mediaIds: string[] } }>(page, "posts.get", { id: (await detail.getAttribute("data-post-id"))! });
    expect(await queryTrpc(page, "media.get", { id: story.content.mediaIds[0] })).toMatchObject({ mimeType: "image/jpeg", width: 360, height: 640 });
    await page.keyboard.press("Escape");

    composer = await openComposer(page);
    await composer.locator('input[data-platform="instagram"]').first().check();
    await composer.locator('[data-testid="composer-media"]').setInputFiles({ name: "clip.mp4", mimeType: "video/mp4", buffer: mp4(8) });
    await composer.locator('[data-testid="composer-media-item"]').waitFor();
    await composer.locator('[data-testid="composer-ig-cover"]').selectOption("image");
    // No image yet: said at the field, which takes the focus.
    await composer.locator('[data-testid="composer-datetime"]').fill(NEXT_YEAR);
    await composer.locator('[data-testid="composer-submit"]').click();
    await expect.poll(async () => (await focused(page)).testId).toBe("composer-ig-cover-file");
    await composer.locator('[data-testid="composer-ig-cover-file"]').setInputFiles({ name: "cover.png", mimeType: "image/png", buffer: await png(360, 640) });
    await composer.locator('[data-testid="composer-ig-cover-preview"] img').waitFor();
    await composer.locator('[data-testid="composer-submit"]').click();
    await detail.waitFor();
    const reelId = (await detail.getAttribute("data-post-id"))!;
    const reel = await queryTrpc<{ content: { instagram: { coverMediaId: string } } }>(page, "posts.get", { id: reelId });
    expect(await queryTrpc(page, "media.get", { id: reel.content.instagram.coverMediaId })).toMatchObject({ mimeType: "image/jpeg", width: 360, height: 640 });

    await detail.locator('[data-testid="post-edit"]').click();
    composer = page.locator('[data-testid="post-composer"]');
    await composer.locator('[data-testid="composer-ig-cover-preview"] img').waitFor();
    expect(await composer.locator('[data-testid="composer-ig-cover"]').inputValue()).toBe("image");
    await context.close();
  });

  it("a post reopened for editing shows its stored pictures at once, and keeps them, in order, when only the text changes", async () => {
    const { context, page } = await demoSchedule();
    let composer = await openComposer(page);
    await composer.locator('input[data-platform="instagram"]').first().check();
    await composer.locator('[data-testid="composer-text"]').fill("La robe du dimanche");
    await composer.locator('[data-testid="composer-media"]').setInputFiles([
      { name: "robe.png", mimeType: "image/png", buffer: await png(400, 500) },
      { name: "dos.png", mimeType: "image/png", buffer: await png(500, 500) },
    ]);
    await expect.poll(() => composer.locator('[data-testid="composer-media-item"] img').count(), { timeout: 10_000 }).toBe(2);
    await composer.locator('[data-testid="composer-datetime"]').fill(NEXT_YEAR);
    await composer.locator('[data-testid="composer-submit"]').click();
    const detail = page.locator('[data-testid="post-detail"]');
    await detail.waitFor();
    const id = (await detail.getAttribute("data-post-id"))!;
    const stored = (await queryTrpc<{ content: { mediaIds: string[] } }>(page, "posts.get", { id })).content.mediaIds;
    expect(stored).toHaveLength(2);

    // A slow connection: the files' signed links take a while to come.
    let release!: () => void;
    const slow = new Promise<void>((resolve) => (release = resolve));
    await page.route((url) => url.pathname.includes("media.get"), async (route) => {
      await slow;
      await route.continue();
    });
    await detail.locator('[data-testid="post-edit"]').click();
    composer = page.locator('[data-testid="post-composer"]');
    await composer.waitFor();
    // Both pictures hold their place at once (loading), and the post cannot be saved without them meanwhile.
    await expect.poll(() => composer.locator('[data-testid="composer-media-item"]').count()).toBe(2);
    expect(await composer.locator('[data-testid="composer-submit"]').isDisabled()).toBe(true);
    release();
    // Then the pictures as stored, loaded (not broken images).
    const thumbs = composer.locator('[data-testid="composer-media-item"] img');
    await expect.poll(() => thumbs.evaluateAll((els) => els.map((el) => (el as HTMLImageElement).complete && (el as HTMLImageElement).naturalWidth > 0)), { timeout: 10_000 }).toEqual([true, true]);
    await composer.locator('[data-testid="composer-text"]').fill("La robe du dimanche, en lin");
    await composer.locator('[data-testid="composer-submit"]').click();
    await expect
      .poll(async () => (await queryTrpc<{ content: { text: string; mediaIds: string[] } }>(page, "posts.get", { id })).content)
      .toMatchObject({ text: "La robe du dimanche, en lin", mediaIds: stored });
    await context.close();
  });
});
