/**
 * Lexical side of retrieval: French and English stop words (@orama/stopwords) and Snowball stems (@orama/stemmers),
 * plus a small bilingual lexicon of shop topics. A topic word in either language adds the topic's token (`#hours`,
 * `#delivery`…), so "opening hours" reaches "horaires d'ouverture" and the question's type weighs in the ranking.
 * Some topics are questions a knowledge base cannot answer (stock of one item, one order, health): they go to a person.
 */
import { stemmer as stemEn } from "@orama/stemmers/english";
import { stemmer as stemFr } from "@orama/stemmers/french";
import { stopwords as stopEn } from "@orama/stopwords/english";
import { stopwords as stopFr } from "@orama/stopwords/french";
import { normalize, words, type Language } from "./text";

// Greetings and politeness say nothing about the subject; neither do chat fillers.
const EXTRA_STOPWORDS = "bonjour bonsoir salut coucou hello hi hey merci thanks thank please svp stp plait madame monsieur ok okay bien svp aimerais voudrais would like want know savoir".split(" ");
// Retrieval's own, like `RETRIEVAL_PHRASES` below: hedges on an amount ("c'est combien environ ?" is no question about
// what lasts "environ une semaine") and "policy" ("your cancellation policy" is answered by "48 hours before"). The
// topics pipeline keeps the shared stop words: there "refund policy" is what is asked, and with these its BANKING77
// halves fell 0.005–0.012 (docs/benchmarks.md, "lexsplit").
const RETRIEVAL_STOPWORDS = "policy policies politique environ approximativement approx roughly approximately exactement exactly precisement precisely".split(" ");

const stopWords = (...lists: readonly string[][]): ReadonlySet<string> => new Set(lists.flat().flatMap((w) => words(normalize(w))));
/** The shared lexicon's stop words (the topics pipeline's). */
const SHARED_STOPWORDS = stopWords(stopFr, stopEn, EXTRA_STOPWORDS);
/** Triage's and retrieval's stop words. */
export const STOPWORDS: ReadonlySet<string> = stopWords(stopFr, stopEn, EXTRA_STOPWORDS, RETRIEVAL_STOPWORDS);

/**
 * Topic → words that announce it (normalized, accents stripped; a trailing `*` is a prefix). FR and EN side by side:
 * this is the bilingual lexicon that lets a question reach a document in the other language.
 */
export const TOPICS = {
  hours: "horaire* ouvert* ouvre ouvrez ouvrent ouverture* ferme fermez fermee fermes fermeture dimanche* lundi* samedi* open opening opens close closed closing sunday* monday* saturday*",
  delivery: "livr* expedi* envoi envoy* colis port delai* colissimo relais ship shipping shipped ships deliver* postage parcel dispatch* courier",
  returns: "retour* retourn* echang* renvoy* return* exchang* send back",
  payment: "pai* payer paye payez payable carte cb paypal fois cheque* espece* pay paying payment* card cards installment* instalment* cash klarna",
  price: "prix combien cout* coute tarif* gratuit* offert* euro* price* cost* costs much free cheap*",
  address: "adresse* situe* trouve trouvez rue metro parking venir address* located where visit",
  shop: "boutique* magasin* shop shops store stores",
  duration: "temps delai* jour jours semaine* days day week* long",
  sizes: "taille* taill* mesure* pointure* size* sizing fit fits measurement*",
  gift: "cadeau* gift* voucher*",
  // A loyalty programme is its own page, not a way to pay: "loyalty card" must not reach the cards a shop accepts.
  loyalty: "fidel* loyalty loyal reward rewards",
} as const;

export type Topic = keyof typeof TOPICS;

/** Set phrases whose words mean something else alone ("port" is also "porté"; "combien de temps" is not a price). */
const PHRASES: { words: string[]; topics: Topic[] }[] = [
  { words: ["frais", "de", "port"], topics: ["delivery", "price"] },
  { words: ["combien", "de", "temps"], topics: ["duration"] },
  { words: ["how", "long"], topics: ["duration"] },
  // A gift card is a gift, not a way to pay: "cards" alone would reach the page of cards a shop accepts.
  { words: ["gift", "card"], topics: ["gift"] },
  { words: ["gift", "cards"], topics: ["gift"] },
  { words: ["carte", "cadeau"], topics: ["gift"] },
  { words: ["cartes", "cadeaux"], topics: ["gift"] },
  { words: ["cartes", "cadeau"], topics: ["gift"] },
  // A loyalty or points card is the loyalty programme, not a card to pay with.
  ...["carte", "cartes"].flatMap((c) => [[c, "de", "fidelite"], [c, "fidelite"], [c, "de", "points"], [c, "a", "points"], [c, "a", "tampons"]]).map((w) => ({ words: w, topics: ["loyalty" as Topic] })),
  ...["loyalty", "reward", "rewards", "points", "stamp", "fidelity"].flatMap((k) => [[k, "card"], [k, "cards"]]).map((w) => ({ words: w, topics: ["loyalty" as Topic] })),
  // …and a meal voucher is a way to pay, not a gift.
  { words: ["meal", "voucher"], topics: ["payment"] },
  { words: ["meal", "vouchers"], topics: ["payment"] },
];

interface TopicWord {
  topic: Topic;
  word: string;
  prefix: boolean;
}

const TOPIC_WORDS: TopicWord[] = Object.entries(TOPICS).flatMap(([topic, list]) =>
  list.split(" ").map((w) => ({ topic: topic as Topic, word: w.replace(/\*$/, ""), prefix: w.endsWith("*") })),
);
const EXACT = new Map<string, Topic[]>();
for (const t of TOPIC_WORDS.filter((t) => !t.prefix)) EXACT.set(t.word, [...(EXACT.get(t.word) ?? []), t.topic]);
const PREFIXES = TOPIC_WORDS.filter((t) => t.prefix);

const topicCache = new Map<string, readonly Topic[]>();
export function topicsOf(word: string): readonly Topic[] {
  const hit = topicCache.get(word);
  if (hit) return hit;
  const found = new Set<Topic>(EXACT.get(word) ?? []);
  for (const p of PREFIXES) if (word.startsWith(p.word)) found.add(p.topic);
  const out = [...found];
  if (topicCache.size < 50_000) topicCache.set(word, out);
  return out;
}

// Snowball's French stemmer keeps some verb endings ("livrons", "proposez", "taillent" stay apart from "livré",
// "propose", "taille"); they are cut first on words long enough to be verbs.
const FR_VERB_ENDING = /(?<=\p{L}{3})(ons|ez|ent)$/u;

const stemCache = new Map<string, readonly string[]>();
/** Both stems (a word's language is not known from one word); one when they agree. */
export function stemsOf(word: string): readonly string[] {
  const hit = stemCache.get(word);
  if (hit) return hit;
  // Emoji and numbers stay as they are; stemmers are for words.
  const fr = /\p{L}/u.test(word) ? stemFr(word.length >= 6 ? word.replace(FR_VERB_ENDING, "") : word) : word;
  const en = /\p{L}/u.test(word) ? stemEn(word) : word;
  const out = fr === en ? [fr] : [fr, en];
  if (stemCache.size < 50_000) stemCache.set(word, out);
  return out;
}

const oneStemCache = { fr: new Map<string, readonly string[]>(), en: new Map<string, readonly string[]>() };
/**
 * The stem of a word known to be French or English (topics guess a text's language first); `null` gives both, as
 * `stemsOf`. Triage itself keeps `stemsOf`.
 */
export function stemsIn(word: string, language: Language | null): readonly string[] {
  if (language === null || !/\p{L}/u.test(word)) return stemsOf(word);
  const cache = oneStemCache[language];
  const hit = cache.get(word);
  if (hit) return hit;
  const out = [language === "fr" ? stemFr(word.length >= 6 ? word.replace(FR_VERB_ENDING, "") : word) : stemEn(word)];
  if (cache.size < 50_000) cache.set(word, out);
  return out;
}

/** Topic tokens count more than a plain word: the kind of question matters more than its wording. */
export const TOPIC_WEIGHT = 1.5;

/**
 * Lexical terms of a text with their weights: stems of the content words (a word weighs 1, shared between its French
 * and English stems), plus topic tokens, which count once however many of their words appear ("ouvert le
 * dimanche ?" is one question about hours; a page about hours is not longer for naming every day).
 */
export function lexicalTerms(text: string): Map<string, number> {
  const ws = words(normalize(text));
  // "dm" alone under a post asks the shop to write; it is no question about messages.
  const terms = termsOfWords(ws.length === 1 && /^(dm|dms|mp)$/.test(ws[0]!) ? ws : ws.flatMap(expandShorthand));
  // Amounts, clock times and delays say "price", "hours" and "duration" without a word for it ("4,90 €",
  // "de 10 h à 19 h", "7pm", "en 48 heures").
  const cue = (topic: Topic, re: RegExp) => re.test(text) && terms.set(`#${topic}`, TOPIC_WEIGHT);
  cue("price", /[€$£]|\d\s?(eur|euros?)\b/i);
  cue("hours", /\b\d{1,2}\s?(h|am|pm)\b|\b\d{1,2}:\d{2}\b/i);
  cue("duration", /\b\d+\s?(heures?|hours?|jours?|days?|semaines?|weeks?)\b/i);
  // A length in centimetres is a size ("toutes nos pizzas font 33 cm" answers "elles font quelle taille ?").
  cue("sizes", /\b\d+\s?(cm|mm)\b/i);
  // "Où ?" (with its accent: "ou" is "or") asks for the address; a street or a postcode followed by a town gives one.
  cue("address", /(^|[^\p{L}])où([^\p{L}]|$)|\b\d{5}\s+\p{Lu}|\b(quai|avenue|boulevard|bd|chemin|allée|impasse) /iu);
  // Without its accent, "ou" after "c'est", "vous êtes"… can only be "où" ("c ou la boutique ?", "vous etes ou ?").
  cue("address", /\b(c['’ ]?est|c|vous [eê]tes|vs [eê]tes|[eê]tes[- ]vous|t['’ ]?es|tu es) ou\b(?! (pas|non)\b)/iu);
  // Payment means customers name rather than "payment": meal vouchers, card brands.
  // Points collected are the loyalty programme ("je cumule des points ?", "do I earn points?").
  cue("loyalty", /\b(cumul\w*|collect\w*|earn\w*|gagn\w*) (des |de |my |your |any |some )?points\b/i);
  // Coming without an appointment is its own question, not one about appointments ("vous prenez sans rdv ?" is
  // answered by "Sans rendez-vous : le mardi…", not by "Les rendez-vous se prennent sur Planity").
  if (/\b(sans (rdv|rendez[- ]vous)|walk[- ]?ins?|without (an |any )?(appointment|booking))\b/i.test(normalize(text))) terms.set("#walkin", TOPIC_WEIGHT);
  // "US" in capitals is the country, not the pronoun the stop words drop ("do you ship to the US?", "my US size").
  if (/\b(US|U\.S\.?)(?![\p{L}.])/u.test(text)) terms.set("#abroad", TOPIC_WEIGHT);
  cue("payment", /\b(tickets?[- ]resto\w*|tickets?[- ]restaurant|titres?[- ]restaurant|meal vouchers?|amex|american express|visa|mastercard)\b/i);
  return terms;
}

/** Chat shorthand read as the words it stands for (retrieval only; rules match what the customer wrote). */
const SHORTHAND = new Map<string, string[]>([
  ["rdv", ["rendez", "vous"]],
  // A direct message, on Instagram ("dm", "en mp"): what a knowledge base calls a message.
  ["dm", ["message"]],
  ["dms", ["messages"]],
  ["mp", ["message"]],
  ["cb", ["carte", "bancaire"]],
  ["dispo", ["disponible"]],
  ["dispos", ["disponibles"]],
  ["tel", ["telephone"]],
  ["infos", ["informations"]],
  ["info", ["information"]],
  ["amex", ["american", "express"]],
  ["appt", ["appointment"]],
  ["appts", ["appointments"]],
  ["veggie", ["vegetarien", "vegetarian"]],
  ["veggies", ["vegetarien", "vegetarian"]],
  ["vege", ["vegetarien", "vegetarian"]],
  ["frigo", ["refrigerateur"]],
  ["exam", ["examen", "exam"]],
  ["exams", ["examens", "exams"]],
]);

/** "en 3x", "4x sans frais": payment in instalments, read as "3 fois". */
const TIMES = /^(\d{1,2})x$/;
const expandShorthand = (w: string): string[] => SHORTHAND.get(w) ?? (TIMES.test(w) ? [w.slice(0, -1), "fois"] : [w]);

/**
 * Retrieval's own additions to the shared lexicon. The topics pipeline keeps the shared one (its clusters were
 * measured on it: with these, the shop set's NMI fell from 0.617 to 0.602).
 */
const RETRIEVAL_PHRASES: readonly { words: string[]; topics: Topic[] }[] = [
  // "À partir de 90 €" is "from": no leaving in it, so "c'est à partir de combien ?" finds the price, not every "à partir de".
  { words: ["a", "partir", "de"], topics: [] },
  { words: ["a", "partir", "d"], topics: [] },
  // Return shipping is the cost of a return, not how orders are shipped ("how long does shipping take?").
  { words: ["return", "shipping"], topics: ["returns"] },
  { words: ["return", "postage"], topics: ["returns"] },
  // Half price is a discount, not what something costs ("do you groom cats? price?" is not "the 10th at half price").
  { words: ["half", "price"], topics: [] },
  { words: ["a", "moitie", "prix"], topics: [] },
  { words: ["moitie", "prix"], topics: [] },
  ...PHRASES,
];
// "Gratuit à partir de combien ?" is answered by "offerte dès 150 €", not by any sentence with a price in it.
const FREE = /^(gratuit\p{L}*|offert\p{L}*|free)$/u;

/**
 * Kinds of question that pages and customers name with different words (retrieval only, like `#free`): a country is
 * a question about sending abroad, which pages answer with "à l'étranger", "Union européenne", "international"; a
 * fake or a "legit" pair goes with the page on authenticity; "réduc", "% off" with the discount. Matched on single
 * words, or on two words read together ("etats unis", "royaume uni", "united states", "20 off").
 */
const KINDS: readonly { token: string; word: RegExp; pair?: RegExp }[] = [
  {
    token: "#abroad",
    word: /^(etranger|etrangers|abroad|international\p{L}*|overseas|worldwide|europe|europeenne?|european|eu|ue|belgique|belgium|suisse|switzerland|allemagne|germany|espagne|spain|italie|italy|portugal|luxembourg|autriche|austria|irlande|ireland|angleterre|england|ecosse|scotland|uk|usa|canada|quebec|japon|japan|australie|australia|monaco|maroc|morocco|algerie|algeria|tunisie|tunisia|netherlands|holland|hollande|danemark|denmark|suede|sweden|norvege|norway|pologne|poland|grece|greece)$/u,
    pair: /^(etats unis|royaume uni|united states|united kingdom|pays bas|new zealand|nouvelle zelande|great britain|grande bretagne)$/,
  },
  { token: "#authentic", word: /^(authenti\p{L}*|legit|genuine|fakes?|faux|fausses?|contrefa\p{L}*|counterfeit\p{L}*|replicas?|repliques?|reps)$/u },
  // "How long does the gift card last?" is answered by "valable 1 an", "valid for 1 year".
  { token: "#validity", word: /^(valable|valables|validite|valid|validity|expire|expires|expired|expiration|expiry|perime|perimee|dure|durent|last|lasts)$/u },
  // "Can I cancel anytime?" is answered by "sans engagement", "no commitment".
  { token: "#commitment", word: /^(engagement|engagements|commitment|commitments|anytime|resiliable|resiliables)$/u, pair: /^(any time|tout moment|n importe quand)$/ },
  // "Une heure en plus", "un supplément chorizo" are answered by "heure supplémentaire", "ingrédient en plus", "extra".
  { token: "#extra", word: /^(supplement|supplements|supplementaire|supplementaires|additionnel\p{L}*|extra|extras|additional)$/u, pair: /^(en plus|de plus|en supplement)$/ },
  // "Vous livrez aujourd'hui ?" is answered by "le jour même", "same day".
  { token: "#sameday", word: /^(aujourd|aujourdhui|today|tonight|ce soir)$/u, pair: /^(jour meme|meme jour|same day|aujourd hui|ce soir|ce jour)$/ },
  // "On se marie en juin", "we're getting married" go with the page on weddings ("mari" alone is a husband).
  { token: "#wedding", word: /^(mariage|mariages|marie|mariee|maries|mariees|marier|marions|mariez|wedding|weddings|married|marry|marrying|bride|bridal|noces)$/u },
  // "A custom bouquet" is a "made-to-order" or "sur mesure" one.
  { token: "#custom", word: /^(custom|customised|customized|bespoke|personnalis\p{L}*|personalis\p{L}*|personaliz\p{L}*)$/u, pair: /^(sur mesure|made to|tailor made|a la carte)$/ },
  // "Il faut quoi pour s'inscrire ?" is answered by "l'inscription se fait…", "you can enrol…".
  { token: "#signup", word: /^(inscri\p{L}*|enrol\p{L}*|enroll\p{L}*|register|registering|registration|registrations)$/u, pair: /^(sign up|signing up)$/ },
  { token: "#discount", word: /^(reduc|reducs|reduction|reductions|remise|remises|rabais|discount\p{L}*|promo|promos|promotion|promotions)$/u, pair: /^\d+ off$/ },
];

/** Tokens that stand for one thing named in other words (a synonym), not for a broad kind of question like `#price`. */
export const SYNONYM_TOKENS: ReadonlySet<string> = new Set(["#free", ...KINDS.map((k) => k.token)]);

/** Retrieval's terms of a text's words (triage: both stems of each word). */
export function termsOfWords(ws: readonly string[]): Map<string, number> {
  const terms = termsOf(ws, stemsOf, RETRIEVAL_PHRASES, STOPWORDS);
  if (ws.some((w) => FREE.test(w))) terms.set("#free", TOPIC_WEIGHT);
  for (const kind of KINDS) {
    if (ws.some((w, i) => kind.word.test(w) || (kind.pair !== undefined && i > 0 && kind.pair.test(`${ws[i - 1]} ${w}`)))) terms.set(kind.token, TOPIC_WEIGHT);
  }
  return terms;
}

/** The shared lexicon's terms with the stems of each word given by `stemsFor` (topics: one language's stem, of a lemma). */
export function termsOfWordsStemmed(ws: readonly string[], stemsFor: (word: string) => readonly string[]): Map<string, number> {
  return termsOf(ws, stemsFor, PHRASES, SHARED_STOPWORDS);
}

function termsOf(
  ws: readonly string[],
  stemsFor: (word: string) => readonly string[],
  phrases: readonly { words: string[]; topics: Topic[] }[],
  stop: ReadonlySet<string>,
): Map<string, number> {
  const terms = new Map<string, number>();
  const add = (t: string, w: number) => terms.set(t, (terms.get(t) ?? 0) + w);
  for (let i = 0; i < ws.length; i++) {
    const w = ws[i]!;
    const phrase = phrases.find((p) => p.words.every((pw, j) => ws[i + j] === pw));
    if (phrase) {
      for (const t of phrase.topics) terms.set(`#${t}`, TOPIC_WEIGHT);
      i += phrase.words.length - 1;
      continue;
    }
    if (stop.has(w) && !EXACT.has(w)) continue;
    if (w.length < 2 && !/\p{N}/u.test(w)) continue;
    const stems = stemsFor(w);
    for (const s of stems) add(s, 1 / stems.length);
    for (const t of topicsOf(w)) terms.set(`#${t}`, TOPIC_WEIGHT);
  }
  return terms;
}

/**
 * Questions no knowledge document answers, found in the normalized text: the stock of an item ("vous avez le pull
 * bleu en M ?"), one specific order or parcel, health. Returns the first one found.
 */
export type PersonTopic = "stock" | "order" | "health" | "negotiation" | "fraud" | "age" | "grief";

// A free place in the diary is stock too: only the owner's calendar knows it ("do you have a slot saturday?", "vous avez
// de la place demain ?", "can you fit me in"), whatever the hours page says.
const FREE_SLOT =
  "(do|did) (you|u) have (a |an |any )?(free )?(slot|space|spot|opening|availability|room)s?\\b(?! (for|to) (park|parking))|(any|a) (free )?(slots?|spots?|openings?) (left|free|available|today|tomorrow|this|next|on|at)|(fit|squeeze) (me|us|him|her|them|my \\w+) in|(avez|auriez)[- ](vous )?(encore |toujours )?(de la place|une place|des places|un creneau|des creneaux|une dispo\\w*|des dispo\\w*)(?! de parking)|(vous )?(avez|auriez) (encore |toujours )?(de la place|un creneau|des creneaux|une dispo\\w*|des dispo\\w*)|creneaux? (libres?|dispo\\w*)";

// What is left of an item or a class, and whether a class is full, only the owner's stock or diary knows ("size 44
// left?", "any left in 38?", "il reste des places ?", "le cours de jeudi est complet ?", "is the 7am class full?");
// "what happens when a class is full?" asks about the rule, which a page gives.
const LEFT_OR_FULL =
  "(size |taille |pointure )?\\d+([.,]5| 1/2| [12]/3)? (left|still available|encore dispo\\w*)|any (\\w+ )?left( in| for|$)|(places?|spots?|spaces?|seats?) (left|restantes?|libres?|dispo\\w*)|(?<!\\b(when|if|once|whenever) (\\S+ ){0,4})(is|are) (the |this |that |it |your |my )?(\\S+ ){0,4}(full|fully booked|booked up)(?=\\s*($|[?!.,]|(today|tomorrow|tonight|this|next|on|at|already|yet|now|again)\\b))|(?<!\\b(si|quand|lorsque?|lorsqu) (\\S+ ){0,4})(est|sont|c est|serait|seront) (deja |encore |toujours )?complets?";

// A minor (an age under 18 said, "mineur", "lycée", "underage") and goods the law keeps from minors (alcohol, tobacco,
// vaping): whatever the pages say, no automatic reply may read as a sale to them.
const MINOR =
  "(j ai|jai|(il|elle|fils|fille|frere|soeur|enfant|ado) a) (1[0-7]|[1-9]) ?ans|(i m|im|i am|(he|she|son|daughter|brother|sister|kid|child|teen) (is|s)) (1[0-7]|[1-9])(?=\\s*($|[,.!?;]|(and|but|so|years?|yo|et|mais|donc|ans)\\b))|(1[0-7]|[1-9]) ?(yo|y o|year old|years old) (son|daughter|kid|boy|girl|brother|sister|nephew|niece|child|teen)|mineurs?|mineures?|minors?|underage|under 18|moins de 18|lycee|lyceen\\w*|high school";
const RESTRICTED =
  "alcool\\w*|alcohol\\w*|vins?|wines?|bieres?|beers?|whisky|whiskies|whiskey|champagne|cremant|vodka|rhum|rum|gin|spiritueux|spirits|liqueurs?|cocktails?|aperitifs?|bouteilles?|bottles?|degustations?|tastings?|tabac|tobacco|cigarettes?|cigares?|cigars?|vapes?|vapoteuses?|puffs?";

// Someone close (or a pet) whose death is told, and the words of a death or a loss.
const CLOSE =
  "(?:mon|ma|mes|notre|nos|son|sa|ses|leur|my|our|his|her|their) (?:\\S+ )?(?:pere|papa|mere|maman|mari|epoux|epouse|femme|compagnon|compagne|fils|fille|frere|soeur|grand[- ]?(?:pere|mere)|papi|papy|mamie|mami|oncle|tante|cousine?|amie?|bebe|enfant|chien|chienne|chat|chatte|father|dad|daddy|mother|mum|mom|mummy|husband|wife|partner|son|daughter|brother|sister|grand(?:father|mother|pa|ma)|granny|nan|nana|uncle|aunt|cousin|friend|baby|child|dog|cat|puppy|pet)";
const GRIEF = [
  "deces|decede\\w*|nous a quitte\\w*|(?:est|sont) partie?s? (?:cette nuit|hier|ce matin|dans la nuit|paisiblement|la semaine derniere)|en deuil|(?:perdu|perdre) " + CLOSE,
  `(?:enterrement|obseques|funerailles|ceremonie|incineration|cremation) (?:de|d) ${CLOSE}`,
  `passed away|has died|just died|died (?:yesterday|today|last|this|on|in)|${CLOSE} (?:\\S+ )?died|bereave\\w*|grieving|mourning|lost ${CLOSE}|put (?:our|my|the) (?:\\S+ )?(?:dog|cat|puppy|pet|horse) down|${CLOSE} ?s funeral|funeral (?:of|for) ${CLOSE}`,
].join("|");
// A condition the customer says they have (a diet the law calls medical, a disability, a treatment): the owner
// answers it, not a page about gluten-free bases or lessons.
const CONDITION =
  "coeliaque\\w*|celiaque\\w*|coeliac|celiac|maladie coeliaque|diabet\\w*|epilep\\w*|dyslex\\w*|dyspra\\w*|tdah|adhd|autis\\w*|handicap\\w*|disabled|disability|wheelchair|fauteuil roulant|antidepress\\w*|depression|anxiety|anxious|anxieuse|anxieux|cancer|chimio\\w*|chemo\\w*|asthm\\w*|malade|malvoyant\\w*|sourde?|deaf";

const PERSON_CUES: { topic: PersonTopic; re: RegExp }[] = [
  { topic: "age", re: new RegExp(String.raw`\b(${MINOR})\b.*\b(${RESTRICTED})\b|\b(${RESTRICTED})\b.*\b(${MINOR})\b`) },
  {
    topic: "stock",
    re: new RegExp(String.raw`\b(en stock|in stock|out of stock|restock\w*|back in|sold out|rupture|epuise\w*|(disponibles?|dispo|available) (en|in)|availability|il (vous )?en reste|il reste|encore (du|des|le|la|les|en)|(vous )?(avez|auriez)[- ](vous )?(encore |toujours )?(le|la|les|ce|cette|ces|un|une|des|du)\b.*\ben (taille|stock|couleur|noir|blanc|bleu|rouge|vert|rose|gris|beige|marine|xs|s|m|l|xl|xxl|\d+)|do you (still )?have (the|this|that|these|those|a|an|any|it)\b.*\bin (size|stock|colou?r|black|white|blue|red|green|pink|gr[ae]y|beige|navy|xs|s|m|l|xl|xxl|\d+)|have you got (the|this|that|it|any)\b|${FREE_SLOT}|${LEFT_OR_FULL})\b`),
  },
  {
    topic: "order",
    // A purchase the customer commits to ("je la prends", "I'll take it": under a post, the item is the post's) and a
    // job already done for them ("l'écran que vous avez changé", "l'olivier que vous avez planté", "the hedge you
    // planted", "I had my battery replaced") are that one order; so are an order's number ("commande de croquettes
    // n°8831", "order #OP1874"), a delivery that did not come ("pas livrée", "not delivered") and who sent it.
    re: /\b(je (la|le|les) (prends|veux|reserve)|je prends(?=\s*($|[^\p{L}\s]))|(i ll|i will|i d like to|id like to) (take|buy|reserve|grab) (it|them|this|that|both|one)|vous (m |nous )?avez (change|repare|remplace|installe|vendu|plante|pose|livre|monte|coupe|rase|tatoue|perce)|you (have |had )?(changed|repaired|replaced|fixed|installed|sold me|planted|fitted|delivered|tattooed|pierced)|(i|we) (had|got) (my|our|the|a) (\S+ ){0,3}(replaced|repaired|fixed|changed|serviced|planted|tattooed|pierced)|(j ai|on a|nous avons) fait (changer|reparer|remplacer)|ma commande|mon colis|ma livraison|mon paquet|mes commandes|ma precommande|my order|my parcel|my package|my delivery|my purchase|numero de commande|mon numero de suivi|order (number|status)|tracking number|where is my|ou en est|(j|on|nous) (ai|avais|a|avait|avons|avions) (deja |bien )?(commande|reserve)|je l ai commande|ma reservation|notre (commande|reservation)|au nom de|(i|we) (have |had |already |just )?(ordered|booked|reserved)|my (booking|reservation)|under (the|my) name|in the name of|pas encore recu|not (yet )?received|still not arrived|toujours pas (recu|arrive)|(who|qui) (sent|ordered|bought|paid for|booked|gave|m a (envoye|offert|commande|achete)|nous a (envoye|offert)|a (envoye|offert|commande|achete|reserve|paye))|(commande|cde|cmd|order|colis|parcel|package|reservation|booking) ((de|of) \p{L}+ )?((n°|no\.? ?|num(ero)? ?|number ?|#)\s?\p{L}{0,4}\d{2,}|\p{L}{0,4}\d{4,})|n° ?\d{3,}|pas (encore |toujours |ete )?livree?s?|jamais (ete )?livree?s?|(not|never) (been |got |yet )?delivered|(wasn|hasn|haven) t (been )?delivered)\b/u,
  },
  {
    // A price the customer proposes ("à 25 au lieu de 35", "would you do 20€ for both", "vous aligner"): the owner's call.
    topic: "negotiation",
    re: /(\b(au lieu de|instead of) [€$£]?\d+|\b(me|nous) (la |le |les |l )?(faire|faites|fais|ferais|feriez|laisser|laissez|laisse|laisseriez) (\S+ ){0,5}a \d+(?!\d)\s?(€|(e|eur|euros)\b)?(?!\s?(h|heures?|min\w*|personnes?|pers|parts?|ans|jours?|km|cm|kg|%|etages?)\b)|\b(would|could|can|will) you (do|give|sell|let me have|let \w+ go) (\S+ ){0,5}(for|at) [€$£]?\d+(?!\d)\s?[€$£]?(?!\s?(people|persons?|guests|pax|kids|children|h|hours?|min\w*|days?|km|kg|%)\b)|\b(vous |s )aligner\b|\b(faire|faites|fais|laisser|laissez|laisse) a \d+\s?(€|e|eur|euros)?|\b(geste commercial|faire un (petit )?prix|un petit prix|dernier prix|negocia\w*|negocier|ristourne)\b|\b(would|could|can|will) you (do|go|take|accept|let \w+ go) ((it|them|this|that|both|one|the \S+) )?((for|at) )?[€$£]?\d+\s?[€$£]?|\b(best price|last price|lowest price|any lower|go lower|negotiab\w*|negotiat\w*|price match|match (the|their|a|this) (price|quote))\b|\d\s?[€$£]? for (both|the two|all of them|all three)\b)/u,
  },
  {
    // Someone else writing in the shop's name ("on m'a écrit d'un autre compte qui me demande 20 €", "someone dm'd me
    // saying I won your raffle"): a possible fraud that only the owner can confirm, and that a reply from the shop's
    // pages would seem to endorse.
    topic: "fraud",
    re: /\b((on|quelqu un|une personne|un compte|un profil|un numero) m a (ecrit|contacte|envoye un (message|mp|dm|sms)|demande de (payer|l argent|regler))|(autre|faux) (compte|profil|numero) (qui )?(m a|me demande|me dit)|faux (compte|profil)|(some ?one|somebody|an account|a (fake )?(account|page|profile)|a number) (has |just )?(dm d|dmed|dm ed|messaged|texted|contacted|emailed|wrote to|reached out to) (me|us)|(another|a fake|a different|a second) (account|page|profile|number) (dm d|dmed|messaged|texted|contacted|wrote|asked|asking|is asking|says|said)|fake (account|page|profile)|impersonat\w*|usurp\w*|se fait passer pour|pretend\w* to be you)\b/u,
  },
  {
    // A death the customer tells of ("mon papa est parti cette nuit", "my husband died last week", "l'enterrement de ma
    // sœur"): whatever the funeral page says, a grieving customer is answered by a person. A funeral asked about
    // without a loss told ("une couronne pour un enterrement, à partir de combien ?") is a question for the pages.
    topic: "grief",
    re: new RegExp(String.raw`\b(${GRIEF})\b`, "u"),
  },
  {
    topic: "health",
    re: new RegExp(String.raw`\b(allergi\w*|allergique|eczema|urticaire|irritation\w*|boutons|rougeurs?|enceinte|pregnan\w*|rash|itch\w*|medecin|docteur|doctor|hopital|hospital|medical|medicament\w*|medication|brulure\w*|burn(ed|t)?|blesse\w*|injur\w*|skin reaction|reaction cutanee|${CONDITION})\b`),
  },
];

export function personTopic(normalized: string): { topic: PersonTopic; matched: string } | null {
  // Apostrophes become spaces so "j'ai commandé" reads "j ai commande".
  const text = normalized.replace(/'/g, " ");
  for (const c of PERSON_CUES) {
    const m = c.re.exec(text);
    if (m) return { topic: c.topic, matched: m[0].trim() };
  }
  return null;
}
