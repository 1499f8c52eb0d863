/**
 * A phone number as people read it: "+33 6 12 34 56 78", "+44 7700 900418", "+1 415 555 0100", not "+33612345678".
 * Grouping only (no carrier data: the library that knows every plan weighs ~150 KB); the spaces are no-break ones,
 * so a number never wraps across lines. Anything that is not a plain international number is returned as given.
 */

/** E.164 calling codes of two digits; +1 and +7 are the one-digit ones, every other code has three (ITU-T assignments). */
const TWO_DIGIT_CODE = /^(2[07]|3[0-469]|4[013-9]|5[1-8]|6[0-6]|8[1246]|9[0-58])/;

/** A space before each pair counted from the end ("6 12 34 56 78"). */
const pairs = (digits: string) => digits.replace(/\B(?=(\d\d)+$)/g, " ");
/** Threes from the start, a last group of four rather than a lone digit ("415 555 0100"). */
const threes = (digits: string) => digits.replace(/(\d{3})(?=\d\d)/g, "$1 ");

function national(code: string, n: string): string {
  if (n.length === 10 && code === "1") return `${n.slice(0, 3)} ${threes(n.slice(3))}`;
  if (n.length === 10 && code === "44") return `${n.slice(0, 4)} ${n.slice(4)}`;
  if (n.length === 9) {
    // France and its overseas departments "6 12 34 56 78", Belgium's mobiles "470 12 34 56", Switzerland "79 123 45 67".
    if (/^(33|26[2]|59[046])$/.test(code)) return pairs(n);
    if (code === "32") return `${n.slice(0, 3)} ${pairs(n.slice(3))}`;
    if (code === "41") return `${n.slice(0, 2)} ${n.slice(2, 5)} ${pairs(n.slice(5))}`;
  }
  return threes(n);
}

/** "+33612345678" or "33612345678" (a WhatsApp id) → "+33 6 12 34 56 78" (no-break spaces). */
export function readablePhone(number: string): string {
  const digits = number.replace(/^\+/, "");
  if (!/^[1-9]\d{6,14}$/.test(digits)) return number;
  const codeLength = /^[17]/.test(digits) ? 1 : TWO_DIGIT_CODE.test(digits) ? 2 : 3;
  return `+${digits.slice(0, codeLength)} ${national(digits.slice(0, codeLength), digits.slice(codeLength))}`.replace(/ /g, "\u00a0");
}
