import { describe, expect, it } from "vitest";
import { postTrpc, signUp, untilReceiving } from "../support/session";
import { fakeGraphSuite } from "../support/suite";

// What an Instagram message is about, in the thread, live: a customer replies to the shop's story (its link beside),
// shares a post, then reacts to a message; the reaction shows on that message and is no message of its own. The shop
// then answers from the Instagram app: its echo shows as the team's message, "sent from Instagram".
const suite = fakeGraphSuite();

describe("Instagram story replies, shares and reactions in the thread", () => {
  it("« A répondu à votre story » with the story's link, « A partagé une publication », the reaction on its message, the answer sent from Instagram", async () => {
    const shop = suite.fake.control.createInstagramAccount({ variant: "instagram", username: "maison.lou", humanAgent: true });
    const context = await suite.browser.newContext({ locale: "fr-FR", timezoneId: "Europe/Paris", viewport: { width: 1400, height: 900 } });
    const page = await context.newPage();
    await signUp(page, suite.server.url, { name: "Lou Bernard", email: "lou.stories@example.com", password: "une phrase de passe longue", workspaceName: "Maison Lou" });
    expect(await postTrpc(page, "channels.connectInstagram", { accessToken: shop.token, humanAgent: true })).toBe(200);
    await untilReceiving(page);

    const from = "1786000000451";
    const storyUrl = "https://lookaside.fbsbx.com/ig_messaging_cdn/?asset_id=story-1800";
    const reply = suite.fake.control.customerMessage({ channel: "instagram", igUserId: shop.igUserId, from, text: "Elle existe en bleu ?", replyToStory: { id: "1800", url: storyUrl } });
    suite.fake.control.customerMessage({ channel: "instagram", igUserId: shop.igUserId, from, attachments: [{ type: "ig_post", mediaId: "1813", title: "Robe lin", url: "https://lookaside.fbsbx.com/ig_messaging_cdn/?asset_id=1813" }] });
    await page.click('[data-testid="nav-inbox"]');
    const row = page.locator('[data-testid="conversation-row"]').first();
    await row.waitFor({ timeout: 15_000 });
    await row.click();

    const messages = page.locator('[data-testid="message"]');
    const storyReply = messages.filter({ hasText: "Elle existe en bleu ?" });
    await storyReply.locator('[data-testid="message-story-reply"]').waitFor({ timeout: 15_000 });
    expect(await storyReply.locator('[data-testid="message-story-reply"]').textContent()).toBe("A répondu à votre story · Ouvrir");
    expect(await storyReply.locator('[data-testid="message-story-reply"] a').getAttribute("href")).toBe(storyUrl);
    const shared = page.locator('[data-testid="message-link"]');
    await shared.waitFor({ timeout: 15_000 });
    // One line for the post, though Meta sends it twice (share + ig_post).
    expect(await shared.allTextContents()).toEqual(["A partagé une publication — Robe lin · Ouvrir"]);

    suite.fake.control.customerReaction({ channel: "instagram", igUserId: shop.igUserId, from, mid: reply.id, emoji: "😍" });
    await storyReply.locator('[data-testid="message-reactions"]', { hasText: "😍" }).waitFor({ timeout: 15_000 });
    expect(await messages.count()).toBe(2);

    // Lou answers from the Instagram app itself: Meta echoes it back, and the thread shows it as the shop's, said so.
    const echo = { sender: { id: shop.igUserId }, recipient: { id: from }, timestamp: Date.now(), message: { mid: "ig-app-lou-1", text: "Oui, du 36 au 44 !", is_echo: true } };
    suite.fake.control.sendRawWebhook({ product: "instagram", body: { object: "instagram", entry: [{ id: shop.igUserId, time: Date.now(), messaging: [echo] }] } });
    const fromApp = messages.filter({ hasText: "Oui, du 36 au 44 !" });
    await fromApp.waitFor({ timeout: 15_000 });
    expect(await fromApp.getAttribute("data-direction")).toBe("out");
    expect(await fromApp.locator('[data-testid="message-author"]').textContent()).toBe("Équipe · envoyé depuis Instagram");
    await context.close();
  });
});
