// How long ago, as a person writes it: Intl's "cette minute-ci" / "this minute" for a message just in reads oddly.
import { describe, expect, it } from "vitest";
import { common as en } from "../src/i18n/en/common";
import { common as fr } from "../src/i18n/fr/common";
import { relativeTime } from "../src/lib/format";

const frFormat = new Intl.RelativeTimeFormat("fr-FR", { numeric: "auto" });
const enFormat = new Intl.RelativeTimeFormat("en-GB", { numeric: "auto" });

describe("relativeTime", () => {
  it("says « à l’instant » / « just now » for under a minute ago, not Intl's « cette minute-ci »", () => {
    expect(relativeTime(frFormat, fr, -20_000)).toBe("à l’instant");
    expect(relativeTime(enFormat, en, -20_000)).toBe("just now");
    expect(relativeTime(frFormat, fr, 0)).toBe("à l’instant");
    expect(relativeTime(frFormat, fr, 30_000)).toBe("dans un instant");
    expect(relativeTime(enFormat, en, 30_000)).toBe("in a moment");
  });

  it("keeps Intl's words from a minute on, in the largest whole unit", () => {
    expect(relativeTime(frFormat, fr, -5 * 60_000)).toBe("il y a 5 minutes");
    expect(relativeTime(enFormat, en, -2 * 3_600_000)).toBe("2 hours ago");
    expect(relativeTime(frFormat, fr, 3 * 86_400_000)).toBe("dans 3 jours");
    expect(relativeTime(frFormat, fr, -86_400_000)).toBe("hier");
  });
});
