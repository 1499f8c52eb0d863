/**
 * The general weaknesses the held-out shops (test/heldout-shops.ts) exposed, each pinned by a case of its own:
 * several questions in one message, thanks without a rule, a customer's own disclaimer, a booking named by the
 * customer, a translation scoring above the customer's-language page, chat shorthand and address words; and those
 * the second set (test/heldout-shops-2.ts) exposed: a purchase committed to, a job already done, a price proposed,
 * a message whose words do not tell its language; and those its final third kept: thanks with a farewell or a plan
 * to come, a loyalty card read as a card to pay with, displeasure said by an emoji or ironic praise; and those the
 * third set (test/heldout-shops-3.ts) exposed: a price list, "à" read as English, jobs done in other trades, "do you
 * sell", opposite words, walk-ins, compliments, a question about the refund policy; and those the fourth set
 * (test/heldout-shops-4.ts) exposed: who sent an order, a free slot, "à partir de", "gratuit" and "offert", return
 * shipping, a one-word question without a language; and those the fifth set (test/heldout-shops-5.ts) exposed: a size or
 * places left and a full class, a price proposed for a thing named between, a message sent in the shop's name, a minor
 * asking for alcohol, a country, a fake, a discount, "anytime", a thing asked for named only by its kind, praise with
 * "!", how long a card lasts; and the sentence a reply picks on the right page: the kind of value the question asks
 * for (a day, a time, a price, a place, a duration) and the sentence that gives it; and those the sixth set
 * (test/heldout-shops-6.ts) exposed: a death told, a condition stated, a charge disputed, what qualifies a thing
 * offered, "do you sell X?", a short line giving a day, an address line in any language, a refusal and the sentence
 * saying how, thanks "as always", "y a", hedges, sizes in cm, synonyms, "policy", "US", "right now" after a wait.
 */
import { describe, expect, it } from "vitest";
import { chunkText, KnowledgeIndex, markdownToText, personTopic, triage, type AiRule, type TriageDecision } from "../src/index";
import { lexicalTerms } from "../src/lexicon";
import { checkSafety } from "../src/safety";
import { askedKinds, valueKinds } from "../src/slots";
import { normalize, statedLanguage, WordIndex, words } from "../src/text";
import { kbIndex, NOW, provider, rule, settings } from "./fixtures";
import { HELDOUT_SHOPS } from "./heldout-shops";
import { labelledIndex } from "./labelled-eval";

const FAQ: AiRule[] = [rule({ type: "auto", name: "FAQ", confidenceMin: 0.6 })];

function indexOf(docs: { title: string; markdown: string }[]) {
  const chunks = docs.flatMap((d, i) =>
    chunkText(markdownToText(d.markdown)).map((text, j) => ({ chunkId: `d${i}c${j}`, documentId: `d${i}`, title: d.title, text, vector: provider.embedder.embedOne(text) })),
  );
  return new KnowledgeIndex(provider.embedder, chunks);
}

function run(text: string, retriever = kbIndex(), rules: AiRule[] = FAQ): Promise<TriageDecision> {
  return triage({ key: "k", messages: [{ id: "m1", text }] }, { rules, provider, retriever, settings, now: NOW });
}

const safety = (text: string) => checkSafety(new WordIndex(words(normalize(text))), normalize(text), new Set())?.category ?? null;

describe("several questions in one message", () => {
  it("answers each of them, from each one's page", async () => {
    const d = await run("Bonjour, vous êtes ouverts le dimanche ? et vous acceptez PayPal ?");
    expect(d.triage).toBe("AUTO_REPLY");
    expect(d.reply).toContain("dimanche");
    expect(d.reply).toContain("PayPal");
    expect(d.sources.map((s) => s.title).sort()).toEqual(["Horaires", "Paiement"]);
  });

  it("sends nothing when one of them has no page", async () => {
    const d = await run("Vous êtes ouverts le dimanche ? et vous faites des retouches sur les pantalons ?");
    expect(d.triage).toBe("ESCALATE");
    expect(d.reasonCode).toMatch(/knowledge/);
  });
});

describe("a reply says what the question names", () => {
  // The held-out shops' own pages (test/heldout-shops.ts): the bakery's and the bike workshop's.
  const [bakery, cosmetics, bikes] = HELDOUT_SHOPS.map((shop) => labelledIndex(provider, shop.kb));

  it("'un produit non ouvert' does not answer a question about an opened one", async () => {
    const d = await run("Je peux retourner un produit que j'ai ouvert ?", cosmetics);
    expect(d.triage).toBe("AUTO_REPLY");
    expect(d.reply).toContain("les produits ouverts ne sont ni repris ni échangés");
  });

  it("the sentence about Sunday comes with the week's hours", async () => {
    const d = await run("Bonjour, vous etes ouverts dimanche matin ? et on peut payer par carte ?", bakery);
    expect(d.triage).toBe("AUTO_REPLY");
    expect(d.reply).toContain("Le dimanche, nous fermons à 13 h.");
    expect(d.reply).toContain("carte bancaire");
  });

  it("a long message is looked up by the sentences that ask something, not the story around them", async () => {
    const d = await run(
      "Bonjour, j'ai découvert votre marque sur Instagram et j'adore ce que vous faites ! Je voudrais passer une première commande pour ma mère et moi, mais avant ça j'aimerais savoir en combien de temps vous livrez en France, parce que c'est pour son anniversaire dans une semaine. Merci d'avance et belle journée",
      cosmetics,
    );
    expect(d.triage).toBe("AUTO_REPLY");
    expect(d.reply).toContain("3 à 5 jours ouvrés");
  });

  it("what the customer says the message is not is not searched for", async () => {
    const d = await run("Pas urgent, mais vous ouvrez à quelle heure le mardi ?", bikes);
    expect(d.triage).toBe("AUTO_REPLY");
    expect(d.reply).toContain("9 h");
  });

  it("a short sentence with a verb is a sentence, not a heading", async () => {
    const a = await provider.answer({ messages: ["do you charge for a quote?"], language: "en", passages: [{ chunkId: "c1", documentId: "d1", title: "Repair prices", text: "Repair prices. A full service costs €69. Quotes are free.", score: 0.4 }] });
    expect(a.reply).toContain("Quotes are free.");
    const heading = await provider.answer({ messages: ["summer hours?"], language: "en", passages: [{ chunkId: "c1", documentId: "d1", title: "Hours", text: "Summer opening hours. We open at 9am in summer.", score: 0.4 }] });
    expect(heading.reply).not.toContain("Summer opening hours.");
  });

  it("a second question is read with the first one's subject", async () => {
    const d = await run("Bonjour, combien coûte un réglage de freins et est-ce qu'il faut un rendez-vous ?", bikes);
    expect(d.triage).toBe("AUTO_REPLY");
    expect(d.reply).toContain("12 €");
    expect(d.reply).toContain("sans rendez-vous");
  });
});

describe("thanks and acknowledgements without a rule", () => {
  it.each(["ok merci bcp 👍", "thx a lot!!", "top merci", "cheers mate", "Merci beaucoup, bonne journée"])("%s → IGNORE", async (text) => {
    expect(await run(text)).toMatchObject({ triage: "IGNORE", reasonCode: "acknowledgement" });
  });

  it.each(["merci, vous livrez en 48 h ?", "merci 😡", "ok mais je veux un remboursement", "Merci de me rappeler"])("%s is not one", async (text) => {
    expect((await run(text)).triage).not.toBe("IGNORE");
  });

  it("during a person's conversation, they see it", async () => {
    const d = await triage({ key: "k", messages: [{ id: "m1", text: "ok merci" }], lastHumanReplyAt: new Date(NOW.getTime() - 3_600_000) }, { rules: FAQ, provider, retriever: kbIndex(), settings, now: NOW });
    expect(d).toMatchObject({ triage: "ESCALATE", reasonCode: "human_takeover" });
  });
});

describe("a customer's own disclaimer", () => {
  it.each(["Pas urgent, mais vous ouvrez à quelle heure ?", "ce n'est pas urgent", "not urgent, just wondering", "Not a complaint, just curious: is it vegan?", "Ce n'est pas une réclamation"])("%s raises nothing", (text) => {
    expect(safety(text)).toBeNull();
  });

  it.each([
    ["C'est urgent, pas une blague", "urgency"],
    ["toujours pas remboursé", "refund"],
    ["Not a complaint? It is: the parcel arrived broken", "complaint"],
    ["pas urgent mais je veux être remboursée", "refund"],
  ])("%s still escalates (%s)", (text, category) => {
    expect(safety(text)).toBe(category);
  });
});

describe("a booking or an order the customer names", () => {
  it.each(["J'avais commandé un gâteau pour samedi au nom de Martin, c'est bien noté ?", "I booked a service for Tuesday, is it still on?", "Ma réservation de samedi tient toujours ?", "A cake under my name for Friday?"])("%s → order", (text) => {
    expect(personTopic(normalize(text))?.topic).toBe("order");
  });
});

const BILINGUAL = [
  { title: "Paiement", markdown: "# Paiement\n\nNous acceptons la carte bancaire dès 1 €, les espèces et les titres-restaurant (Swile et papier). Nous n'acceptons pas les chèques." },
  { title: "Payment", markdown: "# Payment\n\nWe accept bank cards from €1, cash and meal vouchers (Swile and paper). We do not accept cheques." },
  { title: "Rendez-vous", markdown: "# Rendez-vous\n\nLes révisions se font sur rendez-vous. Les petites réparations se font sans rendez-vous, en 30 minutes environ." },
  { title: "Atelier", markdown: "# Atelier\n\nL'atelier Rayon Vert est au 3 quai Perrière, 38000 Grenoble. Il est ouvert du mardi au vendredi." },
  { title: "Workshop", markdown: "# Workshop\n\nThe Rayon Vert workshop is at 3 quai Perrière, 38000 Grenoble. It is open Tuesday to Friday." },
  { title: "Location", markdown: "# Location\n\nNous louons des vélos de ville à 15 € la journée. Une caution de 300 € est demandée." },
];

describe("retrieval across languages and shorthand", () => {
  const index = indexOf(BILINGUAL);

  it("quotes the customer's-language page when its translation scores higher on the vector alone", async () => {
    const d = await run("On peut payer par chèque?", index);
    expect(d.triage).toBe("AUTO_REPLY");
    expect(d.reply).toContain("chèques");
    expect(d.sources[0]!.title).toBe("Paiement");
  });

  it("reads rdv as rendez-vous, and 'où' and a street address as the address", async () => {
    expect((await run("faut prendre rdv pour une petite réparation ?", index)).reply).toContain("sans rendez-vous");
    expect((await run("Vous êtes où ?", index)).reply).toContain("quai Perrière");
  });
});

// Second audit (test/heldout-shops-2.ts: a traiteur, a second-hand shop on Instagram, a phone-repair shop).
const REPAIR = [
  { title: "Atelier", markdown: "# Atelier\n\nRépaPhone est au 52 boulevard de la Libération, 13001 Marseille. L'atelier est ouvert du lundi au samedi, de 10 h à 19 h. Il est fermé le dimanche." },
  { title: "Tarifs", markdown: "# Tarifs\n\nRemplacement d'écran iPhone : 89 €. Remplacement de batterie : 49 € pour tous les iPhone. La désoxydation coûte 39 €." },
  { title: "Paiement", markdown: "# Paiement\n\nNous acceptons la carte bancaire et le paiement en 3 fois sans frais dès 100 €." },
  { title: "Menu", markdown: "# Menu\n\nUn plat végétarien est proposé chaque jour. Nos plats se conservent 2 jours au réfrigérateur." },
  { title: "Workshop", markdown: "# Workshop\n\nThe workshop is at 52 boulevard de la Libération, 13001 Marseille. It is open Monday to Saturday, from 10am to 7pm." },
  { title: "Prices", markdown: "# Prices\n\niPhone screen replacement: €89. Battery replacement: €49 for every iPhone. Cleaning a phone that fell in water costs €39." },
];

describe("what only the owner can answer", () => {
  it("a purchase the customer commits to under a post is that one order", async () => {
    for (const text of ["Je prends !! 😍", "je la prends", "I'll take it! 🙋‍♀️"]) {
      const d = await run(text, indexOf(REPAIR));
      expect([text, d.triage, d.reasonParams.topic]).toEqual([text, "ESCALATE", "order"]);
    }
    expect(personTopic(normalize("je prends rdv pour samedi ?"))).toBeNull();
  });

  it("a job already done for the customer is that one order, however politely the problem is put", async () => {
    for (const text of ["Bonjour, l'écran que vous avez changé il y a 3 semaines a des lignes vertes. Est-ce pris en charge ? Merci d'avance", "Hi, I had my battery replaced last month and it already drains by lunchtime. Could you let me know what can be done?"]) {
      const d = await run(text, indexOf(REPAIR));
      expect([d.triage, d.reasonParams.topic]).toEqual(["ESCALATE", "order"]);
    }
    expect(personTopic(normalize("vous changez les écrans en combien de temps ?"))).toBeNull();
  });

  it("a price the customer proposes is negotiation, a question about a price is not", async () => {
    for (const text of ["would you do 20€ for both?", "Can you do the screen for €150 cash?", "Vous pouvez me la faire à 25 au lieu de 35 ?", "Chez le concurrent c'est 140, vous pouvez vous aligner ?"]) {
      const d = await run(text, indexOf(REPAIR));
      expect([text, d.triage, d.reasonCode, d.reasonParams.topic]).toEqual([text, "ESCALATE", "needs_person", "negotiation"]);
    }
    for (const text of ["c'est combien pour 12 personnes ?", "how much for 2?", "Can you do it in 2 days?"]) expect(personTopic(normalize(text))).toBeNull();
  });
});

describe("words the customer did not spell out", () => {
  const index = indexOf(REPAIR);

  it("a message whose words do not tell its language is answered in the language of the page they found", async () => {
    const d = await run("iphone battery replacement price?", index);
    expect(d.triage).toBe("AUTO_REPLY");
    expect(d.reply).toMatch(/^Hello! .*€/);
  });

  it("reads veggie, frigo and 3x as végétarien, réfrigérateur and 3 fois", async () => {
    expect((await run("Il y a une option veggie tous les jours ?", index)).reply).toContain("végétarien");
    expect((await run("Ça se garde combien de temps au frigo vos plats ?", index)).reply).toContain("2 jours");
    expect((await run("on peut payer en 3x ?", index)).reply).toContain("3 fois");
  });

  it("'ou' after 'c'est' or 'vous êtes' is 'où', and the reply says the address beside the hours", async () => {
    const d = await run("Bonjour vous etes ouvert le samedi ? et c'est ou ?", index);
    expect(d.reply).toContain("samedi");
    expect(d.reply).toContain("boulevard de la Libération");
  });
});

describe("set phrases whose words mean something else alone", () => {
  const PAYMENT = [
    { title: "Payment", markdown: "# Payment\n\nWe accept bank cards, cash, Lydia and meal vouchers, paper or card (Swile, Edenred). We do not accept cheques." },
    { title: "Paiement", markdown: "# Paiement\n\nNous acceptons la carte bancaire, les espèces et les titres-restaurant. Nous n'acceptons pas les chèques." },
  ];

  it("a gift card is not a card to pay with", async () => {
    for (const text of ["Do you sell gift cards?", "vous faites des cartes cadeaux ?"]) expect((await run(text, indexOf(PAYMENT))).triage).toBe("ESCALATE");
    const withGiftCards = indexOf([...PAYMENT, { title: "Gift cards", markdown: "# Gift cards\n\nWe sell gift cards of €20 and €50, valid for one year." }]);
    expect((await run("Do you sell gift cards?", withGiftCards)).reply).toContain("gift cards of €20");
    expect((await run("Do you accept meal vouchers?", indexOf(PAYMENT))).reply).toContain("meal vouchers");
  });

  it("thanks with a compliment ask nothing", async () => {
    expect((await run("merci beaucoup c'était trop bon 😍")).triage).toBe("IGNORE");
    expect((await run("merci, c'était bon mais vous êtes ouverts demain ?")).triage).not.toBe("IGNORE");
  });
});

describe("Instagram comments addressed to a friend", () => {
  it("a comment that opens by tagging an account is ignored, unless it asks what only the owner can answer", async () => {
    for (const text of ["@lea_dbs 😍😍 celle là pour toi", "@tom_b you need this jacket lol", "@camille.lgd on y va samedi ?? 😋"]) {
      const d = await run(text);
      expect([text, d.triage, d.reasonCode]).toEqual([text, "IGNORE", "addressed_to_other"]);
    }
    expect((await run("@lea_dbs dispo en M ?")).triage).toBe("ESCALATE");
    expect((await run("@lea_dbs c'est une arnaque ce magasin")).triage).toBe("ESCALATE");
    expect((await run("vous êtes ouverts dimanche ? @lea_dbs")).triage).not.toBe("IGNORE");
  });
});

describe("what the second set's final check still sent", () => {
  it("thanks with a farewell or a plan to come ask nothing, a question about the day still does", async () => {
    for (const text of ["merci !! à demain 😊", "Merci beaucoup, on passe samedi matin", "thank you, see you on friday!", "cheers, I'll drop by tomorrow 👋", "super merci, bonne soirée"]) {
      const d = await run(text);
      expect([text, d.triage, d.reasonCode]).toEqual([text, "IGNORE", "acknowledgement"]);
    }
    for (const text of ["merci, à demain, vous ouvrez à quelle heure ?", "thanks, see you friday, do you take cards", "à demain"]) expect((await run(text)).triage, text).not.toBe("IGNORE");
  });

  const PAYMENT = [
    { title: "Payment", markdown: "# Payment\n\nWe accept bank cards, contactless card payment, cash and PayPal." },
    { title: "Paiement", markdown: "# Paiement\n\nNous acceptons la carte bancaire, le paiement sans contact par carte, les espèces et PayPal." },
  ];
  it("a loyalty card is the loyalty programme, not a card to pay with", async () => {
    for (const text of ["vous avez une carte de fidélité ?", "is there a rewards card?", "Can I get a points card?"]) expect((await run(text, indexOf(PAYMENT))).triage, text).toBe("ESCALATE");
    const withLoyalty = indexOf([...PAYMENT, { title: "Fidélité", markdown: "# Fidélité\n\nNotre carte de fidélité est gratuite : la dixième coupe est offerte." }]);
    expect((await run("vous avez une carte de fidélité ?", withLoyalty)).reply).toContain("dixième coupe est offerte");
    expect((await run("vous prenez la carte ?", withLoyalty)).reply).toContain("carte bancaire");
  });

  it("an eye roll, an angry face or ironic praise is displeasure, without a complaint word", () => {
    for (const text of ["2 semaines pour une robe 😒", "ok… on attend encore 😤", "Super, toujours rien depuis lundi", "great, still nothing from you", "Well done, the parcel went to Lyon once again", "merci pour rien", "thanks for nothing"]) expect([text, safety(text)]).toEqual([text, "complaint"]);
    for (const text of ["super merci 😍", "great, is it still available in M?", "Bravo pour la nouvelle boutique 👏"]) expect([text, safety(text)]).toEqual([text, null]);
  });
});

describe("what the third set exposed (test/heldout-shops-3.ts)", () => {
  // A dry cleaner's pages, not the set's: each case is the general cause, not the set's sentence.
  const cleaner = indexOf([
    { title: "Tarifs", markdown: "# Tarifs\n\nChemise : 4 €. Pantalon : 8 €. Costume deux pièces : 16 €. Ourlet à la main à domicile : 20 €." },
    { title: "Prices", markdown: "# Prices\n\nShirt: €4. Trousers: €8. Two-piece suit: €16." },
    { title: "Entretien", markdown: "# Entretien\n\nNourrissez le cuir avec une crème neutre une fois par mois." },
    { title: "Care", markdown: "# Care\n\nFeed the leather with a neutral cream once a month.\n\nWe repair small appliances in the workshop." },
    { title: "Appointments", markdown: "# Appointments\n\nAppointments are booked on our website. Walk-ins: Saturday mornings from 9am to noon." },
  ]);

  it("a price list keeps the name before each price ('Pantalon : 8 €' is not '8 €')", async () => {
    const d = await run("c combien un pantalon ?", cleaner);
    expect(d.triage).toBe("AUTO_REPLY");
    expect(d.reply).toContain("Pantalon : 8 €");
    expect(d.reply).not.toContain("Chemise");
  });

  it("'à' is French, not the English 'a': a sentence full of them is sent to a French customer", async () => {
    expect(statedLanguage("Ourlet à la main à domicile : 20 €.")).toBe("fr");
    const d = await run("un ourlet a la main a domicile c combien ?", cleaner);
    expect(d.triage).toBe("AUTO_REPLY");
    expect(d.reply).toContain("20 €");
  });

  it("a job done for the customer in any trade is that one order", () => {
    expect(personTopic(normalize("Le cerisier que vous avez planté en mars a perdu toutes ses feuilles"))?.topic).toBe("order");
    expect(personTopic(normalize("The hedge you planted is dying"))?.topic).toBe("order");
    expect(personTopic(normalize("Do you cut long hair?"))).toBeNull();
  });

  it("'do you sell …?' is not answered by a sentence that does not speak of selling", async () => {
    expect((await run("Do you sell leather cream?", cleaner)).triage).toBe("ESCALATE");
    expect((await run("vous vendez de la crème pour le cuir ?", cleaner)).triage).toBe("ESCALATE");
  });

  it("a reply saying the opposite of the question's word ('small' for 'large') is not sent", async () => {
    expect((await run("do you repair large appliances?", cleaner)).triage).toBe("ESCALATE");
    const d = await run("do you repair small appliances?", cleaner);
    expect(d.triage).toBe("AUTO_REPLY");
    expect(d.reply).toContain("small appliances");
  });

  it("coming without an appointment is answered by the walk-in sentence, not the booking one", async () => {
    const d = await run("do you take walk ins?", cleaner);
    expect(d.triage).toBe("AUTO_REPLY");
    expect(d.reply).toContain("Saturday mornings");
  });

  it("a compliment under a post or a story asks nothing; with a question it still does", async () => {
    for (const text of ["trop beau 😍", "so pretty 😍😍", "incroyable le travail 🔥", "clean cut bro 🔥"]) expect((await run(text, cleaner)).reasonCode, text).toBe("compliment");
    for (const text of ["trop beau 😍 c'est combien", "so pretty, available in M?", "trop beau mais abîmé 😢"]) expect((await run(text, cleaner)).triage, text).not.toBe("IGNORE");
    expect((await run("merci frero a samedi", cleaner)).triage).toBe("IGNORE");
  });

  it("a question about the refund policy is no refund claimed; one's own deposit, or no question, still is", () => {
    expect(safety("is the deposit refundable?")).toBeNull();
    expect(safety("l'acompte, il est remboursé si j'annule ?")).toBeNull();
    expect(safety("is my deposit refundable?")).toBe("refund");
    expect(safety("je veux être remboursé si j'annule")).toBe("refund");
    expect(safety("c'est remboursable ? et rembourse moi")).toBe("refund");
  });
});

describe("what the fourth set exposed (test/heldout-shops-4.ts)", () => {
  // A cake shop's and a nail salon's pages, not the set's: each case is the general cause, not the set's sentence.
  const cakes = indexOf([
    { title: "Gâteaux", markdown: "# Gâteaux\n\nNos gâteaux d'anniversaire commencent à 25 €. Une carte écrite à la main accompagne chaque gâteau livré." },
    { title: "Livraison", markdown: "# Livraison\n\nNous livrons dans tout Bordeaux à partir de 40 € d'achat. La livraison coûte 6 € ; elle est offerte dès 80 €." },
    { title: "Cakes", markdown: "# Cakes\n\nOur birthday cakes start at €25. A handwritten card comes with every cake we deliver." },
    { title: "The bakery", markdown: "# The bakery\n\nWe bake every cake to order in our kitchen in Bordeaux. We sell on our website and at the Sunday market; we do not have a shop. The price of each cake is shown on our website. Order at least 48 hours ahead with the form on the website." },
    { title: "Shipping", markdown: "# Shipping\n\nWe ship our biscuit tins within 3 to 5 days." },
    { title: "Returns", markdown: "# Returns\n\nYou have 30 days after delivery to send a tin back; return shipping is free." },
    { title: "Ateliers", markdown: "# Ateliers\n\nUn atelier pâtisserie coûte 45 € par enfant." },
    { title: "Cartes cadeaux", markdown: "# Cartes cadeaux\n\nLes cartes cadeaux vont de 20 € à 100 €." },
    { title: "Boîtes", markdown: "# Boîtes\n\nNos boîtes de biscuits coûtent 12 €." },
  ]);
  const nails = indexOf([
    { title: "Salon", markdown: "# Salon\n\nLe salon est ouvert du mardi au samedi de 10 h à 19 h." },
    { title: "Opening hours", markdown: "# Opening hours\n\nThe salon is open Tuesday to Saturday from 10am to 7pm." },
  ]);

  it("who sent or ordered something asks for the person behind one order", async () => {
    for (const text of ["Could you tell me who sent me this cake? there was no card", "vous pouvez me dire qui m'a envoyé le gâteau ?", "who ordered the cake delivered to my office?"]) {
      const d = await run(text, cakes);
      expect([text, d.triage, d.reasonParams.topic]).toEqual([text, "ESCALATE", "order"]);
    }
    expect(personTopic(normalize("who makes your cakes?"))).toBeNull();
  });

  it("a free slot in the diary is the owner's to give, whatever the hours page says", async () => {
    for (const text of ["do you have a free slot tomorrow morning for a manicure?", "vous auriez un créneau jeudi pour une pose de gel ?", "avez-vous de la place samedi ?", "can you squeeze me in at 4?"]) {
      const d = await run(text, nails);
      expect([text, d.triage, d.reasonParams.topic]).toEqual([text, "ESCALATE", "stock"]);
    }
    for (const text of ["do you have parking?", "vous êtes ouverts samedi ?"]) expect(personTopic(normalize(text)), text).toBeNull();
  });

  it("'à partir de' is 'from': the price asked for is the item's, not any sentence saying 'à partir de'", async () => {
    const d = await run("les gateaux c a partir de combien ?", cakes);
    expect(d.triage).toBe("AUTO_REPLY");
    expect(d.reply).toContain("25 €");
    expect(d.reply).not.toContain("40 €");
  });

  it("'gratuit' is answered by the sentence saying 'offerte'", async () => {
    const florist = indexOf([
      { title: "Livraison", markdown: "# Livraison\n\nNous livrons à Nîmes le mardi et le vendredi, pour 8 €. La livraison est offerte dès 70 € d'achat." },
      { title: "Deuil", markdown: "# Deuil\n\nNos couronnes de deuil coûtent 90 € et sont livrées au funérarium." },
      { title: "Horaires", markdown: "# Horaires\n\nLa boutique est ouverte du mardi au samedi de 9 h à 19 h." },
      { title: "Paiement", markdown: "# Paiement\n\nNous acceptons la carte bancaire et les espèces." },
      { title: "Entretien", markdown: "# Entretien\n\nChangez l'eau du vase tous les deux jours." },
    ]);
    const d = await triage({ key: "k", messages: [{ id: "m1", text: "vous livrez le vendredi ?" }, { id: "m2", text: "c'est gratuit a partir de combien ?" }] }, { rules: FAQ, provider, retriever: florist, settings, now: NOW });
    expect(d.triage).toBe("AUTO_REPLY");
    expect(d.reply).toContain("70 €");
  });

  it("return shipping is about returns, not how long shipping takes", async () => {
    const d = await run("how long does shipping take?", cakes);
    expect(d.triage).toBe("AUTO_REPLY");
    expect(d.reply).toContain("3 to 5 days");
  });

  it("thanks with good news ask nothing; with a 'but', a question or a wish to order they still do", async () => {
    for (const text of ["thank you, my husband loved the cake!!", "merci, ma mère a adoré le gâteau 😍", "merci beaucoup, arrivé ce matin 😍", "merci pour le gâteau, il est trop joli"]) expect((await run(text, cakes)).triage, text).toBe("IGNORE");
    for (const text of ["thanks, loved it but the box was crushed", "merci, elle a adoré ! je voudrais en recommander un pour samedi", "thanks, loved it, do you deliver on sundays?"]) expect((await run(text, cakes)).triage, text).not.toBe("IGNORE");
  });

  it("an order's number or a delivery that did not come is that one order", async () => {
    for (const text of ["gateau commande n°5521 toujours rien, je fais comment ?", "order #CK2210 - any news?", "the cake for my mum was not delivered yesterday", "commande 7730 pas livree"]) {
      const d = await run(text, cakes);
      expect([text, d.triage, d.reasonParams.topic]).toEqual([text, "ESCALATE", "order"]);
    }
    for (const text of ["can I order 200 cupcakes?", "vous livrez le dimanche ?", "je voudrais commander 2 gâteaux"]) expect(personTopic(normalize(text)), text).toBeNull();
  });

  it("a question about what the shop offers is not answered by a page that never names the thing", async () => {
    for (const text of ["vous faites des gâteaux sans lactose ?", "do you do vegan cakes?"]) expect((await run(text, cakes)).triage, text).toBe("ESCALATE");
    const d = await run("vous faites des gâteaux d'anniversaire ?", cakes);
    expect(d.triage).toBe("AUTO_REPLY");
    expect(d.reply).toContain("25 €");
  });

  it("a comment tagging a friend after an emoji speaks to the friend", async () => {
    for (const text of ["👀 @marc_b", "😍😍 @julie.k regarde"]) expect((await run(text, cakes)).reasonCode, text).toBe("addressed_to_other");
    expect((await run("👀 @marc_b commande n°5521 toujours rien", cakes)).triage).toBe("ESCALATE");
  });

  it("half price is a discount, not what the service costs", async () => {
    const salon = indexOf([
      { title: "Opening hours", markdown: "# Opening hours\n\nThe salon is open Tuesday to Saturday from 10am to 7pm." },
      { title: "Prices", markdown: "# Prices\n\nManicure: €25. Gel polish: €35. Pedicure: €40." },
      { title: "Loyalty and payment", markdown: "# Loyalty and payment\n\nWe accept cards and cash. The loyalty card gives the 5th pedicure at half price." },
      { title: "Tarifs", markdown: "# Tarifs\n\nManucure : 25 €. Vernis semi-permanent : 35 €. Pédicure : 40 €." },
      { title: "Fidélité", markdown: "# Fidélité\n\nLa carte de fidélité offre la 5e pédicure à moitié prix." },
    ]);
    const d = await run("do you do pedicures? price?", salon);
    expect(d.triage).toBe("AUTO_REPLY");
    expect(d.reply).toContain("Pedicure: €40");
    expect(d.reply).not.toContain("half price");
  });

  it("a one-word question with no language of its own finds the page in any language ('price?')", async () => {
    const d = await run("price?", cakes);
    expect(d.triage).toBe("AUTO_REPLY");
    expect(d.reply).toContain("shown on our website");
  });
});

describe("what the fifth set exposed (test/heldout-shops-5.ts)", () => {
  // A climbing gym's and a vintage furniture shop's pages, not the set's: each case is the general cause.
  const gym = indexOf([
    { title: "Cours", markdown: "# Cours\n\nL'initiation coûte 25 € et dure 2 heures. Les cours ont lieu le mardi et le jeudi à 19 h." },
    { title: "Location", markdown: "# Location\n\nLes chaussons se louent 4 €, de la pointure 34 à 47." },
    { title: "Classes", markdown: "# Classes\n\nThe beginners' session costs €25 and lasts 2 hours. Classes run on Tuesdays and Thursdays at 7pm." },
    { title: "Rental", markdown: "# Rental\n\nClimbing shoes can be rented for €4, sizes 34 to 47." },
  ]);
  const vintage = indexOf([
    { title: "Prix", markdown: "# Prix\n\nLe prix de chaque meuble est indiqué sur sa fiche. Nous livrons les meubles à Lille pour 30 €." },
    { title: "Prices", markdown: "# Prices\n\nThe price of each piece is on its page. We deliver furniture in Lille for €30." },
  ]);

  it("what is left of a size or a class, and whether a class is full, is the owner's to say", async () => {
    for (const text of ["size 38 left?", "any left in 40?", "is the beginners session full tonight?", "le cours de jeudi est complet ?", "il y a encore des places restantes pour jeudi ?"]) {
      const d = await run(text, gym);
      expect([text, d.triage, d.reasonParams.topic]).toEqual([text, "ESCALATE", "stock"]);
    }
    for (const text of ["How much is a full service?", "is the full day pass worth it?", "le menu complet est servi le soir ?", "how many days do I have to return it?", "is there a waiting list when a class is full?", "on fait comment si le cours est complet ?"]) expect(personTopic(normalize(text)), text).toBeNull();
  });

  it("a price the customer proposes for a thing named between is negotiation, in French and English", async () => {
    for (const text of ["vous me faites le buffet à 150 ?", "can you do the two chairs for €90?", "would you sell the lamp for 30 instead of 45?"]) {
      const d = await run(text, vintage);
      expect([text, d.triage, d.reasonParams.topic]).toEqual([text, "ESCALATE", "negotiation"]);
    }
    for (const text of ["vous me faites un gâteau à 3 étages ?", "can you do a cake for 20 people?", "je peux me faire tatouer à 17 ans ?", "can you deliver it for 9am?"]) expect(personTopic(normalize(text)), text).toBeNull();
  });

  it("a message sent in the shop's name by someone else is a possible fraud for the owner, not a question for the pages", async () => {
    for (const text of ["quelqu'un m'a écrit d'un autre compte, il me demande 15 € pour m'envoyer mon lot", "a fake account messaged me asking for my card number, is it you?", "someone dm'd me saying I won and asked for $10 for shipping"]) {
      const d = await run(text, vintage);
      expect([text, d.triage, d.reasonParams.topic]).toEqual([text, "ESCALATE", "fraud"]);
    }
    for (const text of ["je peux payer depuis un autre compte ?", "can I pay from another account?", "you can delivery to another address?"]) expect(personTopic(normalize(text)), text).toBeNull();
  });
});

describe("kinds of question named with other words than the pages' (fifth set)", () => {
  // A watch dealer's pages, not the set's.
  const watches = indexOf([
    { title: "Livraison", markdown: "# Livraison\n\nNous expédions en France sous 48 h pour 5 €. Nous expédions aussi dans l'Union européenne pour 12 €. Nous n'expédions pas hors de l'Union européenne." },
    { title: "Shipping", markdown: "# Shipping\n\nWe ship in France within 2 days for €5. We also ship within the European Union for €12. We do not ship outside the European Union." },
    { title: "Authenticité", markdown: "# Authenticité\n\nChaque montre est contrôlée par un horloger et vendue avec un certificat d'authenticité." },
    { title: "Authenticity", markdown: "# Authenticity\n\nEvery watch is checked by a watchmaker and sold with a certificate of authenticity." },
    { title: "Tarifs", markdown: "# Tarifs\n\nNos montres vont de 150 € à 900 €. Les étudiants ont 10 % de réduction sur présentation de leur carte." },
    { title: "Prices", markdown: "# Prices\n\nOur watches range from €150 to €900. Students get 10% off with their student card." },
    { title: "Entretien", markdown: "# Entretien\n\nUne révision complète coûte 90 € et prend 3 semaines." },
    { title: "Servicing", markdown: "# Servicing\n\nA full service costs €90 and takes 3 weeks." },
    { title: "Abonnement entretien", markdown: "# Abonnement entretien\n\nL'abonnement entretien coûte 8 € par mois. Il est sans engagement." },
    { title: "Care plan", markdown: "# Care plan\n\nThe care plan costs €8 a month. There is no commitment." },
  ]);

  it("a country is a question about sending abroad, answered by the page on the European Union", async () => {
    for (const [text, fact] of [["vous envoyez en espagne ?", "Union européenne"], ["do you ship to italy?", "European Union"], ["ship to the united states?", "do not ship outside"]] as const) {
      const d = await run(text, watches);
      expect([text, d.triage]).toEqual([text, "AUTO_REPLY"]);
      expect(d.reply, text).toContain(fact);
    }
  });

  it("a fake or 'legit' asks about authenticity, 'réduc' and '% off' about the discount, 'anytime' about a commitment", async () => {
    for (const [text, fact] of [["are your watches legit or fakes?", "certificate of authenticity"], ["vos montres ce sont pas des faux ?", "certificat d'authenticité"], ["student discount?", "10% off"], ["une réduc pour les étudiants ?", "10 % de réduction"], ["can I cancel the care plan anytime?", "no commitment"], ["je peux arrêter l'abonnement à tout moment ?", "sans engagement"]] as const) {
      const d = await run(text, watches);
      expect([text, d.triage]).toEqual([text, "AUTO_REPLY"]);
      expect(d.reply, text).toContain(fact);
    }
  });
});

describe("a sale the law forbids to minors (fifth set)", () => {
  // A beer shop's pages, not the set's: its page on age would read as an answer, and the sale is not the AI's to make.
  const beers = indexOf([
    { title: "Livraison", markdown: "# Livraison\n\nNous livrons nos bières à Lille le samedi pour 5 €. Le livreur demande une pièce d'identité." },
    { title: "Delivery", markdown: "# Delivery\n\nWe deliver our beers in Lille on Saturdays for €5. The driver asks for an ID." },
    { title: "Âge", markdown: "# Âge\n\nLa vente d'alcool est interdite aux moins de 18 ans." },
    { title: "Age", markdown: "# Age\n\nWe do not sell alcohol to anyone under 18." },
  ]);

  it("a minor who wants alcohol, tobacco or a tasting reaches a person, whatever the pages say", async () => {
    for (const text of ["jai 16 ans, vous pouvez me livrer des bieres samedi ?", "I'm 17, can I order a bottle of champagne for my mum?", "my 16 yo son will pick up the beers, ok?", "c'est pour une soirée de lycée, vous livrez de l'alcool ?", "can my daughter come to the tasting? she's 15"]) {
      const d = await run(text, beers);
      expect([text, d.triage, d.reasonParams.topic]).toEqual([text, "ESCALATE", "age"]);
    }
    for (const text of ["un coffret de vin pour nos 10 ans de mariage ?", "do you have a 12 years old whisky?", "je peux me faire tatouer a 17 ans ?", "I'm 5 minutes away, can I still get a bottle?"]) expect(personTopic(normalize(text)), text).toBeNull();
  });
});

describe("what the fifth set's final check sent", () => {
  // A dance studio's pages, not the set's: the address page is close enough to be sent for "parking".
  const studio = [
    { title: "Le studio", markdown: "# Le studio\n\nLe studio Danse Libre propose des cours de danse contemporaine et de hip-hop, pour tous les niveaux. Il est au 12 quai Victor Augagneur, 69003 Lyon, au 2e étage.\n\nIl est ouvert du lundi au samedi de 9 h à 22 h." },
    { title: "The studio", markdown: "# The studio\n\nDanse Libre offers contemporary and hip-hop dance classes for all levels. It is at 12 quai Victor Augagneur, 69003 Lyon, on the 2nd floor.\n\nIt is open Monday to Saturday from 9am to 10pm." },
    { title: "Tarifs", markdown: "# Tarifs\n\nLe cours coûte 15 €. La carte de 10 cours coûte 130 €." },
    { title: "Prices", markdown: "# Prices\n\nA class costs €15. The 10-class card costs €130." },
    { title: "Annulation", markdown: "# Annulation\n\nVous pouvez annuler jusqu'à 24 heures avant le cours." },
    { title: "Cancellation", markdown: "# Cancellation\n\nYou can cancel up to 24 hours before the class." },
    { title: "Cartes cadeaux", markdown: "# Cartes cadeaux\n\nLes cartes cadeaux sont en vente sur notre site." },
    { title: "Gift cards", markdown: "# Gift cards\n\nGift cards are sold on our website." },
  ];

  it("'vous avez un parking ?' is not answered by the street: the thing asked must be named, not only its kind", async () => {
    for (const text of ["vous avez un parking ?", "do you have parking?"]) expect([text, (await run(text, indexOf(studio))).triage]).toEqual([text, "ESCALATE"]);
    const d = await run("vous avez un parking ?", indexOf([...studio, { title: "Accès", markdown: "# Accès\n\nLe studio a un parking gratuit de 10 places." }]));
    expect(d.triage).toBe("AUTO_REPLY");
    expect(d.reply).toContain("parking gratuit");
    // A set phrase still stands for its topic, and a synonym for its word.
    expect((await run("vous vendez des cartes cadeaux ?", indexOf(studio))).reply).toContain("cartes cadeaux");
  });

  it("praise of a thing with an exclamation asks nothing, as with a positive emoji", async () => {
    const index = indexOf(studio);
    for (const text of ["Love this place!", "j'adore cet endroit !"]) expect([text, (await run(text, index)).triage]).toEqual([text, "IGNORE"]);
    expect((await run("love this place, are you open sundays?", index)).triage).not.toBe("IGNORE");
  });
});

describe("what the fifth set's final check answered wrong", () => {
  // A spa's pages, not the set's: the voucher's validity against a sentence with a delay in it.
  const spa = indexOf([
    { title: "Bons cadeaux", markdown: "# Bons cadeaux\n\nLes bons cadeaux s'achètent à l'accueil, de 30 € à 200 €. Ils sont valables 1 an." },
    { title: "Gift vouchers", markdown: "# Gift vouchers\n\nGift vouchers are sold at the desk, from €30 to €200. They are valid for 1 year." },
    { title: "Groupes", markdown: "# Groupes\n\nPour les groupes et les cadeaux d'entreprise, demandez un devis au moins 3 semaines avant." },
    { title: "Groups", markdown: "# Groups\n\nFor groups and corporate gifts, ask for a quote at least 3 weeks ahead." },
  ]);

  it("how long a voucher or a card lasts is answered by its validity", async () => {
    for (const [text, fact] of [["how long do gift vouchers last?", "valid for 1 year"], ["le bon cadeau il dure combien de temps ?", "valables 1 an"]] as const) {
      const d = await run(text, spa);
      expect([text, d.triage]).toEqual([text, "AUTO_REPLY"]);
      expect(d.reply, text).toContain(fact);
    }
  });
});

describe("the sentence that gives what the question asks for", () => {
  // A pottery workshop's pages, not the sets': each page has a sentence sharing the question's words without its value.
  const pottery = indexOf([
    { title: "Cours", markdown: "# Cours\n\nLe cours débutant s'annule sans frais jusqu'à 24 heures avant. Le cours débutant a lieu le jeudi à 18 h." },
    { title: "Classes", markdown: "# Classes\n\nYou can cancel the beginners class for free up to 24 hours before it starts. The beginners class takes place on Thursdays at 6pm." },
    { title: "Livraison", markdown: "# Livraison\n\nLa livraison est offerte dès 60 € d'achat. Nous expédions vos pièces en Colissimo pour 6 €." },
    { title: "Shipping", markdown: "# Shipping\n\nShipping is free for orders over €60. We send your pieces by tracked post for €6." },
    { title: "L'atelier", markdown: "# L'atelier\n\nL'atelier de poterie accueille tous les niveaux, avec des fours et des tours pour chacun." },
  ]);

  it("reads what a question asks for from its first interrogative, in French and English", () => {
    expect(askedKinds("what day is the beginners class?")).toEqual(["day"]);
    expect(askedKinds("vous fermez à quelle heure ?")).toEqual(["clock"]);
    expect(askedKinds("c'est quand le prochain atelier ?")).toEqual(["day", "clock"]);
    expect(askedKinds("c combien la livraison")).toEqual(["price"]);
    expect(askedKinds("prix ?")).toEqual(["price"]);
    expect(askedKinds("c'est où l'atelier ?")).toEqual(["place"]);
    expect(askedKinds("en combien de temps vous livrez ?")).toEqual(["duration"]);
    expect(askedKinds("how long is a class?")).toEqual(["duration"]);
    // "what happens when…" asks what happens, not when; "do you…?" asks yes or no.
    expect(askedKinds("what happens when a class is full?")).toEqual([]);
    expect(askedKinds("do you ship abroad?")).toEqual([]);
  });

  it("tells the values a sentence gives; an amount after 'dès' or 'over' is a condition, not a price", () => {
    expect([...valueKinds("Le cours débutant a lieu le jeudi à 18 h.")].sort()).toEqual(["clock", "day"]);
    expect([...valueKinds("Every class lasts 90 minutes.")]).toEqual(["duration"]);
    expect([...valueKinds("We are at 8 rue des Potiers, 44000 Nantes.")]).toEqual(["place"]);
    expect(valueKinds("La livraison est offerte dès 60 € d'achat.").has("price")).toBe(false);
    expect(valueKinds("Shipping is free for orders over €60.").has("price")).toBe(false);
    expect(valueKinds("Nous expédions vos pièces en Colissimo pour 6 €.").has("price")).toBe(true);
    expect(valueKinds("La première séance est gratuite.").has("price")).toBe(true);
    expect(valueKinds("Private lessons are €60 an hour.").has("duration")).toBe(false);
    // A delay before something is not how long a thing lasts; "takes place" is no address.
    expect([...valueKinds("You can cancel up to 12 hours before the class.")]).toEqual(["offset"]);
    expect(askedKinds("how long before the class should I cancel?")).toEqual(["offset", "duration"]);
    expect(valueKinds("The class takes place in the garden.").has("place")).toBe(false);
  });

  it("'what day…?' is answered by the sentence naming the day, not by the one with a delay", async () => {
    for (const [text, fact] of [["what day is the beginners class?", "Thursdays at 6pm"], ["le cours débutant c'est quel jour ?", "jeudi à 18 h"]] as const) {
      const d = await run(text, pottery);
      expect([text, d.triage]).toEqual([text, "AUTO_REPLY"]);
      expect(d.reply, text).toContain(fact);
    }
  });

  it("'how much…?' is answered by the price, not by the amount from which it is free", async () => {
    for (const [text, fact] of [["how much is shipping?", "€6."], ["c'est combien la livraison ?", "pour 6 €"]] as const) {
      const d = await run(text, pottery);
      expect([text, d.triage]).toEqual([text, "AUTO_REPLY"]);
      expect(d.reply, text).toContain(fact);
    }
  });
});

describe("what the sixth set (test/heldout-shops-6.ts) exposed", () => {
  // A bakery's pages, not the set's (a pizzeria, a florist, a driving school).
  const bakery = indexOf([
    { title: "La boulangerie", markdown: "# La boulangerie\n\nBoulangerie de la Gare, 3 place du Marché, 35000 Rennes.\n\nNous sommes ouverts du mardi au dimanche de 7 h à 19 h. Fermé le lundi." },
    { title: "The bakery", markdown: "# The bakery\n\nBoulangerie de la Gare, 3 place du Marché, 35000 Rennes.\n\nWe are open Tuesday to Sunday from 7am to 7pm. Closed on Mondays." },
    { title: "Gâteaux", markdown: "# Gâteaux\n\nNos gâteaux du jour coûtent de 18 € à 35 €. Un gâteau sur mesure commence à 45 €. Une part en plus coûte 4 €. Nos tartes font 24 cm.\n\nNos tartes sont faites avec une pâte brisée maison." },
    { title: "Cakes", markdown: "# Cakes\n\nOur cakes of the day cost from €18 to €35. A made-to-order cake starts at €45. Each tart is 24 cm." },
    { title: "Sans gluten", markdown: "# Sans gluten\n\nNous faisons un pain sans gluten le samedi, cuit dans le même four que les autres." },
    { title: "Gluten-free", markdown: "# Gluten-free\n\nWe bake a gluten-free loaf on Saturdays, in the same oven as the others." },
    { title: "Conservation", markdown: "# Conservation\n\nGardez le pain dans un sac en tissu : il se garde environ trois jours." },
    { title: "What we sell", markdown: "# What we sell\n\nWe sell bread, cakes and pastries, made here every morning." },
    { title: "Keeping bread", markdown: "# Keeping bread\n\nKeep the bread in a cloth bag: it keeps for about three days." },
    { title: "Livraison", markdown: "# Livraison\n\nNous livrons le jour même à Rennes pour toute commande passée avant 11 h." },
    { title: "Mariages", markdown: "# Mariages\n\nPour une pièce montée de mariage, contactez-nous au moins 2 mois avant la date." },
  ]);

  it("a death told by the customer goes to a person, a funeral asked about does not", async () => {
    for (const text of ["mon papa est parti cette nuit, je voudrais une couronne pour jeudi", "my husband died last week, please stop his order", "c'est pour l'enterrement de ma soeur samedi", "we had to put our dog down today"]) {
      const d = await run(text, bakery);
      expect([text, d.triage, d.reasonParams.topic]).toEqual([text, "ESCALATE", "grief"]);
      expect(d.reason).toMatch(/un deuil|a bereavement/);
    }
    for (const text of ["une couronne pour un enterrement ca commence a combien ?", "how far in advance should I order for a funeral", "j'ai perdu mon ticket de caisse", "the dog in your story is so cute"]) expect(personTopic(normalize(text)), text).toBeNull();
  });

  it("a condition the customer says they have goes to a person, whatever the page on it says", async () => {
    for (const text of ["Im coeliac, is the gluten free loaf ok for me?", "je suis diabetique, vos gateaux ca va ?", "je suis dyslexique, vous avez un accompagnement ?"]) {
      const d = await run(text, bakery);
      expect([text, d.triage, d.reasonParams.topic]).toEqual([text, "ESCALATE", "health"]);
    }
    expect((await run("vous faites du pain sans gluten ?", bakery)).triage).toBe("AUTO_REPLY");
  });

  it("a short line giving a day answers a question about that day", async () => {
    expect((await run("vous etes ouvert le lundi ?", bakery)).reply).toContain("Fermé le lundi");
    expect((await run("are you open on mondays?", bakery)).reply).toContain("Closed on Mondays");
  });

  it("an address line of an English page is not French for its street's 'de la'", async () => {
    const d = await run("where are you exactly?", bakery);
    expect(d.triage).toBe("AUTO_REPLY");
    expect(d.reply).toContain("place du Marché");
  });

  it("what qualifies a thing offered must be said (à la / en / with…), and 'do you sell X?' needs the sentence naming X", async () => {
    const bags = await run("do you sell bags?", bakery);
    expect([bags.triage, bags.reply]).toEqual(["ESCALATE", null]);
    expect((await run("vous faites des tartes a la pate sablee ?", bakery)).triage).toBe("ESCALATE");
    expect((await run("vous faites des gateaux sur mesure ?", bakery)).triage).toBe("AUTO_REPLY");
  });

  it("a charge the customer says was taken is a money dispute, a charge to come is not", () => {
    for (const text of ["I was charged €36 but I never ordered", "j'ai ete debitee 2 fois pour le meme gateau", "vous m'avez preleve 45 € de trop"]) expect(safety(text), text).toBe("refund");
    for (const text of ["will I be charged if I cancel?", "vous facturez la livraison ?"]) expect(safety(text), text).toBeNull();
  });

  it("thanks 'as always' or 'pour tout', a laugh before a tag, good news with party emoji ask nothing", async () => {
    for (const text of ["thanks guys, delicious as always!", "merci pour tout !", "lol @sam look at this", "merci j'ai eu mon diplome !!! 🎉🎉"]) {
      const d = await run(text, bakery);
      expect([text, d.triage]).toEqual([text, "IGNORE"]);
    }
    expect((await run("merci pour tout, mais le gateau etait sec", bakery)).triage).not.toBe("IGNORE");
  });

  it("'y a' is French, a hedge on an amount is no subject, a length in cm is a size, synonyms reach their page", async () => {
    expect(statedLanguage("y a une reduc a emporter ?")).toBe("fr");
    expect((await run("un gateau c'est combien environ", bakery)).reply).toContain("18 €");
    expect((await run("elles font quelle taille vos tartes", bakery)).reply).toContain("24 cm");
    expect((await run("vous livrez aujourd'hui ?", bakery)).reply).toContain("jour même");
    expect((await run("how much for a custom cake", bakery)).reply).toContain("€45");
    expect((await run("on se marie en juin, il faut vous contacter quand pour la piece montee ?", bakery)).reply).toContain("2 mois avant");
  });

  it("'policy' names no subject: the page on cancelling says 'cancelled', not 'policy'", () => {
    expect([...lexicalTerms("whats your cancellation policy").keys()].some((t) => t.startsWith("polic"))).toBe(false);
    expect([...lexicalTerms("vous avez une politique de retour ?").keys()].some((t) => t.startsWith("politi"))).toBe(false);
  });

  it("'US' in capitals is the country: the page's sentence on sending abroad answers it", async () => {
    // The first set's cosmetics shop (test/heldout-shops.ts), whose reply named Belgium and Germany but not the rest.
    const shipping = labelledIndex(provider, HELDOUT_SHOPS[1]!.kb);
    expect((await run("Do you ship to the US?", shipping)).reply).toContain("outside the European Union");
    expect([...lexicalTerms("can you send us a photo?").keys()]).not.toContain("#abroad");
  });

  it("'right now' after a wait or a delay is 'currently', not urgency", () => {
    expect(safety("how long is the wait for a driving test right now")).toBeNull();
    expect(safety("whats the delay right now for a repair?")).toBeNull();
    for (const text of ["I need the cake right now", "still waiting right now, this is urgent"]) expect(safety(text), text).toBe("urgency");
  });

  it("'combien d'heures ?' asks a quantity, not a price", () => {
    expect(askedKinds("combien d'heures minimum de conduite ?")).toEqual([]);
    expect(askedKinds("combien de km faut il faire ?")).toEqual([]);
    expect(askedKinds("c combien la lecon ?")).toEqual(["price"]);
    expect(askedKinds("combien de temps ca prend ?")).toEqual(["duration"]);
  });

  it("a reply that only says what is not done brings the sentence beside it saying how it is done", async () => {
    const salon = indexOf([
      { title: "Appointments", markdown: "# Appointments\n\nAppointments are booked online on Planity. We do not take bookings by message.\n\nWalk-ins: Tuesdays from 10am to 1pm." },
      { title: "Rendez-vous", markdown: "# Rendez-vous\n\nLes rendez-vous se prennent en ligne sur Planity. Nous ne prenons pas de rendez-vous par message." },
    ]);
    for (const text of ["can I book by dm?", "je peux prendre rendez-vous par message ?"]) expect((await run(text, salon)).reply, text).toContain("Planity");
  });
});
