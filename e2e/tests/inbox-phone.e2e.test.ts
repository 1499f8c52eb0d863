import type { Locator, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { postTrpc, queryTrpc, untilReceiving } from "../support/session";
import { fakeGraphSuite } from "../support/suite";

// The inbox on a phone and on the keyboard (issue 13). The fake Graph API plays the customers over signed webhooks.
const suite = fakeGraphSuite();

/** A WhatsApp number connected to a fresh workspace, through the API the settings page uses. */
async function connectWhatsApp(page: Page, who: { name: string; email: string; workspaceName: string }) {
  const wa = suite.fake.control.createWhatsAppAccount({ windowMode: "async", verifiedName: who.workspaceName });
  // As support's signUp, but the signed-in name sits in the sidebar, hidden behind the menu on a phone.
  await page.goto(`${suite.server.url}/signup`);
  await page.fill('input[name="name"]', who.name);
  await page.fill('input[name="email"]', who.email);
  await page.fill('input[name="password"]', "une phrase de passe longue");
  await page.fill('input[name="workspaceName"]', who.workspaceName);
  await page.click('[data-testid="signup-submit"]');
  await page.waitForSelector('[data-testid="current-user"]', { state: "attached" });
  expect(await postTrpc(page, "channels.connectWhatsApp", { phoneNumberId: wa.phoneNumberId, wabaId: wa.wabaId, accessToken: wa.token })).toBe(200);
  await untilReceiving(page);
  return wa;
}

/** The element's box in the viewport, or a failure when it has none (not rendered). */
async function box(locator: Locator) {
  const b = await locator.boundingBox();
  if (!b) throw new Error("no bounding box: not rendered");
  return b;
}

/** Whether the element is fully inside the visible part of the thread's scroll area (and of the viewport). */
async function shownInThread(page: Page, locator: Locator): Promise<boolean> {
  const area = await box(page.locator('[data-testid="thread-messages"]'));
  const b = await box(locator);
  const viewport = page.viewportSize()!;
  return b.y >= area.y - 1 && b.y + b.height <= area.y + area.height + 1 && b.y + b.height <= viewport.height;
}

describe("the inbox on a phone", () => {
  it("shows list and thread one at a time, header below the top bar, reply box in view, follows the newest message, back to the list", async () => {
    const context = await suite.browser.newContext({ locale: "fr-FR", timezoneId: "Europe/Paris", viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
    const page = await context.newPage();
    const wa = await connectWhatsApp(page, { name: "Lou Bernard", email: "lou.phone@example.com", workspaceName: "Boutique Lou" });

    // A long conversation: more messages than a phone screen holds.
    for (let i = 1; i <= 14; i++) {
      suite.fake.control.customerMessage({ channel: "whatsapp", phoneNumberId: wa.phoneNumberId, from: "33612000101", name: "Inès", text: `Question ${i} :\nla robe bleue existe-t-elle en 38 ?\nMerci !` });
    }
    await page.goto(`${suite.server.url}/inbox`);
    const row = page.locator('[data-testid="conversation-row"]', { hasText: "Inès" });
    await row.waitFor({ timeout: 10_000 });
    // The list alone: no thread pane beside it on a narrow screen.
    expect(await page.locator(".inbox__thread").isVisible()).toBe(false);

    await row.tap();
    await page.locator('[data-testid="thread"]').waitFor();
    // Webhooks may land in any order: wait for all fourteen.
    await expect.poll(() => page.locator('[data-testid="message"]').count(), { timeout: 10_000 }).toBe(14);
    expect(new URL(page.url()).searchParams.get("c")).toMatch(/^[0-9a-f-]{36}$/);
    expect(await page.locator('[data-testid="conversation-list"]').isVisible()).toBe(false);
    // The row tapped is hidden now: the focus went to the thread's heading, not nowhere.
    await expect.poll(() => page.evaluate(() => document.activeElement?.closest('[data-testid="thread-header"]') !== null && document.activeElement?.tagName === "H2")).toBe(true);

    const topbar = await box(page.locator(".topbar"));
    const header = page.locator('[data-testid="thread-header"]');
    const replyText = page.locator('[data-testid="reply-text"]');
    const replySend = page.locator('[data-testid="reply-send"]');
    async function expectPhoneLayout() {
      // The page itself does not scroll: only the messages do, under a header that stays below the top bar.
      expect(await page.evaluate(() => document.scrollingElement!.scrollHeight - window.innerHeight)).toBeLessThanOrEqual(0);
      expect((await box(header)).y).toBeGreaterThanOrEqual(topbar.y + topbar.height - 1);
      expect(await page.locator('[data-testid="thread-back"]').isVisible()).toBe(true);
      for (const part of [replyText, replySend]) {
        const b = await box(part);
        expect(b.y + b.height).toBeLessThanOrEqual(844);
      }
    }
    await expectPhoneLayout();
    expect(await page.locator('[data-testid="thread-messages"]').evaluate((el) => el.scrollHeight > el.clientHeight)).toBe(true);
    // Opened at the newest message.
    await expect.poll(() => shownInThread(page, page.locator('[data-testid="message"]').last())).toBe(true);
    expect(await page.textContent('[data-testid="thread-back"]')).toContain("Conversations");

    // Sending: the reply shows at the bottom, still in view.
    await replyText.fill("Oui, en 38 : je vous la mets de côté ?");
    await replySend.tap();
    const sent = page.locator('[data-testid="message"][data-direction="out"]', { hasText: "je vous la mets de côté" });
    await sent.waitFor({ timeout: 10_000 });
    await expect.poll(() => shownInThread(page, sent)).toBe(true);
    await expectPhoneLayout();

    // Scrolled up to read: a new message does not move the reader, a pill offers to go down to it.
    const messages = page.locator('[data-testid="thread-messages"]');
    await messages.evaluate((el) => {
      el.scrollTop = 0;
    });
    await expect.poll(() => messages.evaluate((el) => el.scrollTop)).toBe(0);
    suite.fake.control.customerMessage({ channel: "whatsapp", phoneNumberId: wa.phoneNumberId, from: "33612000101", name: "Inès", text: "Parfait, je passe samedi" });
    const fresh = page.locator('[data-testid="message-text"]', { hasText: "je passe samedi" });
    await fresh.waitFor({ timeout: 10_000 });
    const pill = page.locator('[data-testid="thread-new-messages"]');
    await pill.waitFor();
    expect(await pill.textContent()).toContain("Nouveaux messages");
    expect(await messages.evaluate((el) => el.scrollTop)).toBeLessThan(50);
    expect(await shownInThread(page, fresh)).toBe(false);
    await pill.tap();
    await expect.poll(() => shownInThread(page, fresh)).toBe(true);
    await pill.waitFor({ state: "detached" });

    // Back to the list with the button; then the browser's back does the same.
    await page.locator('[data-testid="thread-back"]').tap();
    await page.locator('[data-testid="conversation-list"]').waitFor();
    expect(new URL(page.url()).searchParams.get("c")).toBeNull();
    // Back on the row just left.
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute("data-testid"))).toBe("conversation-row");
    expect(await page.locator(".inbox__thread").isVisible()).toBe(false);
    await row.tap();
    await header.waitFor();
    await page.goBack();
    await page.locator('[data-testid="conversation-list"]').waitFor();
    expect(await page.locator('[data-testid="thread"]').count()).toBe(0);
    expect(new URL(page.url()).searchParams.get("c")).toBeNull();
    await context.close();
  });
});

describe("the inbox on the keyboard", () => {
  it("skips to the reply in a few keys; j / k / r / e / ? and Esc; arrows in the list; shortcuts off while typing; assignee in the list", async () => {
    const context = await suite.browser.newContext({ locale: "en-GB", timezoneId: "Europe/London", viewport: { width: 1280, height: 860 } });
    const page = await context.newPage();
    await page.addInitScript(() => {
      try {
        localStorage.setItem("sillage.language", "en");
      } catch {
        // about:blank has no storage; the app's pages do.
      }
    });
    const wa = await connectWhatsApp(page, { name: "Sam Carter", email: "sam.keys@example.com", workspaceName: "Carter Books" });
    await page.goto(`${suite.server.url}/inbox`);
    await page.locator('[data-testid="inbox"]').waitFor();
    // This test is about the keyboard: start once the page is live (inbox.e2e covers a message arriving before that).
    await page.locator(".live--live").waitFor();

    // Three customers, the newest on top of the list.
    for (const [from, name, text] of [
      ["447700900001", "Ada", "Do you ship to Leeds?"],
      ["447700900002", "Ben", "Is the atlas in stock?"],
      ["447700900003", "Cleo", "Can I return a book?"],
    ] as const) {
      suite.fake.control.customerMessage({ channel: "whatsapp", phoneNumberId: wa.phoneNumberId, from, name, text });
      await page
        .locator('[data-testid="conversation-row"]', { hasText: text })
        .waitFor({ timeout: 10_000 })
        .catch(async (err: unknown) => {
          // Say which step lost it: the webhook (the fake's deliveries), storage (the API's list) or the page (live status).
          const stored = await queryTrpc<{ items: { lastMessagePreview?: string | null }[] }>(page, "inbox.conversations", {}).catch((e: unknown) => String(e));
          const live = await page.locator(".live").textContent().catch(() => null);
          const deliveries = JSON.stringify(suite.fake.control.deliveries()).slice(-1500);
          throw new Error(`${String(err)}\nlive: ${live}\nstored: ${JSON.stringify(stored).slice(0, 1500)}\nwebhooks: ${deliveries}\nserver: ${suite.server.output.join("").slice(-3000)}`);
        });
    }
    // In the list's order (the same second can hold all three: read it rather than assume it).
    const ids = await page.locator('[data-testid="conversation-row"]').evaluateAll((rows) => rows.map((r) => r.getAttribute("data-conversation-id")));
    const names = await page.locator('[data-testid="conversation-row"] .inbox__name').allTextContents();
    expect(ids).toHaveLength(3);
    expect([...names].sort()).toEqual(["Ada", "Ben", "Cleo"]);
    const open = () => new URL(page.url()).searchParams.get("c");
    const contact = page.locator('[data-testid="thread-contact"]');

    // j opens the first conversation, j the next, k the previous.
    await page.keyboard.press("j");
    await expect.poll(open).toBe(ids[0]);
    await expect.poll(() => contact.textContent()).toContain(names[0]);
    await page.keyboard.press("j");
    await expect.poll(open).toBe(ids[1]);
    await expect.poll(() => contact.textContent()).toContain(names[1]);
    await page.keyboard.press("k");
    await expect.poll(open).toBe(ids[0]);
    await expect.poll(() => contact.textContent()).toContain(names[0]);

    // From the top of the page: Tab, Enter (skip to content), Tab, Enter (skip to the reply): the reply box has focus.
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("Skip to content");
    await page.keyboard.press("Enter");
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => document.activeElement?.getAttribute("data-testid"))).toBe("skip-to-reply");
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("Skip to the reply");
    await page.keyboard.press("Enter");
    expect(await page.evaluate(() => document.activeElement?.getAttribute("data-testid"))).toBe("reply-text");

    // Typing in the box: j and k are text, not shortcuts. Esc leaves the box; then r comes back to it, typing nothing.
    await page.keyboard.type("jk");
    expect(await page.inputValue('[data-testid="reply-text"]')).toBe("jk");
    expect(open()).toBe(ids[0]);
    await page.keyboard.press("Escape");
    expect(await page.evaluate(() => document.activeElement?.getAttribute("data-testid"))).not.toBe("reply-text");
    await page.keyboard.press("r");
    expect(await page.evaluate(() => document.activeElement?.getAttribute("data-testid"))).toBe("reply-text");
    expect(await page.inputValue('[data-testid="reply-text"]')).toBe("jk");
    await page.fill('[data-testid="reply-text"]', "");
    await page.keyboard.press("Escape");

    // ? opens the shortcut list, a modal dialog named by its title; Esc closes it and j works again.
    await page.keyboard.press("?");
    const dialog = page.getByRole("dialog", { name: "Keyboard shortcuts" });
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain("Resolve the conversation");
    await page.keyboard.press("j"); // off inside the dialog
    expect(await page.evaluate(() => document.activeElement?.closest("dialog") !== null)).toBe(true);
    await page.keyboard.press("Escape");
    await dialog.waitFor({ state: "hidden" });
    await page.keyboard.press("j");
    await expect.poll(() => ids.indexOf(open())).toBe(1);

    // e resolves the open conversation.
    await page.keyboard.press("e");
    await page.locator('[data-testid="thread-reopen"]').waitFor();
    await expect.poll(() => page.locator('[data-testid="conversation-row"][aria-current="true"]').textContent()).toContain("Resolved");

    // The rows are one Tab stop, the open one; the arrows move between them and Enter opens.
    await page.locator('[data-testid="conversation-row"][aria-current="true"]').focus();
    expect(await page.locator('[data-testid="conversation-row"][tabindex="0"]').count()).toBe(1);
    await page.keyboard.press("ArrowDown");
    expect(await page.evaluate(() => document.activeElement?.getAttribute("data-conversation-id"))).toBe(ids[2]);
    await page.keyboard.press("Enter");
    await expect.poll(open).toBe(ids[2]);
    await expect.poll(() => contact.textContent()).toContain(names[2]);

    // Assigned to Sam Carter: the list shows the initials, and the name to screen readers.
    await page.selectOption('[data-testid="thread-assign"]', { label: "Sam Carter" });
    const assignee = page.locator(`[data-conversation-id="${ids[2]}"] [data-testid="conversation-assignee"]`);
    await assignee.waitFor();
    expect(await assignee.locator('[aria-hidden="true"]').textContent()).toBe("SC");
    expect(await assignee.textContent()).toContain("Assigned to Sam Carter");
    expect(await page.locator(`[data-conversation-id="${ids[0]}"] [data-testid="conversation-assignee"]`).count()).toBe(0);
    await context.close();
  });
});
