import { describe, expect, it } from "vitest";
import { postTrpc, signUp, untilReceiving } from "../support/session";
import { fakeGraphSuite } from "../support/suite";

// The fake Graph API runs in this test process: the test plays the customer commenting (a signed `comments` webhook
// to the server) and reads what the server did on Instagram.
const suite = fakeGraphSuite();

describe("/comments", () => {
  it("a comment arrives live on /comments and is answered from the UI", async () => {
    const account = suite.fake.control.createInstagramAccount({ variant: "instagram", username: "boutique.lou" });
    const context = await suite.browser.newContext({ locale: "fr-FR", timezoneId: "Europe/Paris" });
    const page = await context.newPage();
    await signUp(page, suite.server.url, { name: "Lou Bernard", email: "lou-comments@example.com", password: "une phrase de passe longue", workspaceName: "Boutique Lou" });
    expect(await postTrpc(page, "channels.connectInstagram", { accessToken: account.token })).toBe(200);
    await untilReceiving(page);
    // A post published on the Instagram app (outside Sillage): its first comment makes it followed.
    // Its image as Graph serves it (media_url; a 1×1 GIF here: the CSP allows data: and the app's origin).
    const media = suite.fake.control.seedInstagramMedia({ igUserId: account.igUserId, caption: "La robe lin bleue est arrivée", imageUrl: "data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7" });

    await page.click('[data-testid="nav-comments"]');
    await page.waitForSelector('[data-testid="comments"]');
    await page.waitForLoadState("networkidle");
    expect(await page.locator('[data-testid="comment-post"]').count()).toBe(0);

    // The customer comments: the post and its count appear without a reload.
    const comment = suite.fake.control.customerComment({ mediaId: media.id, from: "17841400000000001", username: "ines.m", text: "Elle existe en 38 ?" });
    const post = page.locator('[data-testid="comment-post"]', { hasText: "La robe lin bleue" });
    await post.waitFor({ timeout: 10_000 });
    await page.locator('[data-testid="post-new"]', { hasText: "1 nouveau" }).waitFor({ timeout: 10_000 });
    expect(await post.locator('[data-testid="post-polling"]').textContent()).toMatch(/jusqu’au/);
    // The post's thumbnail, its alt text the caption's start.
    const thumb = post.locator('[data-testid="post-thumb"]');
    await thumb.waitFor();
    expect(await thumb.getAttribute("alt")).toBe("La robe lin bleue est arrivée");
    await expect.poll(() => thumb.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
    // An image that no longer loads (an expired CDN URL) falls back to the icon.
    const gone = suite.fake.control.seedInstagramMedia({ igUserId: account.igUserId, caption: "Image expirée", imageUrl: `${suite.server.url}/media/expired.jpg` });
    suite.fake.control.customerComment({ mediaId: gone.id, from: "17841400000000002", username: "lea.b", text: "Joli !" });
    const gonePost = page.locator('[data-testid="comment-post"]', { hasText: "Image expirée" });
    await gonePost.waitFor({ timeout: 10_000 });
    await expect.poll(() => gonePost.locator('[data-testid="post-thumb"]').count(), { timeout: 10_000 }).toBe(0);
    expect(await gonePost.locator(".comments__thumb svg").count()).toBe(1);

    await post.click();
    const card = page.locator('[data-testid="comment"]', { hasText: "Elle existe en 38" });
    await card.waitFor();
    expect(await card.textContent()).toContain("@ines.m");
    // The post's own topics strip (by its Instagram media id): none yet, it says from how many comments they come.
    const postTopics = page.locator('[data-testid="comments-topics"] [data-testid="topics-empty"]');
    await postTopics.waitFor({ timeout: 10_000 });
    expect(await postTopics.textContent()).toMatch(/cette publication.*20 commentaires/);
    // Triage decided it (no knowledge: a person answers), with its reason in French.
    await card.locator('[data-testid="comment-triage"]').waitFor({ timeout: 10_000 });
    expect(await card.locator('[data-testid="comment-reason"]').textContent()).toBeTruthy();

    // The agent answers publicly from the page; Instagram (the fake) receives the reply under the comment.
    await card.locator('[data-testid="comment-reply"]').click();
    await card.locator('[data-testid="reply-text"]').fill("Oui, en 38 et en 40 !");
    await card.locator('[data-testid="reply-send"]').click();
    await expect
      .poll(() => suite.fake.control.comments({ mediaId: media.id }).filter((c) => c.parentId === comment.id).map((c) => c.text), { timeout: 10_000 })
      .toEqual(["Oui, en 38 et en 40 !"]);
    // The reply shows nested under the comment, and the post has nothing new left.
    await card.locator('[data-testid="comment-reply-item"], [data-testid="comment-outgoing"]').filter({ hasText: "Oui, en 38 et en 40" }).first().waitFor({ timeout: 10_000 });
    await post.locator('[data-testid="post-new"]').waitFor({ state: "detached", timeout: 10_000 });

    // A private reply: a DM to the comment's author, once.
    await card.locator('[data-testid="comment-reply"]').click();
    await card.locator('[data-testid="reply-mode-private"]').check();
    await card.locator('[data-testid="reply-text"]').fill("Je vous envoie le lien en privé");
    await card.locator('[data-testid="reply-send"]').click();
    await expect.poll(() => suite.fake.control.sentMessages({ channel: "instagram" }).filter((m) => m.kind === "private_reply").length, { timeout: 10_000 }).toBe(1);

    // Hide, with the hidden filter.
    await card.locator('[data-testid="comment-hide"]').click();
    await expect.poll(() => suite.fake.control.comments({ mediaId: media.id }).find((c) => c.id === comment.id)?.hidden, { timeout: 10_000 }).toBe(true);
    await page.click('[data-testid="comments-filter-hidden"]');
    await page.locator('[data-testid="comment"]', { hasText: "Elle existe en 38" }).waitFor();

    // On a phone: one pane at a time.
    await page.setViewportSize({ width: 390, height: 800 });
    expect(await page.locator('[data-testid="comment-posts"]').isVisible()).toBe(false);
    await page.click('[data-testid="comments-back"]');
    await page.locator('[data-testid="comment-posts"]').waitFor();
    await context.close();
  });
});
