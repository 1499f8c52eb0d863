// Time zones as the reader says them, not as IANA spells them: "heure d’Europe centrale", not "Europe/Paris".
import { describe, expect, it } from "vitest";
import { zoneName } from "../src/lib/timezones";

const AT = new Date("2026-12-03T12:00:00Z");

describe("zoneName", () => {
  it("names a zone in the reader's language when Intl has a generic name for it", () => {
    expect(zoneName("Europe/Paris", "fr-FR", AT)).toBe("heure d’Europe centrale");
    expect(zoneName("Europe/Paris", "en-GB", AT)).toBe("Central European Time");
    expect(zoneName("America/Martinique", "fr-FR", AT)).toMatch(/^heure .*Atlantique/);
    expect(zoneName("America/Martinique", "en-GB", AT)).toMatch(/^Atlantic .*Time$/);
  });

  it("falls back to the id's city when Intl only knows an offset for it", () => {
    expect(zoneName("UTC", "fr-FR", AT)).toBe("UTC");
    expect(zoneName("UTC", "en-GB", AT)).toBe("UTC");
    expect(zoneName("Etc/GMT+5", "fr-FR", AT)).toBe("GMT+5");
  });

  it("falls back to the id's city, without underscores, for an id the browser does not know", () => {
    expect(zoneName("Mars/Olympus_Mons", "fr-FR", AT)).toBe("Olympus Mons");
    expect(zoneName("Mars/Olympus_Mons", "en-GB", AT)).toBe("Olympus Mons");
  });
});
