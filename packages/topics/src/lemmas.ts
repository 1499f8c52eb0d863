/**
 * Irregular forms → lemma, English and French, for the topic embedder's words (before stemming): Snowball stems
 * "sent" / "send", "paid" / "pay", "reçu" / "recevoir", "peux" / "pouvoir" apart, so one need worded in two tenses
 * gave two unrelated features. Built from maintained npm word lists, not written here and never picked from a
 * labelled set:
 * - English: every irregular verb's past and past participle (`english-verbs-irregular`, 569 verbs) and irregular
 *   plurals (`irregular-plurals`, 419 nouns);
 * - French: every conjugated form of Lefff's 7,826 verbs (`french-verbs-lefff`; present, imperfect, future,
 *   conditional, subjunctive present, imperative, participles — not the literary passé simple and imperfect
 *   subjunctive, whose forms collide with common words: "vis", "fut").
 * Only the forms stemming does not already bring to their lemma's stem are kept (so the tables are the gaps Snowball
 * leaves: "pris" → "prendre", not "commandait" → "commander"), and a French form of two verbs with different stems
 * ("suis": être / suivre) is left as it is. Accents are stripped as triage's `normalize` does.
 * wink-lemmatizer was not used: it needs the word's part of speech (a message's words come untagged), applies its
 * suffix rules to regular forms too, and pulls in a 13 MB lexicon.
 */
import { createRequire } from "node:module";
import irregularPlurals from "irregular-plurals";
import { normalize, stemsIn, type Language } from "@sillage/triage";

const require = createRequire(import.meta.url);

type Table = ReadonlyMap<string, string>;

function stemOf(word: string, language: Language): string {
  return stemsIn(word, language)[0]!;
}

let english: Table | undefined;
function englishTable(): Table {
  if (english) return english;
  const verbs = require("english-verbs-irregular/dist/verbs.json") as Record<string, string[][]>;
  const table = new Map<string, string>();
  const add = (form: string, lemma: string) => {
    const f = normalize(form);
    const l = normalize(lemma);
    if (/[^a-z]/.test(f) || /[^a-z]/.test(l) || stemOf(f, "en") === stemOf(l, "en")) return;
    if (!table.has(f)) table.set(f, l);
  };
  for (const [base, forms] of Object.entries(verbs)) for (const [past, participle] of forms) for (const f of [past, participle]) if (f) add(f, base);
  for (const [singular, plural] of irregularPlurals) add(plural, singular);
  return (english = table);
}

// Lefff's tenses: P present, I imperfect, F future, C conditional, S subjunctive, Y imperative, K past participle,
// G present participle (J passé simple, T imperfect subjunctive and W infinitive left out).
const FRENCH_TENSES = ["P", "I", "F", "C", "S", "Y", "K", "G"] as const;

let french: Table | undefined;
function frenchTable(): Table {
  if (french) return french;
  const verbs = require("french-verbs-lefff/dist/conjugations.json") as Record<string, Partial<Record<string, (string | null)[]>>>;
  const lemmas = new Map<string, Set<string>>();
  for (const [infinitive, tenses] of Object.entries(verbs)) {
    const lemma = normalize(infinitive);
    const lemmaStem = stemOf(lemma, "fr");
    for (const tense of FRENCH_TENSES) {
      for (const form of tenses[tense] ?? []) {
        if (!form || form === "NA") continue;
        const f = normalize(form);
        if (!/^\p{L}+$/u.test(f) || stemOf(f, "fr") === lemmaStem) continue;
        const seen = lemmas.get(f) ?? new Set<string>();
        seen.add(lemma);
        lemmas.set(f, seen);
      }
    }
  }
  const table = new Map<string, string>();
  for (const [form, of] of lemmas) {
    const candidates = [...of];
    if (new Set(candidates.map((l) => stemOf(l, "fr"))).size === 1) table.set(form, candidates[0]!);
  }
  return (french = table);
}

/**
 * A word's lemma when it is an irregular form of the text's language (`null`: not known, English first then French),
 * else the word itself.
 */
export function lemmaOf(word: string, language: Language | null): string {
  if (language !== "fr") {
    const l = englishTable().get(word);
    if (l !== undefined) return l;
  }
  if (language !== "en") {
    const l = frenchTable().get(word);
    if (l !== undefined) return l;
  }
  return word;
}
