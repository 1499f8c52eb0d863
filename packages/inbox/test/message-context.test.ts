// What the thread shows a message is about, read from what ingestion kept: only http(s) links, a post shared once.
import { describe, expect, it } from "vitest";
import { messageContext } from "../src/message-context";

const att = (type: string, url: string | null, extra: Record<string, unknown> = {}) => ({ type, url, mediaId: null, mimeType: null, sha256: null, caption: null, filename: null, voice: false, ...extra });

describe("messageContext", () => {
  it("a post shared as share + ig_post shows once (as ig_post); fetched files are not links; ours (stored) neither", () => {
    const c = messageContext({
      raw: { messageType: "share" },
      attachments: [att("share", "https://x/p", { caption: "Robe" }), att("ig_post", "https://x/p", { caption: "Robe" }), att("image", "https://x/i"), { type: "image", url: "https://s/1", key: "k", mimeType: "image/jpeg" }],
    });
    expect(c.links).toEqual([{ type: "ig_post", url: "https://x/p", title: "Robe" }]);
    // ig_post first, then its share twin: still one.
    expect(messageContext({ raw: null, attachments: [att("ig_post", "https://x/p"), att("share", "https://x/p")] }).links).toEqual([{ type: "ig_post", url: "https://x/p", title: null }]);
  });

  it("an echo's files (sent from the Instagram app, never fetched) are links", () => {
    expect(messageContext({ raw: { echo: true }, attachments: [att("image", "https://x/i")] }).links).toEqual([{ type: "image", url: "https://x/i", title: null }]);
  });

  it("never hands over a link that is not http(s)", () => {
    const c = messageContext({ raw: { extra: { replyToStory: { id: "1", url: "javascript:alert(1)" } } }, attachments: [att("share", "data:text/html,x")] });
    expect(c).toEqual({ storyReply: { id: "1", url: null }, links: [{ type: "share", url: null, title: null }], referral: null, threadControl: null });
  });

  it("a referral only on a referral notice; garbage reads as nothing", () => {
    const referral = { ref: "bio", source: "IGME-SOURCE-LINK", type: "OPEN_THREAD" };
    expect(messageContext({ raw: { messageType: "referral", extra: { referral } }, attachments: null }).referral).toEqual({ source: "IGME-SOURCE-LINK", ref: "bio", adId: null, adTitle: null });
    expect(messageContext({ raw: { messageType: "postback", extra: { referral } }, attachments: null }).referral).toMatchObject({ ref: "bio" });
    // WhatsApp's click-to-WhatsApp referral rides on a customer's message: not a notice.
    expect(messageContext({ raw: { messageType: "text", extra: { referral } }, attachments: null }).referral).toBeNull();
    expect(messageContext({ raw: "x", attachments: "y" })).toEqual({ storyReply: null, links: [], referral: null, threadControl: null });
  });
});
