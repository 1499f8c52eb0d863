/**
 * Text normalization shared by keywords, patterns, embeddings and language detection: NFD, diacritics stripped,
 * lower case, typographic apostrophes unified. "Réclamation", "RECLAMATION" and "réclamation" are one word.
 */

const MARKS = /\p{M}+/gu;
const APOSTROPHES = /[\u2018\u2019\u02BC\u2032\u0060\u00B4]/g;
// Letters and digits (any script) make words; each emoji is a word of its own (skin tones, joiners and variation
// selectors are not: 👍🏽 is 👍), so a rule can name a reaction and the embedder gives it a vector.
const WORD = /[\p{L}\p{N}]+|\p{Extended_Pictographic}/gu;
const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;

/** True when a word is made of letters or digits (not an emoji). */
export function isTextWord(word: string): boolean {
  return LETTER_OR_DIGIT.test(word);
}

export function normalize(text: string): string {
  return text.normalize("NFD").replace(MARKS, "").toLowerCase().replace(APOSTROPHES, "'").normalize("NFC");
}

/** Words of a normalized text; "l'avocat" gives "l" and "avocat", so elided articles do not hide a keyword. */
export function words(normalized: string): string[] {
  return normalized.match(WORD) ?? [];
}

export function tokenize(text: string): string[] {
  return words(normalize(text));
}

/**
 * A keyword as written in a rule: one word or a phrase, matched on whole words; a trailing `*` matches any ending
 * ("rembours*" → remboursement, rembourser) and a plural in -s / -x matches. Punctuation is ignored like in the message.
 */
export interface CompiledKeyword {
  source: string;
  parts: string[];
  prefix: boolean;
  /** Made only of emoji: matches only messages without any word ("👍" ignores a reaction, not a question with 👍). */
  emojiOnly: boolean;
}

export function compileKeyword(source: string): CompiledKeyword | null {
  const trimmed = source.trim();
  const prefix = trimmed.endsWith("*");
  const parts = tokenize(prefix ? trimmed.slice(0, -1) : trimmed);
  if (!parts.length) return null;
  return { source: trimmed, parts, prefix, emojiOnly: !parts.some(isTextWord) };
}

/** Plurals count: "événement" matches "evenements", "cadeau" matches "cadeaux". */
function same(word: string, part: string): boolean {
  return word === part || (word.length === part.length + 1 && word.startsWith(part) && (word.endsWith("s") || word.endsWith("x")));
}

/** Words of a message with an index for fast keyword checks. */
export class WordIndex {
  readonly positions = new Map<string, number[]>();
  /** No letter or digit: emoji, reactions, or nothing. */
  readonly textless: boolean;
  constructor(readonly words: readonly string[]) {
    this.textless = !words.some(isTextWord);
    words.forEach((w, i) => {
      const list = this.positions.get(w);
      if (list) list.push(i);
      else this.positions.set(w, [i]);
    });
  }

  matches(k: CompiledKeyword): boolean {
    const { parts, prefix } = k;
    if (k.emojiOnly && !this.textless) return false;
    const last = parts.length - 1;
    const first = parts[0]!;
    const starts: number[] =
      last === 0 && prefix
        ? this.prefixPositions(first)
        : [...(this.positions.get(first) ?? []), ...(this.positions.get(`${first}s`) ?? []), ...(this.positions.get(`${first}x`) ?? [])];
    if (last === 0) return starts.length > 0;
    for (const start of starts) {
      let ok = true;
      for (let j = 1; j <= last && ok; j++) {
        const w = this.words[start + j];
        ok = w !== undefined && (j === last && prefix ? w.startsWith(parts[j]!) : same(w, parts[j]!));
      }
      if (ok) return true;
    }
    return false;
  }

  private prefixPositions(stem: string): number[] {
    const out: number[] = [];
    for (const [w, pos] of this.positions) if (w.startsWith(stem)) out.push(...pos);
    return out;
  }
}

export type Language = "fr" | "en";

// Short, frequent function words: enough to tell French from English in a chat message.
const FR_WORDS = new Set(
  "le la les un une des du de et est en au aux peut puis je tu il elle nous vous ils elles mon ma mes ton ta tes son sa ses notre votre vos leur ce cet cette ces que qui quoi quand pour pas ne plus avec sans sur dans chez mais ou donc car oui non merci bonjour bonsoir salut svp stp avez avons suis etes sont fait faire peux pouvez veux voudrais combien comment pourquoi ai aussi tres bien encore deja aujourd demain hier votre quel quelle".split(
    " ",
  ),
);
const EN_WORDS = new Set(
  "the a an and is are was were i you he she we they my your his her our their this that these those what who when where why how to of in on at for with without not no yes but or so please thanks thank hello hi hey can could would will do does did have has had am be been there here it its me us them want need get order much many".split(
    " ",
  ),
);

/**
 * French or English from function words (and accents as a tie-breaker), else the fallback (the workspace locale).
 * A library (franc, cld) would cover 100+ languages but misjudges one-line chat messages between two candidates;
 * this needs no data files and is deterministic.
 */
export function detectLanguage(text: string, fallback: Language = "fr"): Language {
  return statedLanguage(text) ?? fallback;
}

/** French or English when the text's own words tell (`detectLanguage` without its fallback), else null. */
export function statedLanguage(text: string): Language | null {
  const ws = tokenize(text);
  let fr = 0;
  let en = 0;
  for (const w of ws) {
    if (FR_WORDS.has(w)) fr++;
    if (EN_WORDS.has(w)) en++;
  }
  if (/[éèêàùçôîœ]/i.test(text)) fr += 0.5;
  // "y a", "il y a" is French, and its "a" is no English article ("y a une reduc a emporter ?").
  const ya = text.match(/(?<![\p{L}\p{N}])y a(?![\p{L}\p{N}])/giu)?.length ?? 0;
  en -= ya;
  fr += ya;
  // "à" loses its accent in the tokens and would count as the English "a" ("Rasage à l'ancienne à la serviette").
  const graves = text.match(/(?<![\p{L}\p{N}])à(?![\p{L}\p{N}])/giu)?.length ?? 0;
  en -= graves;
  fr += graves;
  if (fr > en) return "fr";
  if (en > fr) return "en";
  return null;
}
