/**
 * A message that only thanks or acknowledges ("merci !! 😊", "thx a lot!!", "ok merci bcp 👍", "cheers mate") asks
 * nothing: it is ignored even when the workspace has no rule for it. Before, it went to a person as "nothing in the
 * knowledge base matches", with advice to add a document. Anything else in it — a question mark, a word outside the
 * list, a sad or angry emoji — and it is not an acknowledgement. Emoji alone stay with the `empty` stage (a sticker
 * or a reaction the workspace decides about with a rule).
 */
import { normalize, words } from "./text";

// Normalized words (no accents). At least one of THANKS must be there; the rest may only come from POLITE.
const THANKS = new Set("merci mercii mrc thanks thank thanx thx thks tks ty cheers ok okay oki okk dac daccord noted parfait nickel super top genial great perfect awesome cool".split(" "));
const POLITE = new Set(
  "beaucoup bcp mille fois tres trop bien vraiment d accord recu a lot so much very you u mate all for it got that s good bonne belle journee soiree weekend have nice day evening lovely encore again et and bonjour hello hi madame monsieur c etait bon delicieux excellent love loved the delicious amazing frero frerot frere bro mec man guys les gars chef as always usual comme toujours pour tout everything".split(" "),
);
const SAD_OR_ANGRY = /[😡🤬😠👎😤💔😢😭😞😒🙄😫😩☹🙁😕]/u;

/**
 * An Instagram comment that opens by tagging an account ("@lea on y va samedi ?", "@tom you need this jacket") speaks
 * to that person, not to the shop: nothing to answer. Safety and the owner's rules have run before it.
 */
export function isAddressedToOther(text: string): boolean {
  // Emoji before the tag ("👀 @jake") still open the comment with it.
  // So do a laugh or a "look" before it ("lol @sam look at this", "mdr @lea regarde").
  return /^[\s\p{Extended_Pictographic}\u200d\ufe0f]*(?:(?:lol|mdr|ptdr|omg|wow|oh|yo|haha\w*|ahah\w*|hihi\w*|regarde|look)[\s,.!]+)*@[\p{L}\p{N}._]{2,}/iu.test(text);
}

/**
 * Closings and plans to come, said after thanks ("merci, à samedi !", "thanks, see you tomorrow", "ok on passe demain",
 * "cheers, I'll drop by later"): they ask nothing either. Removed before the words are checked; a day or a time of day
 * in them is a plan, not a question about hours (a question would have its question mark or another word).
 */
const WHEN =
  "(?:demain|apres[- ]demain|bientot|plus tard|tout a l heure|tout de suite|ce (?:soir|midi|matin|week[- ]?end)|cet apres[- ]midi|(?:la semaine|le mois) prochaine?|dans la semaine|(?:ce |le )?(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)(?: (?:prochain|matin|midi|soir|apres[- ]midi))?|tomorrow|soon|later|then|there|tonight|this (?:morning|afternoon|evening|weekend)|next (?:week|time)|(?:on |this |next )?(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)(?: (?:morning|afternoon|evening|night))?)";
const CLOSINGS = new RegExp(
  [
    `\\ba (?:plus|${WHEN})\\b`,
    `\\b(?:on|je|nous|j) (?:passe|passerai|passera|passerons|repasse|repasserai|repassera|viens|vient|viendrai|viendra|viendrons|reviens|revient|reviendrai|reviendra)(?: (?:vous voir|chez vous|en boutique|au magasin|recuperer|la chercher|le chercher|les chercher))?(?: ${WHEN})?\\b`,
    `\\bbonne (?:fin de )?(?:journee|soiree|semaine|week[- ]?end|continuation)\\b`,
    `\\b(?:see|c) (?:you|ya|u)(?: ${WHEN})?\\b`,
    `\\b(?:i ll|ill|i will|we ll|we will) (?:come|drop|pop|stop|swing|be)(?: (?:by|in|round|over|back|there))?(?: ${WHEN})?\\b`,
    `\\bhave a (?:nice|good|great|lovely) (?:day|evening|weekend|one)\\b`,
    `\\b(?:bye|goodbye|take care|talk soon|bisous|bises)\\b`,
  ].join("|"),
  "g",
);

/**
 * A compliment under a post or a story ("trop beau 😍", "so pretty 😍😍", "incroyable le travail 🔥", "clean cut bro")
 * asks nothing either: a praise word, a few words at most, no question mark, no sad or angry emoji, and besides the
 * praise and fillers at most two words (what is praised), none of them a word of a question (price, hours…). Run
 * after the questions only a person answers ("je prends 😍" is an order).
 */
const PRAISE = new Set(
  "beau belle beaux belles magnifique magnifiques sublime sublimes superbe superbes incroyable incroyables splendide canon joli jolie jolis jolies propre stylé style ouf dingue bravo waouh wahou wow whaou genial trop top pretty beautiful gorgeous stunning lovely cute amazing insane sick fire clean fresh nice dope obsessed perfect incredible awesome love loving adore".split(" "),
);
const PRAISE_FILLERS = new Set("le la les l j un une ce cet cette ca c est vraiment tres trop grave the so very really this that it is s what a an omg wow bro mec frero frere sis girl guys omg ton votre your de du des of vos tes".split(" "));
const POSITIVE_EMOJI = /[😍🥰😻🤩🔥❤💕💖💗💓💞🖤🤍💯✨👏🙌👌🤤😮🎉🥳🎊]/u;
const ASKING = new Set("combien prix dispo disponible quand ou comment pourquoi quel quelle livraison how much price where when what why which available stock size taille".split(" "));

export function isCompliment(text: string): boolean {
  if (text.includes("?") || SAD_OR_ANGRY.test(text)) return false;
  const ws = words(normalize(text).replace(/'/g, " ")).filter((w) => /[\p{L}\p{N}]/u.test(w));
  if (!ws.length || ws.length > 6 || !ws.some((w) => PRAISE.has(w))) return false;
  const others = ws.filter((w) => !PRAISE.has(w) && !PRAISE_FILLERS.has(w));
  if (others.length > 2 || others.some((w) => ASKING.has(w) || /\d/.test(w))) return false;
  // What is praised needs a mark of delight: a positive emoji, or an exclamation ("love this place!", "j'adore cet
  // endroit !"); without one, "nice price" may be the start of a question.
  return others.length === 0 || POSITIVE_EMOJI.test(text) || /!\s*$/u.test(text);
}

export function isAcknowledgement(text: string): boolean {
  if (text.includes("?") || SAD_OR_ANGRY.test(text)) return false;
  const ws = words(normalize(text).replace(/'/g, " ").replace(CLOSINGS, " ")).filter((w) => /[\p{L}\p{N}]/u.test(w));
  return ws.length > 0 && ws.length <= 8 && ws.some((w) => THANKS.has(w)) && ws.every((w) => THANKS.has(w) || POLITE.has(w));
}

/**
 * Thanks with good news ("thanks so much, she loved them!!", "merci, elle a adoré 😍", "thank you!! arrived today, love
 * it 🙏") ask nothing either: a word of thanks, a word or emoji of delight, a dozen words at most, and nothing that
 * turns it into a request or a problem (no question, no "but / mais / not / pas", no wish or plan to order, no number).
 * Run where compliments are: after safety and the questions only the owner answers.
 */
const THANKS_WORDS = new Set("merci mercii mrc thanks thank thanx thx ty cheers".split(" "));
const DELIGHT = new Set(
  "love loved loves loving adore adores adoree adorent beau belle beaux belles joli jolie jolis jolies mignon mignonne cute ravi ravie ravis contente content contents happy pleased delighted thrilled obsessed perfect parfait parfaite sublime magnifique beautiful gorgeous stunning amazing great super top genial geniale incroyable".split(" "),
);
const TURNS = new Set(
  "mais but pas not no non never jamais sauf except however cependant pourtant dommage unfortunately malheureusement n t dont didn doesn isn wasn hasn can could would will peux pouvez peut possible combien quand comment pourquoi where when how what which why prix price dispo available voudrais voudrait aimerais souhaite souhaiterais want wanted need besoin commander recommander order reorder reserver book".split(" "),
);

export function isThanksWithDelight(text: string): boolean {
  if (text.includes("?") || SAD_OR_ANGRY.test(text) || /\d/.test(text) || /\best[- ]ce\b/i.test(text)) return false;
  const ws = words(normalize(text).replace(/'/g, " ")).filter((w) => /[\p{L}\p{N}]/u.test(w));
  if (!ws.length || ws.length > 12 || !ws.some((w) => THANKS_WORDS.has(w)) || ws.some((w) => TURNS.has(w))) return false;
  return ws.some((w) => DELIGHT.has(w)) || POSITIVE_EMOJI.test(text);
}
