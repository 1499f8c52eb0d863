/**
 * Topic labels without a model: class-based TF-IDF (Grootendorst, BERTopic). Each cluster's texts form one document;
 * a term's weight in a cluster is its L1-normalised frequency there times log(1 + A / f), A the average number of
 * words per cluster and f the term's frequency over all clusters: terms frequent in one topic and rare elsewhere win.
 * French and English stop words come from @orama/stopwords (maintained lists), plus greetings and politeness.
 */
import { stopwords as english } from "@orama/stopwords/english";
import { stopwords as french } from "@orama/stopwords/french";

// Greetings, politeness, "ça" ("c'est ça ?") and the stems English contractions leave once the apostrophe splits them ("didn't" → "didn").
const EXTRA =
  "bonjour bonsoir salut coucou hello hi hey merci thanks thank please svp stp plait madame monsieur ok okay oui non yes ça " +
  "didn doesn don isn wasn aren weren haven hasn hadn won wouldn couldn shouldn can ve ll re im";

function fold(s: string): string {
  return s.normalize("NFD").replace(/\p{M}/gu, "");
}

const STOP = new Set([...english, ...french, ...EXTRA.split(" ")].flatMap((w) => [w.toLowerCase(), fold(w.toLowerCase())]));

/** Lower-cased words (accents kept for display), without stop words, digits-only tokens or one-letter words. */
export function contentWords(text: string): string[] {
  const words = text
    .toLowerCase()
    .replace(/[’']/g, " ")
    .match(/[\p{L}\p{N}]+/gu);
  if (!words) return [];
  return words.filter((w) => w.length > 1 && !/^\d+$/.test(w) && !STOP.has(w) && !STOP.has(fold(w)));
}

/** Unigrams and adjacent content-word bigrams of one text. */
export function terms(text: string): string[] {
  const ws = contentWords(text);
  const out = [...ws];
  for (let i = 0; i + 1 < ws.length; i++) out.push(`${ws[i]} ${ws[i + 1]}`);
  return out;
}

/** The top `k` c-TF-IDF terms of each cluster (clusters given as lists of texts). */
export function classTfIdf(clusters: readonly (readonly string[])[], k = 5): string[][] {
  const counts = clusters.map((texts) => {
    const m = new Map<string, number>();
    for (const t of texts) for (const term of terms(t)) m.set(term, (m.get(term) ?? 0) + 1);
    return m;
  });
  const total = new Map<string, number>();
  let words = 0;
  for (const m of counts) for (const [term, c] of m) {
    total.set(term, (total.get(term) ?? 0) + c);
    if (!term.includes(" ")) words += c;
  }
  const avg = clusters.length ? words / clusters.length : 0;
  return counts.map((m) => {
    let sum = 0;
    for (const c of m.values()) sum += c;
    const all = [...m]
      .map(([term, c]) => [term, (c / (sum || 1)) * Math.log(1 + avg / total.get(term)!)] as const)
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
    // A term seen once in a cluster is an accident, not a topic (unless the cluster is that small); when every term
    // of a cluster is seen once (a few short messages worded apart), its best-scored ones still beat no terms at all,
    // which would make one whole message the label.
    const repeated = m.size < 8 ? all : all.filter(([term]) => m.get(term)! > 1);
    const scored = repeated.length ? repeated : all;
    const picked: string[] = [];
    for (let [term] of scored) {
      if (picked.length >= k) break;
      // A word nearly always said in the same pair reads better as the pair ("card" → "card declined").
      if (!term.includes(" ")) {
        const c = m.get(term)!;
        const pair = scored.find(([t]) => t.includes(" ") && t.split(" ").includes(term) && m.get(t)! >= 0.8 * c && m.get(t)! > 1);
        if (pair) term = pair[0];
      }
      // A bigram makes its own words redundant, and the other way round.
      if (picked.some((p) => p.split(" ").some((w) => term.split(" ").includes(w)))) continue;
      picked.push(term);
    }
    return picked;
  });
}

/** The label shown without a model: the top three terms. */
export function termsLabel(topTerms: readonly string[]): string {
  return topTerms.slice(0, 3).join(" · ");
}
