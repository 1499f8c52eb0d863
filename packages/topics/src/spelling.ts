/**
 * Corpus-based spelling folding for the word vectors (`corpus-vectors.ts`): a word seen in only one text of the
 * training corpus, of at least `MIN_LENGTH` letters, one edit (Damerau: insertion, deletion, substitution or adjacent
 * transposition) from a word seen in at least `MIN_FREQUENT_TEXTS` texts is counted as that word ("recieved",
 * "tranfer"). Computed from the texts themselves (no dictionary, no labels), deterministic: of several such words the
 * one in most texts, then the first in alphabetical order. Terms that are not words (concept tokens `#…`, function
 * words `s:…`, numbers) are left alone.
 */

/** A one-text word this short is as likely another word as a typo ("card" / "cart"). */
export const MIN_LENGTH = 5;
/** A word in this many texts is an established spelling of the corpus. */
export const MIN_FREQUENT_TEXTS = 5;

const WORD = /^\p{L}+$/u;

/** Optimal string alignment distance, stopping early once above 1 (only "≤ 1" is asked). */
export function withinOneEdit(a: string, b: string): boolean {
  if (a === b) return true;
  if (Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  const restA = a.slice(i + 1);
  const restB = b.slice(i + 1);
  if (a.length === b.length) return restA === restB || (a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2));
  return a.length > b.length ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
}

function deletions(word: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < word.length; i++) out.push(word.slice(0, i) + word.slice(i + 1));
  return out;
}

/** Term → the frequent term it is folded into, from the training documents (each a text's terms). */
export function spellingFolds(documents: readonly (readonly string[])[]): Map<string, string> {
  const df = new Map<string, number>();
  for (const terms of documents) for (const t of new Set(terms)) df.set(t, (df.get(t) ?? 0) + 1);
  // Symmetric deletion index (SymSpell): a frequent word under itself and each of its one-letter deletions; two words
  // one edit apart share a key, and every shared key is checked with the real distance.
  const byKey = new Map<string, string[]>();
  for (const [t, n] of df) {
    if (n < MIN_FREQUENT_TEXTS || !WORD.test(t)) continue;
    for (const key of [t, ...deletions(t)]) byKey.set(key, [...(byKey.get(key) ?? []), t]);
  }
  const folds = new Map<string, string>();
  for (const [t, n] of df) {
    if (n !== 1 || t.length < MIN_LENGTH || !WORD.test(t)) continue;
    let best: string | undefined;
    for (const key of [t, ...deletions(t)])
      for (const f of byKey.get(key) ?? []) {
        if (f === t || !withinOneEdit(t, f)) continue;
        if (best === undefined || df.get(f)! > df.get(best)! || (df.get(f) === df.get(best) && f < best)) best = f;
      }
    if (best !== undefined) folds.set(t, best);
  }
  return folds;
}
