/**
 * A text's language for the topic embedder: French or English when triage's function-word count (`detectLanguage`,
 * accents as tie-breaker) says so, `null` when it cannot tell (a tie, no function word: "card declined").
 */
import { detectLanguage, type Language } from "@sillage/triage";

export function textLanguage(text: string): Language | null {
  // detectLanguage falls back on its second argument when the evidence is even: two fallbacks that disagree mean a tie.
  const asFrench = detectLanguage(text, "fr");
  return asFrench === detectLanguage(text, "en") ? asFrench : null;
}
