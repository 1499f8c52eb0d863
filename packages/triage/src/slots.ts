/**
 * What a question asks for (a day, a clock time, a price, a place, a duration) and which of those a sentence gives.
 * "What day is the class?" is answered by the sentence that names a day, not by the page's rule about cancelling:
 * the offline answerer prefers, among sentences that share the question's words, the ones carrying the asked value.
 */
import { normalize } from "./text";

/** `offset`: a delay before or after something ("12 hours before the class"), not how long a thing lasts. */
export type ValueKind = "day" | "clock" | "price" | "place" | "duration" | "offset";

/**
 * The first interrogative of a question decides what it asks ("what happens when a class is full?" asks no time):
 * each is tried at its position, the earliest wins. Written on normalized text (no accents, apostrophes as spaces).
 */
const ASKED: { kinds: readonly ValueKind[]; re: RegExp }[] = [
  { kinds: ["duration"], re: /\b(how long|how many (minutes|hours|days|weeks|months)|how soon|(en |dans )?combien de (temps|minutes|heures|jours|semaines|mois)|quels? delais?|what (is the )?(lead time|turnaround))\b/ },
  { kinds: ["clock"], re: /\b((a|jusqu a|vers|from|until|till|by) )?(quelles? heures?|what time|which time)\b/ },
  { kinds: ["day"], re: /\b(quels? jours?|quelles? dates?|what days?|which days?|what dates?|on what day)\b/ },
  { kinds: ["day", "clock"], re: /\b(quand|when)\b/ },
  // "Combien d'heures ?", "combien de km ?" ask a quantity, not a price.
  { kinds: ["price"], re: /\b(how much|combien(?! (de|d) )|quels? (est le |sont les )?(prix|tarifs?)|what (is |are |s )?(the )?(price|prices|cost|rate|rates|fee|fees))\b/ },
  { kinds: ["place"], re: /\b(where|whereabouts|what address|quelle adresse|c est ou|vous etes ou|etes vous ou|vous etes situes? ou)\b/ },
];
// Interrogatives that ask for none of these ("what happens…", "how do I…", "do you…", "pourquoi…"): when one comes
// first, the question asks no value.
const OTHER_ASKING = /\b(what|how|why|who|which|do|does|did|can|could|is|are|will|would|should|pourquoi|comment|quoi|qui|est ce|peut on|puis je|pouvez)\b/;
// "Où" keeps its accent only in the raw text: without it, "ou" is "or".
const WHERE_ACCENTED = /(^|[^\p{L}])où([^\p{L}]|$)/iu;
// A price noun alone ("prix ?", "price for a trim?") asks a price when no interrogative says otherwise.
const PRICE_NOUN = /\b(prix|tarifs?|price|prices|cost|costs|coute|coutent)\b/;

/** The kinds of value a question asks for, or none when it asks something else (yes/no, how to, why). */
export function askedKinds(question: string): readonly ValueKind[] {
  const text = normalize(question).replace(/'/g, " ");
  let found: { at: number; kinds: readonly ValueKind[] } | null = null;
  for (const { kinds, re } of ASKED) {
    const m = re.exec(text);
    if (m && (!found || m.index < found.at)) found = { at: m.index, kinds };
  }
  const where = WHERE_ACCENTED.exec(question);
  if (where && (!found || where.index < found.at)) found = { at: where.index, kinds: ["place"] };
  // "what day" and "how long" start where "what" and "how" do: at the same place, the value wins.
  const other = OTHER_ASKING.exec(text);
  if (other && (!found || other.index < found.at)) return [];
  // "How long before…?" asks a delay before something; a length also answers it.
  if (found?.kinds.includes("duration") && OFFSET_AFTER.test(text)) return ["offset", "duration"];
  if (found) return found.kinds;
  return PRICE_NOUN.test(text) ? ["price"] : [];
}

const DAYS = String.raw`lundis?|mardis?|mercredis?|jeudis?|vendredis?|samedis?|dimanches?|week[- ]?ends?|en semaine|jours? feries?|mondays?|tuesdays?|wednesdays?|thursdays?|fridays?|saturdays?|sundays?|weekdays?|bank holidays?`;
const MONTHS = String.raw`janvier|fevrier|mars|avril|mai|juin|juillet|aout|septembre|octobre|novembre|decembre|january|february|march|april|may|june|july|august|september|october|november|december`;
const DAY = new RegExp(String.raw`\b(${DAYS}|\d{1,2}(er)? (${MONTHS})|(${MONTHS}) \d{1,2}(st|nd|rd|th)?|\d{1,2}/\d{1,2})\b`);
// A clock time: "10 h", "21 h 30", "10h30", "7am", "14:00", "midi"; "48 h" is a delay, not a time of day.
const CLOCK = /\b(([01]?\d|2[0-4]) ?h( ?[0-5]\d)?|([01]?\d|2[0-4])(:[0-5]\d)? ?(am|pm)|([01]?\d|2[0-4]):[0-5]\d|midi|minuit|noon|midnight)\b/;
const AMOUNT = /(\d+(?:[.,]\d+)? ?(?:€|euros?\b|eur\b)|[€$£] ?\d+(?:[.,]\d+)?)/g;
// An amount after these is a condition ("offerte dès 150 €", "free over €45"), not what something costs.
const THRESHOLD = /\b(des|a partir de|au[- ]dela de|plus de|moins de|jusqu a|from|over|above|more than|under|up to|orders? of|spend(ing)?|achat de)\s*$/;
const FREE = /\b(gratuite?s?|offerte?s?|free)\b/;
// "place" only before a name ("place du Marché"): "takes place", "une place" are no address.
const PLACE = /\b(rue|avenue|boulevard|bd|quai|place (de|du|des|d|saint|st)\b|chemin|allee|impasse|route|street|road|\d{5}|metro|station|etage|floor|en face|a cote|opposite|next to)\b/;
// A duration followed by one of these is a delay before or after something ("annuler jusqu'à 12 heures avant").
const OFFSET_AFTER = /\b(avant|before|apres|after|a l avance|in advance|ahead|early|earlier|plus tot|prior)\b/;
const OFFSET_NEXT = /^\s*(avant|before|apres|after|a l avance|in advance|ahead|early|earlier|plus tot|prior)\b/;
const DURATION =
  /\b(\d+([.,]5)?( (a|to|ou|or|-) \d+)? ?((working|business|calendar|clear) )?(min|mins|minutes?|heures?|hours?|jours?|days?|semaines?|weeks?|mois|months?|ans|an(?! (hour|heure))|years?)|(sous|en|within|in|under|dans|pendant|for) \d+ ?h|(sous|en|within|in|under|dans|pendant|for|takes?|lasts?|dure|prend) (une|an|a|one|half an|une demi) (heure|hour|semaine|week|journee|day|mois|month))\b/;

const DURATION_ALL = new RegExp(DURATION.source, "g");

const kindCache = new Map<string, ReadonlySet<ValueKind>>();

/** The kinds of value a sentence gives. */
export function valueKinds(sentence: string): ReadonlySet<ValueKind> {
  const hit = kindCache.get(sentence);
  if (hit) return hit;
  const text = normalize(sentence).replace(/'/g, " ");
  const out = new Set<ValueKind>();
  if (DAY.test(text)) out.add("day");
  if (CLOCK.test(text)) out.add("clock");
  let threshold = false;
  for (const m of text.matchAll(AMOUNT)) {
    if (THRESHOLD.test(text.slice(0, m.index))) threshold = true;
    else out.add("price");
  }
  // "La consultation est gratuite." gives a price; "offerte dès 150 €" gives only the condition for it.
  if (FREE.test(text) && !threshold) out.add("price");
  if (PLACE.test(text)) out.add("place");
  for (const m of text.matchAll(DURATION_ALL)) out.add(OFFSET_NEXT.test(text.slice(m.index + m[0].length)) ? "offset" : "duration");
  if (kindCache.size < 20_000) kindCache.set(sentence, out);
  return out;
}
