import { describe, expect, it } from "vitest";
import { browserLanguage } from "../src/i18n";

describe("browserLanguage", () => {
  it("takes the first preferred language Sillage speaks, by its primary subtag", () => {
    expect(browserLanguage(["en-GB", "fr-FR"])).toBe("en");
    expect(browserLanguage(["fr-CA", "en"])).toBe("fr");
    expect(browserLanguage(["de-DE", "EN-us"])).toBe("en");
  });

  it("says none when the browser prefers only languages Sillage does not speak (the product then speaks French)", () => {
    expect(browserLanguage(["de-DE", "es"])).toBeNull();
    expect(browserLanguage([])).toBeNull();
  });
});
