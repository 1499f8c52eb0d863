/** The bell's failed-post notification: which post (caption, channel, due time) and why, in the reader's language. */
import i18n from "i18next";
import { beforeAll, describe, expect, it } from "vitest";
import { loadAreas } from "../src/i18n";
import { failedPostText } from "../src/components/notifications/failed-post";

beforeAll(async () => {
  await i18n.loadLanguages(["fr", "en"]);
  // The bell's words on every page; `serverErrors` loaded when the panel lists a coded failure.
  await loadAreas(["notifications", "serverErrors"]);
});

const when = (iso: string) => `[${iso.slice(11, 16)}]`;
// What the notifications scan stores for a post Instagram refused for its shape.
const stored = {
  publicationId: "p1",
  errorClass: "invalid_media",
  reason: "Instagram refused the image's shape: feed images must be between 4:5 (portrait) and 1.91:1 (landscape).",
  reasonCode: "publication.ig_aspect_ratio",
  reasonParams: { detail: "Aspect ratio not supported" },
  excerpt: "Les nouveautés du printemps arrivent en boutique dès samedi : robes, sandales",
  channelName: "Maison Lune",
  platform: "instagram",
  dueAt: "2026-12-05T13:00:00.000Z",
};

describe("a failed post in the notification bell", () => {
  it("names the post by its caption's start, its channel and due time, and says why in French", async () => {
    await i18n.changeLanguage("fr");
    const text = failedPostText(i18n.t, stored, 1, when);
    expect(text).toBe(
      "« Les nouveautés du printemps arrivent en… » sur Maison Lune, prévue le [13:00], n’a pas pu être publiée : Instagram a refusé les proportions de l’image : entre 4:5 (portrait) et 1,91:1 (paysage) pour le fil. (Aspect ratio not supported)",
    );
    expect(failedPostText(i18n.t, stored, 3, when)).toMatch(/^« Les nouveautés .* » sur Maison Lune a échoué 3 fois, la dernière prévue le \[13:00\] : Instagram a refusé/);
  });

  it("in English, the same post and reason; never the error class alone", async () => {
    await i18n.changeLanguage("en");
    expect(failedPostText(i18n.t, stored, 1, when)).toBe(
      "“Les nouveautés du printemps arrivent en…” on Maison Lune, due [13:00], could not be published: Instagram refused the image's shape: feed images must be between 4:5 (portrait) and 1.91:1 (landscape). (Aspect ratio not supported)",
    );
  });

  it("a post without a caption (a WhatsApp template) and a reason without a code: the error class, in French", async () => {
    await i18n.changeLanguage("fr");
    const text = failedPostText(i18n.t, { ...stored, excerpt: null, reasonCode: null, reasonParams: null, platform: "whatsapp", channelName: "Boutique WA" }, 1, when);
    expect(text).toBe(`Une publication sur Boutique WA, prévue le [13:00], n’a pas pu être publiée : l’image ou la vidéo a été refusée (taille, format ou proportions)`);
    expect(text).not.toContain("Instagram refused");
  });
});
