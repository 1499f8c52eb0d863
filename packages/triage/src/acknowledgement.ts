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
  "beaucoup bcp mille fois tres trop bien vraiment d accord recu a lot so much very you u mate all for it got that s good bonne belle journee soiree weekend have nice day evening lovely encore again et and bonjour hello hi madame monsieur c etait bon delicieux excellent love loved the delicious amazing".split(" "),
);
const SAD_OR_ANGRY = /[😡🤬😠👎😤💔😢😭😞😒🙄😫😩☹🙁😕]/u;

/**
 * An Instagram comment that opens by tagging an account ("@lea on y va samedi ?", "@tom you need this jacket") speaks
 * to that person, not to the shop: nothing to answer. Safety and the owner's rules have run before it.
 */
export function isAddressedToOther(text: string): boolean {
  return /^\s*@[\p{L}\p{N}._]{2,}/u.test(text);
}

export function isAcknowledgement(text: string): boolean {
  if (text.includes("?") || SAD_OR_ANGRY.test(text)) return false;
  const ws = words(normalize(text).replace(/'/g, " ")).filter((w) => /[\p{L}\p{N}]/u.test(w));
  return ws.length > 0 && ws.length <= 8 && ws.some((w) => THANKS.has(w)) && ws.every((w) => THANKS.has(w) || POLITE.has(w));
}
