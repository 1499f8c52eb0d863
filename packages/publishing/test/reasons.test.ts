import { PlatformError } from "@sillage/connectors";
import { BROADCAST_WORD_PARAMS, PUBLICATION_REASON_WORDING, publicationReasonOf } from "@sillage/wording";
import { describe, expect, it } from "vitest";
import { INSTAGRAM_SUBCODE_REASONS, PUBLICATION_REASONS, reasonText } from "../src/reasons";
import { summarizeError } from "../src/retry";

// The parameters a sentence reads from what publishing stores: the words of a broadcast's counts are derived per language.
const derived = new Set<string>(BROADCAST_WORD_PARAMS);
const params = (template: string) => [...template.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]!).filter((p) => !derived.has(p)).sort();

/** Every code publishing stores as `publication.<code>` must read in French and in English, from @sillage/wording. */
describe("publication reasons: one FR/EN wording for every code the server stores", () => {
  const codes = Object.keys(PUBLICATION_REASONS) as (keyof typeof PUBLICATION_REASONS)[];

  it(`${codes.length} codes, each with a French and an English sentence taking the same parameters`, () => {
    expect(codes.length).toBeGreaterThan(20);
    const missing: string[] = [];
    for (const code of codes) {
      const en = PUBLICATION_REASON_WORDING.en[code];
      const fr = PUBLICATION_REASON_WORDING.fr[code];
      if (!en?.trim()) missing.push(`en: ${code}`);
      if (!fr?.trim()) missing.push(`fr: ${code}`);
      // A French sentence left in English is not a translation.
      else if (fr === en) missing.push(`fr: ${code} is the English sentence`);
      if (en && fr && params(en).join() !== params(fr).join()) missing.push(`fr: ${code} takes {{${params(fr).join()}}}, en {{${params(en).join()}}}`);
    }
    expect(missing).toEqual([]);
  });

  it("every Instagram subcode maps to a worded code, and the English kept for API clients is the wording's", () => {
    for (const code of Object.values(INSTAGRAM_SUBCODE_REASONS)) expect(PUBLICATION_REASON_WORDING.fr[code]).toBeTruthy();
    expect(reasonText("skipped_late", { minutes: 15 })).toBe("Skipped: Sillage could not publish it within 15 minutes of its time.");
    expect(summarizeError(new Error("boom")).userMessage).toBe(PUBLICATION_REASON_WORDING.en.internal_error);
  });

  it("a stored reason renders with its parameters in each language, Meta's words left to the caller", () => {
    const stored = summarizeError(new PlatformError({ kind: "invalid_media", retryable: false, platform: "instagram", code: 36003, subcode: 2207009, message: "Aspect ratio not supported", userMessage: "x" })).reason;
    expect(stored.code).toBe("publication.ig_aspect_ratio");
    expect(publicationReasonOf("fr", stored.code, stored.params)).toBe(PUBLICATION_REASON_WORDING.fr.ig_aspect_ratio);
    expect(publicationReasonOf("fr", stored.code, stored.params)).not.toContain("Aspect ratio not supported");
    expect(publicationReasonOf("fr", "publication.channel_disconnected", { platform: "whatsapp" })).toBe("Reconnectez le canal WhatsApp : il n’est plus connecté.");
    expect(publicationReasonOf("en", "publication.sent_to_none", { total: 1200, failed: 1200, uncertain: 0, skipped: 0 })).toBe("Sent to none of the 1,200 recipients: 1,200 failed.");
    expect(publicationReasonOf("fr", "publication.nope", {})).toBeNull();
    expect(publicationReasonOf("fr", "platform.policy", {})).toBeNull();
  });
});

describe("a broadcast's outcome: publishing stores counts, the wording words them in each language", () => {
  it("each count with its plural, the zeros left out, in French and in English", () => {
    const some = { sent: 2, total: 3, failed: 1, uncertain: 0, skipped: 0 };
    expect(publicationReasonOf("fr", "publication.sent_to_some", some)).toBe("Publiée pour 2 des 3 destinataires : 1 en échec.");
    expect(publicationReasonOf("en", "publication.sent_to_some", some)).toBe("Published to 2 of 3 recipients: 1 failed.");
    const mixed = { sent: 1, total: 1250, failed: 2, uncertain: 1, skipped: 1246 };
    expect(publicationReasonOf("fr", "publication.sent_to_some", mixed)).toBe("Publiée pour 1 des 1 250 destinataires : 2 en échec, 1 incertain (peut-être reçu), 1 246 ignorés.".replace(/ (?=\d{3}\b)/g, "\u202f"));
    expect(publicationReasonOf("fr", "publication.sent_to_none", { sent: 0, total: 1, failed: 1, uncertain: 0, skipped: 0 })).toBe("Envoyée à personne (1 destinataire) : 1 en échec.");
    expect(publicationReasonOf("fr", "publication.stopped_after_sending", { sent: 1 })).toBe("Arrêtée à la demande : envoyée à 1 destinataire, les autres n’ont rien reçu.");
    expect(publicationReasonOf("en", "publication.stopped_after_sending", { sent: 12 })).toBe("Stopped on request after sending to 12 recipients; the others got nothing.");
  });
});
