/** The composer's previews: the caption as Instagram folds it, a WhatsApp template with its parameters filled in. */
import i18n from "i18next";
import { beforeAll, describe, expect, it } from "vitest";
import { loadAreas } from "../src/i18n";
import { CAPTION_CUT, fillTemplate, foldCaption } from "../src/components/schedule/PostPreview";
import { describeRule } from "../src/components/schedule/recurrence";

beforeAll(async () => {
  await i18n.loadLanguages(["fr", "en"]);
  // The words of the page that shows it (its route loads them in the app).
  await loadAreas(["schedule", "scheduleUx"]);
});

describe("Instagram caption fold", () => {
  it("shows a short caption whole", () => {
    expect(foldCaption("Bonjour à tous")).toEqual({ shown: "Bonjour à tous", folded: false });
  });
  it("cuts a long caption at a word boundary before the limit", () => {
    const long = "Les nouveautés du printemps arrivent en boutique cette semaine : robes, chemises et accessoires en lin, à découvrir dès samedi. #printemps";
    const { shown, folded } = foldCaption(long);
    expect(folded).toBe(true);
    expect([...shown].length).toBeLessThanOrEqual(CAPTION_CUT);
    expect(long.startsWith(shown)).toBe(true);
    expect(long[shown.length]).toBe(" ");
  });
  it("folds after two lines even when short", () => {
    expect(foldCaption("un\ndeux\ntrois")).toEqual({ shown: "un\ndeux", folded: true });
  });
});

describe("WhatsApp template preview", () => {
  it("fills {{n}} in order and marks the missing ones", () => {
    expect(fillTemplate("Bonjour {{1}}, -{{2}}% ce week-end", ["Ana"])).toEqual([{ text: "Bonjour " }, { text: "Ana" }, { text: ", -" }, { text: "{{2}}", missing: 2 }, { text: "% ce week-end" }]);
    expect(fillTemplate("Sans paramètre", [])).toEqual([{ text: "Sans paramètre" }]);
  });
});

describe("series summary names the weekday", () => {
  it("reads a weekly rule with or without BYDAY in French and English", async () => {
    await i18n.changeLanguage("fr");
    expect(describeRule("FREQ=WEEKLY;BYDAY=SU", "2030-01-06T09:00", i18n.t, "fr")).toBe("Tous les dimanches à 09:00");
    expect(describeRule("FREQ=WEEKLY", "2030-01-06T09:00", i18n.t, "fr")).toBe("Tous les dimanches à 09:00");
    await i18n.changeLanguage("en");
    expect(describeRule("FREQ=WEEKLY", "2030-01-06T09:00", i18n.t, "en")).toBe("Every Sunday at 09:00");
  });
});
