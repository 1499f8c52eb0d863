/**
 * Several questions in one message ("vous êtes ouverts dimanche ? et on peut payer par carte ?", "how much is a brake
 * adjustment and do I need to book?"): each is looked up and answered on its own, and the message is answered only
 * when every one of them is. Before, the passage that matched the whole message best answered one question and the
 * reply went out silent on the others.
 */
import { STOPWORDS, topicsOf } from "./lexicon";
import { normalize, words } from "./text";

// "…, and do you…", "… et est-ce que…": a connector followed by what opens a question starts a new one.
const CONNECTOR =
  /[,;]?\s+(?:and also|and|also|plus|et aussi|et|aussi)\s+(?=(?:do|does|did|can|could|is|are|will|would|should|what|how|where|when|which|est[- ]ce|c'est|c est|vous|on peut|il faut|faut[- ]il|y a[- ]t[- ]il|quel|quels|quelle|quelles|combien|comment|ou|où|quand|pouvez|peut[- ]on)\b)/giu;

/**
 * The questions of a text, in order. A piece that names no subject of its own ("c'est combien ?", "how much does it
 * cost?", "thanks so much") belongs to the question before it; text after the last question mark too.
 */
export function questionParts(text: string): string[] {
  const pieces: string[] = [];
  const segments = text.split(/(?<=\?)/u);
  for (const segment of segments) for (const piece of segment.split(CONNECTOR)) if (piece.trim()) pieces.push(piece.trim());
  const parts: string[] = [];
  for (const [i, piece] of pieces.entries()) {
    const asks = /\?\s*$/u.test(piece) || (i < pieces.length - 1 && !/[.!]\s*$/u.test(piece));
    if (parts.length && (!asks || !hasSubject(piece))) parts[parts.length - 1] += ` ${piece}`;
    else parts.push(piece);
  }
  // A leading piece with no subject ("Bonjour !") joins the question after it.
  if (parts.length > 1 && !hasSubject(parts[0]!)) parts.splice(0, 2, `${parts[0]} ${parts[1]}`);
  return parts.map(askedPart);
}

const LONG_PART_WORDS = 20;
// What opens or announces a question inside a sentence without a question mark.
const ASKS = /\?|\b(savoir|combien|comment|quand|quel|quels|quelle|quelles|est[- ]ce|pouvez|possible|how|what|when|where|which|can you|could you|do you|does|is it|are you|wondering|know)\b/iu;

/**
 * A long piece ("j'ai découvert votre marque sur Instagram… j'aimerais savoir en combien de temps vous livrez en
 * France, parce que…") is looked up by its sentences that ask something: the story around them only dilutes the search.
 */
function askedPart(part: string): string {
  if (words(normalize(part)).length <= LONG_PART_WORDS) return part;
  const sentences = part.split(/(?<=[.!?,;])\s+|\s+[—–-]\s+|\n+/u).filter((x) => x.trim());
  const asking = sentences.filter((x) => ASKS.test(normalize(x)));
  return asking.length && asking.length < sentences.length ? asking.join(" ") : part;
}

/** A word that says what the question is about: not a stop word, not "how much / how long / combien". */
function hasSubject(piece: string): boolean {
  return words(normalize(piece)).some((w) => /\p{L}{2}/u.test(w) && !STOPWORDS.has(w) && !amountWord(w));
}

function amountWord(w: string): boolean {
  const topics = topicsOf(w);
  return topics.length > 0 && topics.every((t) => t === "price" || t === "duration");
}
