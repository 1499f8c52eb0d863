/**
 * A customer's edited or unsent message in the thread, in French and English: "edited" opens on what it said before;
 * an unsent message shows only that it was unsent, none of its text.
 */
import i18n from "i18next";
import { createElement } from "react";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadAreas } from "../src/i18n";
import { MessageText, type MessageTextProps } from "../src/components/inbox/MessageText";
import { renderIn } from "./markup";

beforeAll(async () => {
  await i18n.loadLanguages(["fr", "en"]);
  // The words of the page that shows it (its route loads them in the app).
  await loadAreas(["inbox"]);
});
afterAll(async () => {
  await i18n.changeLanguage("fr");
});

function render(lang: "fr" | "en", props: Partial<MessageTextProps>) {
  return renderIn(lang, createElement(MessageText, { text: null, type: "text", hasMedia: false, deletedAt: null, editedAt: null, previousTexts: [], ...props }));
}

const edited: Partial<MessageTextProps> = {
  text: "Je voudrais la taille L",
  editedAt: "2026-12-03T10:05:00Z",
  previousTexts: [
    { text: "Je voudrais la taille M", at: "2026-12-03T10:00:00Z" },
    { text: null, at: "2026-12-03T10:02:00Z" },
  ],
};

describe("an edited message", () => {
  it("shows its text, marked edited, opening on what it said before (French)", async () => {
    const { html, text } = await render("fr", edited);
    expect(html).toContain('data-testid="message-edited"');
    expect(html).toMatch(/<details[^>]*>\s*<summary[^>]*title="Modifié par le client le [^"]+ : ce qu’il disait avant"/);
    expect(text).toMatch(/^Je voudrais la taille L modifié Avant, le .+ Je voudrais la taille M Avant, le .+ \(sans texte\)$/);
    expect(html.match(/data-testid="message-previous-text"/g)).toHaveLength(2);
  });

  it("in English", async () => {
    const { text } = await render("en", edited);
    expect(text).toMatch(/^Je voudrais la taille L edited Before, .+ Je voudrais la taille M Before, .+ \(no text\)$/);
  });

  it("a message never edited has no mark", async () => {
    const { html } = await render("en", { text: "Bonjour" });
    expect(html).not.toContain("message-edited");
  });
});

describe("an unsent message", () => {
  it("says it was unsent and shows none of its text, before or after an edit", async () => {
    for (const [lang, words] of [
      ["fr", "Message retiré par le client"],
      ["en", "Message unsent by the customer"],
    ] as const) {
      const { html, text } = await render(lang, { ...edited, deletedAt: "2026-12-03T10:06:00Z" });
      expect(text).toBe(words);
      expect(html).not.toContain("taille");
      expect(html).not.toContain("message-edited");
    }
  });
});
