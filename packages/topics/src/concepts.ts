/**
 * A bilingual customer-service glossary for the topic embedder: the things a shop's customers write about, each
 * concept listing its French and English words, their within-language synonyms and SMS forms ("cmd", "dispo",
 * "remb", "mdp"). A message naming a concept in either language gets the concept's token, so "je veux être
 * remboursée" and "can I get my money back" share a feature that no stem or character n-gram gives them.
 * Written from general knowledge of customer-service vocabulary (not from a labelled set's messages, which are the
 * evaluation). Concepts named like triage's topics (`hours`, `delivery`, `returns`, `payment`, `price`, `address`,
 * `sizes`, `gift`) widen them and give the same token (`#price`), so a message is not counted twice; triage's own
 * lexicon stays as it is (its thresholds are tuned on it).
 * Entries are normalized like triage's words (lower case, accents stripped, apostrophes and hyphens split words:
 * "doesn't" is "doesn t"); a trailing `*` is a prefix; an entry of several words is a phrase.
 */
import { normalize, words } from "@sillage/triage";

export const CONCEPTS: Readonly<Record<string, string>> = {
  order: "commande*, commander, cmd, cmde, cde, order, orders, ordered, ordering, purchase*, achat*, achete*, bought, precommande*, preorder*, pre order*",
  tracking: "suivi, suivis, suivre, tracking, track, tracked, tracker, numero de suivi, trace*, ou en est, where is my, where s my",
  waiting: "retard*, late, delay*, lent, lente, slow*, attend*, wait, waiting, waited, pas recu, pas encore recu, jamais recu, pas arrive, pas arrivee, jamais arrive, toujours rien, toujours pas, not received, never received, havent received, haven t received, not arrived, never arrived, hasnt arrived, hasn t arrived, still not, still waiting, nowhere",
  refund: "rembours*, remb, rbt, refund*, money back, mon argent, my money, reimburs*, credit back",
  cancel: "annul*, cancel*, plus besoin, no longer need, don t need it anymore",
  modify: "modif*, chang*, corrig*, mettre a jour, update*, edit*, remplac*, replace*",
  stock: "stock*, restock*, rupture*, epuise*, dispo, dispos, disponib*, available, availability, unavailable, sold out, reassort*, reapprovision*, revient, reviendra, reviennent, plus en vente, still have, back in stock, out of stock, in stock, en stock",
  invoice: "factur*, invoice*, receipt*, ticket de caisse, justificatif*, proof of purchase, tva, vat, devis, quote, quotation, estimate",
  discount: "promo*, code promo, promo code, discount*, reduc*, remise*, coupon*, soldes, sale, sales, black friday, code de reduction, bon de reduction, pourcentage, percent",
  defect: "abim*, casse, cassee, casses, cassees, cass, endommag*, damag*, broken, broke, crack*, fissur*, rayure*, raye, rayee, scratch*, dechir*, torn, rip, ripped, tache*, stain*, defect*, defaut*, defectueu*, ecrase*, crushed, smashed, fuite, leak*, moisi*, mould*, mold*",
  wrong: "wrong, erreur*, erron*, mistake*, mauvais, mauvaise, pas le bon, pas la bonne, pas les bons, instead, au lieu, not what i ordered, manque, manquant*, missing, incomplet*, incomplete, error*",
  failure: "echec, echoue*, echou*, fail*, refus*, declin*, rejet*, reject*, bloqu*, block*, bug*, beug*, marche pas, fonctionne pas, passe pas, doesn t work, doesnt work, does not work, not working, won t work, didn t work, didn t go through, doesn t go through, invalid*, invalide*, error*, erreur*",
  account: "compte, comptes, account, accounts, profil*, profile*, login, log in, logged, logging, connect*, connexion, identifiant*, mot de passe, mdp, password*, pwd, inscri*, sign in, sign up, signin, signup, register*, registration, reinitialis*, reset",
  sizes: "xs, xl, xxl, xxxl, serre, serree, tight*, loose, ample, trop petit, trop petite, trop grand, trop grande, too small, too big, too large, too short, too long, size chart, measure, measures, longueur, length, largeur, width, tour de taille, waist, hips, chest, cm",
  colour: "couleur*, coloris, teinte*, color*, colour*, shade*, noir, noire, black, blanc, blanche, white, bleu, bleue, blue, rouge, red, vert, verte, green, rose, pink, gris, grise, grey, gray, beige, marine, navy, jaune, yellow, violet, purple, marron, brown, orange, dore, doree, golden, camel, kaki, khaki, bordeaux, burgundy",
  price: "cher, chere, chers, cheres, expensive, pricey, pricing, priced, abordable, affordable, budget, hors de prix, how much, c est combien, ca coute, tarifs",
  partnership: "partenari*, partenaire*, partner*, collab*, cooperation, cooperer, work together, travailler ensemble, travailler avec vous, work with you",
  influencer: "influen*, ugc, creator*, createur*, creatrice*, follower*, abonnes, abonnees, audience, media kit, mediakit, sponsor*, ambassad*, placement de produit, product placement, instagram, insta, tiktok, youtube, reel*, story, stories, unboxing, engagement",
  wholesale: "wholesale*, revend*, reseller*, resell*, retailer*, retail, grossiste*, en gros, prix de gros, bulk, b2b, distribut*, stockist*, depot vente, concept store, point de vente, points de vente, quantit*, quantity, quantities, volume",
  job: "emploi*, job, jobs, candidat*, cv, resume, postul*, recrut*, recruit*, hiring, hire, embauch*, stage, stages, stagiaire*, internship*, intern, alternance, apprenti*, apprentice*, lettre de motivation, cover letter, vacancy, vacancies, offre d emploi, work for you, travailler pour vous, travailler chez vous",
  custom: "personnalis*, personalis*, personaliz*, sur mesure, made to order, bespoke, engrav*, monogram*, initiales, initials, commande speciale, special order, prenom, name on, custom, customis*, customiz*, gravure*, graver, gravee, gravees",
  gift_card: "carte cadeau, cartes cadeaux, cartes cadeau, gift card, gift cards, giftcard*, bon cadeau, bons cadeaux, bon d achat, bons d achat, cheque cadeau, cheques cadeaux, gift voucher*, e gift, ecard, e carte, solde de la carte, card balance",
  wrapping: "emballage*, emball*, wrap*, paquet cadeau, packaging, ruban, ribbon, boite, box",
  address: "code postal, postcode, post code, zip, zipcode, postal code, appartement, apt, etage, floor, batiment, building, domicile, demenag*, moved, moving, nouvelle adresse, new address",
  hours: "mardi*, mercredi*, jeudi*, vendredi*, tuesday*, wednesday*, thursday*, friday*, ferie*, bank holiday*, jours feries, heure, heures",
  delivery: "dhl, fedex, chronopost, gls, dpd, mondial relay, la poste, poste, postal, post office, royal mail, usps, transporteur*, carrier*, coursier*, livreur*, driver, facteur, postman, boite aux lettres, mailbox, letterbox",
  abroad: "etranger, international*, abroad, overseas, worldwide, hors de france, outside, outre mer, dom tom, douane*, customs, belgique, suisse, canada, usa, uk, royaume uni, allemagne, germany, espagne, spain, italie, italy, europe*, country, countries, a l etranger, autre pays, other countries",
  pickup: "retrait, retirer, click and collect, click collect, click & collect, clic et collect, pickup, pick up, picked up, recup*, passer chercher, venir chercher, sur place, in store, in person, en personne, collect, collecte, collecter, collected",
  payment: "virement*, apple pay, google pay, lydia, paylib, stripe, visa, mastercard, amex, american express, prelevement*, plusieurs fois, 3x, 4x, checkout, bank transfer, wire transfer, direct debit",
  returns: "rendre, rapporter, renvoi, retractation, retracter, send it back, take it back, give back",
  composition: "compos*, matiere*, material*, fabric*, tissu*, coton, cotton, laine, wool, lin, linen, soie, silk, cuir, leather, polyester, bio, organic, vegan, ingredient*, allerg*, gluten, lactose, nut, nuts, noix, arachide*, peanut*, parfum*, fragrance*, scent*, naturel*, natural, fait main, handmade, made in, origine, origin, acier, steel, inox*, stainless, bois, wood*, metal, nickel, hypoallergen*, cire, wax, soja, soy, contient, contain*",
  complaint: "plainte*, reclamation*, complain*, inadmissible, inacceptable, unacceptable, scandal*, honte*, shame*, decu, decue, decus, decues, deception, disappoint*, nul, nulle, terrible, horrible, awful, worst, pire, rude*, impoli*, arnaque*, scam*, service client, customer service, customer support, avis negatif, bad review, mauvais avis",
  reply: "repond*, reponse*, reply, replies, replied, respond*, response*, answer*, ignor*, sans nouvelle*, aucune nouvelle, no news, no word, relance*, follow up, personne ne, nobody, no one",
  praise: "bravo, genial, geniale, magnifique*, parfait*, adore*, loved, lovely, amazing, beautiful, gorgeous, superbe*, incroyable*, excellent*, perfect*, wonderful, compliment*, felicitation*, congrat*, ravi, ravie, recommend*, merveille*, canon, obsessed",
  contact: "joindre, appeler, appel, call*, telephone*, phone*, tel, whatsapp, dm, mp, message*, ecrire, write, email, mail, e mail, adresse mail, contact, contacts, contacted, contacting, contacter",
};

interface Entry {
  concept: string;
  words: readonly string[];
  prefix: boolean;
}

const ENTRIES: Entry[] = Object.entries(CONCEPTS).flatMap(([concept, list]) =>
  list.split(",").map((raw) => {
    const entry = raw.trim();
    return { concept, words: words(normalize(entry.replace(/\*$/, ""))), prefix: entry.endsWith("*") };
  }),
);
// Entries by their first word (exact) and the prefixes apart: a message's words are looked up, not every entry scanned.
const BY_FIRST_WORD = new Map<string, Entry[]>();
const PREFIXES: Entry[] = [];
for (const e of ENTRIES) {
  if (e.prefix && e.words.length === 1) PREFIXES.push(e);
  else BY_FIRST_WORD.set(e.words[0]!, [...(BY_FIRST_WORD.get(e.words[0]!) ?? []), e]);
}

function matchesAt(ws: readonly string[], i: number, e: Entry): boolean {
  const last = e.words.length - 1;
  for (let j = 0; j <= last; j++) {
    const w = ws[i + j];
    if (w === undefined) return false;
    if (j === last && e.prefix ? !w.startsWith(e.words[j]!) : w !== e.words[j]) return false;
  }
  return true;
}

const prefixCache = new Map<string, readonly string[]>();
/** The concepts whose prefixes start a word (cached: a corpus repeats its words). */
function prefixConceptsOf(word: string): readonly string[] {
  const hit = prefixCache.get(word);
  if (hit) return hit;
  const out = [...new Set(PREFIXES.filter((e) => word.startsWith(e.words[0]!)).map((e) => e.concept))];
  if (prefixCache.size < 50_000) prefixCache.set(word, out);
  return out;
}

/**
 * The concepts a message names (`ws`: its normalized words, as triage's `words(normalize(text))` gives them), each
 * once however many of its words appear (as triage's topic tokens: a message is not more about refunds for saying it
 * twice).
 */
export function conceptsOf(ws: readonly string[]): Set<string> {
  const found = new Set<string>();
  for (let i = 0; i < ws.length; i++) {
    const w = ws[i]!;
    for (const e of BY_FIRST_WORD.get(w) ?? []) if (!found.has(e.concept) && matchesAt(ws, i, e)) found.add(e.concept);
    for (const concept of prefixConceptsOf(w)) found.add(concept);
  }
  return found;
}
