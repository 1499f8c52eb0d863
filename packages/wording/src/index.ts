/**
 * Words the server and the SPA both show, FR/EN data with no dependency: one copy (the SPA's dictionaries import a
 * language file each, `@sillage/wording/fr` or `/en`, so a page downloads one language; the e-mails read both here).
 */
import { failureReasons as en } from "./en";
import { failureReasons as fr } from "./fr";

export type WordingLanguage = "fr" | "en";
export type FailureReason = keyof typeof en;

export const FAILURE_REASONS: Record<WordingLanguage, Record<FailureReason, string>> = { fr, en };

/** A failure's error class in `lang`, or null for a class this table does not word. */
export function failureReasonOf(lang: WordingLanguage, errorClass: unknown): string | null {
  return typeof errorClass === "string" && Object.hasOwn(en, errorClass) ? FAILURE_REASONS[lang][errorClass as FailureReason] : null;
}
