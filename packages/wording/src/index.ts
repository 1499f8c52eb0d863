/**
 * Words the server and the SPA both show, FR/EN data with no dependency: one copy (the SPA's dictionaries import a
 * language file each, `@sillage/wording/fr` or `/en`, so a page downloads one language; the e-mails read both here).
 */
import { failureReasons as en } from "./en/failures";
import { publicationReasons as enPublication } from "./en/publication";
import { failureReasons as fr } from "./fr/failures";
import { publicationReasons as frPublication } from "./fr/publication";
import { withBroadcastWords } from "./broadcast";

export type WordingLanguage = "fr" | "en";
export type FailureReason = keyof typeof en;
export type PublicationReasonCode = keyof typeof enPublication;

export const FAILURE_REASONS: Record<WordingLanguage, Record<FailureReason, string>> = { fr, en };
export const PUBLICATION_REASON_WORDING: Record<WordingLanguage, Record<PublicationReasonCode, string>> = { fr: frPublication, en: enPublication };

/** A failure's error class in `lang`, or null for a class this table does not word. */
export function failureReasonOf(lang: WordingLanguage, errorClass: unknown): string | null {
  return typeof errorClass === "string" && Object.hasOwn(en, errorClass) ? FAILURE_REASONS[lang][errorClass as FailureReason] : null;
}

/** Platform names inside parameters, as people write them (the SPA's `lib/errors.ts` does the same). */
const PLATFORMS: Record<string, string> = { whatsapp: "WhatsApp", instagram: "Instagram" };

/**
 * A stored `publication.<code>` reason in `lang` with its parameters filled in (numbers in the reader's format), or
 * null for a code this table does not word. `detail` (Meta's own words) is never put in: the caller decides.
 */
export function publicationReasonOf(lang: WordingLanguage, code: unknown, params: Record<string, unknown> = {}): string | null {
  const bare = typeof code === "string" && code.startsWith("publication.") ? code.slice("publication.".length) : null;
  if (bare === null || !Object.hasOwn(enPublication, bare)) return null;
  const all = withBroadcastWords(lang, params) as Record<string, unknown>;
  return PUBLICATION_REASON_WORDING[lang][bare as PublicationReasonCode].replace(/\{\{(\w+)\}\}/g, (_, k: string) => {
    const v = all[k];
    if (typeof v === "number") return v.toLocaleString(lang === "en" ? "en-GB" : "fr-FR");
    return typeof v === "string" ? (PLATFORMS[v] ?? v) : "";
  });
}
export { BROADCAST_WORD_PARAMS, withBroadcastWords } from "./broadcast";
