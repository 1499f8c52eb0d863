/** The composer's Instagram words ship with its chunk: present in the start language, and in one switched to later. */
import i18n from "i18next";
import { describe, expect, it } from "vitest";
import { i18nReady } from "../src/i18n";
import { INSTAGRAM_MESSAGES } from "../src/components/schedule/instagram-messages";

describe("the composer's Instagram words", () => {
  it("are there in French at start and in English once switched to (its dictionary loaded after them)", async () => {
    await i18nReady;
    expect(i18n.language).toBe("fr");
    expect(i18n.hasResourceBundle("en", "translation")).toBe(false);
    expect(i18n.t("igComposer.coverKinds.frame" as never)).toBe("Une image de la vidéo");
    await i18n.changeLanguage("en");
    expect(i18n.t("igComposer.coverKinds.frame" as never)).toBe("A frame of the video");
    // The dictionary itself is whole too (not replaced by the added words).
    expect(i18n.t("pages.schedule.composer.igFormat")).toBe("Instagram format");
  });

  it("French uses the typographic apostrophe", () => {
    const words = JSON.stringify(INSTAGRAM_MESSAGES.fr);
    expect(words).not.toMatch(/\p{L}'\p{L}/u);
  });
});
