import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { startServer } from "../support/server";
import { DEMO_ACCOUNT, postTrpc, queryTrpc, signIn, signUp, untilReceiving } from "../support/session";
import { followLink } from "../support/navigation";
import { fakeGraphSuite } from "../support/suite";

// The fake Graph API runs in this test process, so the test plays the customer (signed webhooks to the server)
// and reads what the server sent; the server talks to it as if it were Meta.
const suite = fakeGraphSuite();

describe("the inbox", () => {
  it("shows a customer message live, and the agent's reply and photo reach the platform", async () => {
    const wa = suite.fake.control.createWhatsAppAccount({ windowMode: "async", verifiedName: "Boutique Lou" });
    const context = await suite.browser.newContext({ locale: "fr-FR", timezoneId: "Europe/Paris" });
    const page = await context.newPage();
    await signUp(page, suite.server.url, { name: "Lou Bernard", email: "lou@example.com", password: "une phrase de passe longue", workspaceName: "Boutique Lou" });

    // No account connected yet: the empty inbox leads to the channels page.
    await page.click('[data-testid="nav-inbox"]');
    const connect = page.locator('[data-testid="inbox-connect-channels"]');
    await connect.waitFor();
    expect(await connect.textContent()).toBe("Connectez WhatsApp ou Instagram pour recevoir vos messages");
    expect(await followLink(connect, page.locator("h1.page-header__title", { hasText: "Canaux" }))).toBe("/settings/channels");

    // Connect the WhatsApp number through the API the settings page uses (same session, same origin).
    expect(await postTrpc(page, "channels.connectWhatsApp", { phoneNumberId: wa.phoneNumberId, wabaId: wa.wabaId, accessToken: wa.token })).toBe(200);
    await untilReceiving(page);

    await page.click('[data-testid="nav-inbox"]');
    await page.waitForSelector('[data-testid="inbox"]');
    await page.waitForLoadState("networkidle");
    expect(await page.locator('[data-testid="conversation-row"]').count()).toBe(0);
    // Once connected, it says where the messages will appear instead.
    await expect.poll(() => page.locator('[data-testid="inbox-empty"]').textContent()).toBe("Pas encore de conversation : les messages des clients arrivent ici dès leur réception.");

    // The customer writes: the fake signs and POSTs the webhook; the page shows it without a reload.
    const sentAt = Date.now();
    suite.fake.control.customerMessage({ channel: "whatsapp", phoneNumberId: wa.phoneNumberId, from: "33612000001", name: "Inès", text: "Bonjour, la robe bleue existe en 38 ?" });
    const row = page.locator('[data-testid="conversation-row"]', { hasText: "la robe bleue existe en 38" });
    await row.waitFor({ timeout: 5000 });
    const shownAfterMs = Date.now() - sentAt;
    expect(shownAfterMs).toBeLessThan(2000);

    await row.click();
    await page.locator('[data-testid="message-text"]', { hasText: "la robe bleue" }).waitFor();
    expect(await page.textContent('[data-testid="thread-contact"]')).toContain("Inès");

    // The agent replies with the keyboard shortcut; the fake (Meta) receives it, and its statuses come back as ticks.
    await page.fill('[data-testid="reply-text"]', "Oui, en stock : je vous la mets de côté ?");
    await page.press('[data-testid="reply-text"]', "Control+Enter");
    await expect
      .poll(() => suite.fake.control.sentMessages({ channel: "whatsapp" }).map((m) => m.text), { timeout: 10_000 })
      .toContain("Oui, en stock : je vous la mets de côté ?");
    const sent = suite.fake.control.sentMessages({ channel: "whatsapp" }).find((m) => m.text?.startsWith("Oui, en stock"));
    expect(sent?.to).toBe("33612000001");
    await page.locator('[data-testid="message"][data-direction="out"][data-status="read"]').waitFor({ timeout: 10_000 });
    expect(await page.inputValue('[data-testid="reply-text"]')).toBe("");
    // Its details say what WhatsApp charges it as (the `pricing` of its `sent` status), in the reader's language.
    const ticks = page.locator('[data-testid="message"][data-direction="out"] [data-testid="message-ticks"]');
    await expect.poll(() => ticks.getAttribute("title"), { timeout: 5000 }).toBe("Lu · Catégorie WhatsApp : service");

    // Not an image: refused in the box, nothing uploaded.
    await page.setInputFiles('[data-testid="reply-file"]', { name: "tarifs.txt", mimeType: "text/plain", buffer: Buffer.from("robe bleue : 59 €") });
    expect(await page.textContent('[data-testid="reply-attach-error"]')).toContain("JPEG");

    // The agent attaches a photo (a real PNG file on disk), sees its preview, and sends it with a caption.
    const dir = mkdtempSync(path.join(os.tmpdir(), "sillage-e2e-"));
    const photo = path.join(dir, "robe-bleue.png");
    writeFileSync(photo, Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==", "base64"));
    expect(await page.getAttribute('[data-testid="reply-attach"]', "aria-label")).toBe("Joindre une image");
    await page.setInputFiles('[data-testid="reply-file"]', photo);
    const thumb = page.locator('[data-testid="reply-image"] img');
    await thumb.waitFor();
    await expect.poll(() => thumb.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth), { timeout: 5000 }).toBe(1);
    expect(await page.locator('[data-testid="reply-attach-error"]').count()).toBe(0);
    await page.fill('[data-testid="reply-text"]', "La voici, en bleu");
    await page.click('[data-testid="reply-send"]');
    await expect
      .poll(() => suite.fake.control.sentMessages({ channel: "whatsapp" }).filter((m) => m.kind === "image").map((m) => m.text), { timeout: 10_000 })
      .toEqual(["La voici, en bleu"]);
    const image = suite.fake.control.sentMessages({ channel: "whatsapp" }).find((m) => m.kind === "image");
    expect(image?.to).toBe("33612000001");
    const link = (image?.body as { image?: { link?: string } }).image?.link ?? "";
    expect(link).toMatch(/\/media\/.+\.png\?expires=\d+&sig=/);
    // The box is cleared, and the thread shows the sent image itself.
    await page.locator('[data-testid="reply-image"]').waitFor({ state: "detached" });
    expect(await page.inputValue('[data-testid="reply-text"]')).toBe("");
    const sentImage = page.locator('[data-testid="message"][data-direction="out"] [data-testid="message-image"]');
    await sentImage.waitFor({ timeout: 10_000 });
    await expect.poll(() => sentImage.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth), { timeout: 5000 }).toBe(1);
    await context.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("a message stored while the page's live stream is still opening is shown once it opens, with no reload", async () => {
    const wa = suite.fake.control.createWhatsAppAccount({ windowMode: "async", verifiedName: "Atelier Nour" });
    const context = await suite.browser.newContext({ locale: "fr-FR", timezoneId: "Europe/Paris" });
    const page = await context.newPage();
    await signUp(page, suite.server.url, { name: "Nour Haddad", email: "nour@example.com", password: "une phrase de passe longue", workspaceName: "Atelier Nour" });
    expect(await postTrpc(page, "channels.connectWhatsApp", { phoneNumberId: wa.phoneNumberId, wabaId: wa.wabaId, accessToken: wa.token })).toBe(200);
    await untilReceiving(page);

    // Hold the event stream (the page's only SSE request) until the list has loaded and the message is stored:
    // the list was read before the message, and the stream starts after it, so neither carries it by itself.
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route(/\/trpc\/workspace\.events/, async (route) => {
      await held;
      await route.continue();
    });
    await page.goto(`${suite.server.url}/inbox`);
    // The list has loaded, empty, before the customer writes.
    await page.locator(".inbox__note").waitFor();
    expect(await page.locator('[data-testid="conversation-row"]').count()).toBe(0);
    suite.fake.control.customerMessage({ channel: "whatsapp", phoneNumberId: wa.phoneNumberId, from: "33612000002", name: "Yanis", text: "Vous livrez à Lyon ?" });
    await expect
      .poll(async () => (await queryTrpc<{ items: unknown[] }>(page, "inbox.conversations", {})).items.length, { timeout: 10_000 })
      .toBe(1);
    expect(await page.locator('[data-testid="conversation-row"]').count()).toBe(0);

    release();
    await page.locator('[data-testid="conversation-row"]', { hasText: "Vous livrez à Lyon" }).waitFor({ timeout: 5000 });
    await context.close();
  });

  it("demo mode: the simulate control plays a customer through the built-in fake, and the message arrives live", async () => {
    const demo = await startServer({ SILLAGE_DEMO: "1" });
    try {
      const context = await suite.browser.newContext({ locale: "en-GB" });
      const page = await context.newPage();
      await signIn(page, demo.url, DEMO_ACCOUNT);
      await page.click('[data-testid="nav-inbox"]');
      await page.locator('[data-testid="demo-simulator"]').waitFor();
      await page.selectOption('[data-testid="demo-kind"]', "instagram_message");
      await page.fill('[data-testid="demo-text"]', "Is the blue dress available in M?");
      await page.click('[data-testid="demo-send"]');
      await page.locator('[data-testid="conversation-row"]', { hasText: "blue dress available in M" }).waitFor({ timeout: 5000 });
      await context.close();
    } finally {
      await demo.stop();
    }
  });
});
