/** A WhatsApp broadcast's outcome in the post's detail: publishing stores counts, the reader gets a sentence in their language. */
import i18n from "i18next";
import { beforeAll, describe, expect, it } from "vitest";
import { loadAreas } from "../src/i18n";
import { statusReasonText } from "../src/components/schedule/status-reason";

beforeAll(async () => {
  await i18n.loadLanguages(["fr", "en"]);
  // Loaded by the post's detail (useAreas) before it shows a reason.
  await loadAreas(["serverErrors", "planLimits"]);
});

// What publishing stores for a broadcast that reached 2 of its 3 recipients (its English status_reason for API clients).
const partly = {
  status: "published",
  statusReason: "Published to 2 of 3 recipients: 1 failed.",
  statusReasonCode: "publication.sent_to_some",
  statusReasonParams: { sent: 2, total: 3, failed: 1, uncertain: 0, skipped: 0 },
};

describe("a broadcast's outcome in the reader's language", () => {
  it("French: the counts in words, each with its plural, zeros left out; never the English sentence", async () => {
    await i18n.changeLanguage("fr");
    expect(statusReasonText(i18n.t, partly)).toBe("Publiée pour 2 des 3 destinataires : 1 en échec.");
    const none = { ...partly, status: "failed", statusReasonCode: "publication.sent_to_none", statusReasonParams: { sent: 0, total: 4, failed: 1, uncertain: 0, skipped: 3 } };
    expect(statusReasonText(i18n.t, none)).toBe("Envoyée à personne (4 destinataires) : 1 en échec, 3 ignorés.");
  });

  it("English: the same counts", async () => {
    await i18n.changeLanguage("en");
    expect(statusReasonText(i18n.t, { ...partly, statusReasonParams: { sent: 2, total: 5, failed: 0, uncertain: 1, skipped: 2 } })).toBe(
      "Published to 2 of 5 recipients: 1 uncertain (it may have arrived), 2 skipped.",
    );
  });
});
