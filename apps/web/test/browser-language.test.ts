import { describe, expect, it } from "vitest";
import { browserLanguage, intlLocale } from "../src/i18n";

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

describe("intlLocale", () => {
  it("writes English dates as the browser's English region does (month first in the US), British when it names none", () => {
    expect(intlLocale("en", ["en-US", "en"])).toBe("en-US");
    expect(intlLocale("en", ["fr-FR", "en-GB"])).toBe("en-GB");
    expect(intlLocale("en", ["de-DE", "en"])).toBe("en-GB");
    expect(intlLocale("en", [])).toBe("en-GB");
    expect(new Intl.DateTimeFormat(intlLocale("en", ["en-US"]), { dateStyle: "medium", timeZone: "UTC" }).format(new Date("2026-12-04T17:38:00Z"))).toBe("Dec 4, 2026");
  });

  it("keeps French dates French whatever the browser prefers", () => {
    expect(intlLocale("fr", ["en-US"])).toBe("fr-FR");
  });
});
