import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { postTrpc, queryTrpc, signUp, untilReceiving } from "../support/session";
import { fakeGraphSuite } from "../support/suite";

// Internal notes (issue 13): in the reply area's "Note" mode, an agent types "@" and picks a teammate, posts; the
// thread shows the note marked internal, the customer (the fake Graph) receives nothing, and the mentioned teammate's
// list marks the conversation live.
const suite = fakeGraphSuite();

const PHONE = "33612300041";

/** A tRPC mutation from the page that returns its data (postTrpc gives only the status). */
async function mutate<T>(page: Page, procedure: string, input: unknown): Promise<T> {
  return page.evaluate(
    async ({ procedure, input }) => {
      const res = await fetch(`/trpc/${procedure}`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-sillage-workspace": localStorage.getItem("sillage.workspace") ?? "" },
        body: JSON.stringify({ json: input }),
      });
      const body = (await res.json()) as { result?: { data?: { json?: unknown } }; error?: unknown };
      if (!res.ok || !body.result) throw new Error(`${procedure}: HTTP ${res.status} ${JSON.stringify(body.error)}`);
      return body.result.data?.json as never;
    },
    { procedure, input },
  );
}

describe("internal notes with @mentions", () => {
  it("Note mode → @ + a member → post → the thread shows the internal note, nothing is sent, the teammate is marked", async () => {
    const wa = suite.fake.control.createWhatsAppAccount({ windowMode: "async", verifiedName: "Boutique Nina" });
    const context = await suite.browser.newContext({ locale: "fr-FR", timezoneId: "Europe/Paris" });
    const page = await context.newPage();
    await signUp(page, suite.server.url, { name: "Nina Petit", email: "nina.notes@example.com", password: "une phrase de passe longue", workspaceName: "Boutique Nina" });
    expect(await postTrpc(page, "channels.connectWhatsApp", { phoneNumberId: wa.phoneNumberId, wabaId: wa.wabaId, accessToken: wa.token })).toBe(200);
    await untilReceiving(page);
    expect(await postTrpc(page, "workspace.update", { burstWindowSeconds: 1 })).toBe(200);

    // A teammate joins through an invitation, in a browser of her own.
    const { token } = await mutate<{ token: string }>(page, "workspace.invite", { role: "agent" });
    const teammate = await suite.browser.newContext({ locale: "fr-FR", timezoneId: "Europe/Paris" });
    const page2 = await teammate.newPage();
    await page2.goto(`${suite.server.url}/invite/${token}`);
    await page2.fill('input[name="name"]', "Camille Martin");
    await page2.fill('input[name="email"]', "camille.notes@example.com");
    await page2.fill('input[name="password"]', "une autre phrase de passe");
    await page2.click('[data-testid="signup-submit"]');
    await page2.waitForSelector('[data-testid="current-user"]');

    suite.fake.control.customerMessage({ channel: "whatsapp", phoneNumberId: wa.phoneNumberId, from: PHONE, name: "Jeanne Durand", text: "Mon colis n'est pas arrivé" });
    await page.click('[data-testid="nav-inbox"]');
    const row = page.locator('[data-testid="conversation-row"]', { hasText: "Jeanne Durand" });
    await row.waitFor({ timeout: 15_000 });
    await page2.click('[data-testid="nav-inbox"]');
    const row2 = page2.locator('[data-testid="conversation-row"]', { hasText: "Jeanne Durand" });
    await row2.waitFor({ timeout: 15_000 });
    expect(await row2.locator('[data-testid="conversation-mentioned"]').count()).toBe(0);

    // Note mode; "@Cam" offers Camille, Enter picks her.
    await row.click();
    await page.click('[data-testid="reply-mode-note"]');
    await page.locator('[data-testid="note-form"]').waitFor();
    expect(await page.locator('[data-testid="reply-form"]').count()).toBe(0);
    await page.click('[data-testid="note-text"]');
    await page.keyboard.type("@Cam");
    const option = page.locator('[data-testid="note-mention-option"]', { hasText: "Camille Martin" });
    await option.waitFor();
    await page.keyboard.press("Enter");
    // The pick rewrites the text and puts the caret after the name: type on once it has.
    await expect.poll(() => page.inputValue('[data-testid="note-text"]')).toBe("@Camille Martin ");
    await page.keyboard.type("peux-tu vérifier le suivi ?");
    expect(await page.inputValue('[data-testid="note-text"]')).toBe("@Camille Martin peux-tu vérifier le suivi ?");
    await page.click('[data-testid="note-post"]');

    // The thread shows it, marked internal, the mention highlighted.
    const note = page.locator('[data-testid="note"]');
    await note.waitFor();
    expect(await note.locator('[data-testid="note-label"]').textContent()).toBe("Note interne · Nina Petit");
    expect(await note.locator('[data-testid="note-mention"]').textContent()).toBe("@Camille Martin");
    expect(await page.inputValue('[data-testid="note-text"]')).toBe("");
    // The contact panel lists the team's notes on this customer.
    await expect.poll(() => page.locator('[data-testid="contact-panel-notes"]').textContent(), { timeout: 10_000 }).toContain("peux-tu vérifier le suivi ?");

    // The teammate's list marks the conversation, live.
    await row2.locator('[data-testid="conversation-mentioned"]').waitFor({ timeout: 10_000 });

    // Never sent: the fake Graph received nothing, and the thread's messages are the customer's one.
    await new Promise((r) => setTimeout(r, 1000));
    expect(suite.fake.control.sentMessages({ channel: "whatsapp" }).filter((m) => m.to === PHONE)).toEqual([]);
    const conversationId = (await row.getAttribute("data-conversation-id"))!;
    const thread = await queryTrpc<{ messages: { direction: string }[] }>(page, "inbox.messages", { conversationId });
    expect(thread.messages.map((m) => m.direction)).toEqual(["in"]);

    // English: the same note, "Internal note".
    await page.selectOption('[data-testid="language-switcher"]', "en");
    await expect.poll(() => note.locator('[data-testid="note-label"]').textContent()).toBe("Internal note · Nina Petit");
    await teammate.close();
    await context.close();
  });
});
