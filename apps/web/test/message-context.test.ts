/**
 * What an Instagram message is about, in French and English: a story replied to, a post, reel or story mention shared
 * (with Instagram's link), and where a referral notice says the customer came from.
 */
import i18n from "i18next";
import { createElement } from "react";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadAreas } from "../src/i18n";
import { Handover, MessageContext } from "../src/components/inbox/MessageContext";
import { renderIn } from "./markup";

beforeAll(async () => {
  await i18n.loadLanguages(["fr", "en"]);
  // The words of the page that shows it (its route loads them in the app).
  await loadAreas(["inbox"]);
});
afterAll(async () => {
  await i18n.changeLanguage("fr");
});

type Context = Parameters<typeof MessageContext>[0]["context"];
const empty: Context = { storyReply: null, links: [], referral: null, threadControl: null };

const render = (lang: "fr" | "en", context: Partial<Context>) => renderIn(lang, createElement(MessageContext, { context: { ...empty, ...context } }));

const story = "https://lookaside.fbsbx.com/ig_messaging_cdn/?asset_id=1800";

describe("MessageContext", () => {
  it("a reply to a story says so, with the story's link", async () => {
    const fr = await render("fr", { storyReply: { id: "1800", url: story } });
    expect(fr.text).toBe("A répondu à votre story · Ouvrir");
    expect(fr.html).toContain(`href="${story.replace(/&/g, "&amp;")}"`);
    expect(fr.html).toContain('target="_blank"');
    expect((await render("en", { storyReply: { id: "1800", url: story } })).text).toBe("Replied to your story · Open");
    // A story whose link Meta did not give: the words alone.
    expect((await render("en", { storyReply: { id: "1800", url: null } })).html).not.toContain("<a");
  });

  it("shares: a post with its caption, a reel, a story mention, anything else as an attachment", async () => {
    const links = [
      { type: "ig_post", url: "https://x.example/p", title: "Robe lin" },
      { type: "ig_reel", url: "https://x.example/r", title: null },
      { type: "story_mention", url: "https://x.example/s", title: null },
      { type: "ig_story", url: null, title: null },
      { type: "something_new", url: null, title: null },
    ];
    expect((await render("fr", { links })).text).toBe(
      "A partagé une publication — Robe lin · Ouvrir A partagé un reel · Ouvrir Vous a mentionné dans sa story · Ouvrir A partagé une story A envoyé une pièce jointe",
    );
    expect((await render("en", { links })).text).toBe("Shared a post — Robe lin · Open Shared a reel · Open Mentioned you in their story · Open Shared a story Sent an attachment");
  });

  it("a referral: the ig.me link and its ref, or the ad and its title", async () => {
    const link = { source: "IGME-SOURCE-LINK", ref: "bio", adId: null, adTitle: null };
    const ad = { source: "ADS", ref: null, adId: "120", adTitle: "Soldes d'été" };
    expect((await render("fr", { referral: link })).text).toBe("A ouvert la conversation depuis votre lien ig.me (réf. : bio)");
    expect((await render("en", { referral: ad })).text).toBe("Opened the conversation from your ad — Soldes d'été");
  });

  it("a handover notice says who answers the customer from then on, and the conversation's note says Sillage does not", async () => {
    await loadAreas(["handover"]);
    expect((await render("fr", { threadControl: "other_app" })).text).toBe("Conversation confiée à une autre application");
    expect((await render("en", { threadControl: "this_app" })).text).toBe("Conversation handed back to Sillage");
    const note = await renderIn("fr", createElement(Handover, { owner: "note" }));
    expect(note.text).toMatch(/^Conversation gérée par une autre application .* Sillage n’y répond pas automatiquement/);
    expect((await renderIn("en", createElement(Handover, { owner: "note" }))).text).toMatch(/^Conversation handled by another app .* does not answer it automatically/);
  });
});
