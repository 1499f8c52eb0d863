/**
 * A phone number as people read it: "+33 6 12 34 56 78", "+44 7700 900418", "+1 415 555 0100", not "+33612345678".
 * Grouping only (no carrier data: the library that knows every plan weighs ~150 KB); the spaces are no-break ones,
 * so a number never wraps across lines. Anything that is not a plain international number is returned as given.
 */

/** E.164 calling codes of two digits; +1 and +7 are the one-digit ones, every other code has three (ITU-T assignments). */
const TWO_DIGIT_CODES = new Set(
  "20 27 30 31 32 33 34 36 39 40 41 43 44 45 46 47 48 49 51 52 53 54 55 56 57 58 60 61 62 63 64 65 66 81 82 84 86 90 91 92 93 94 95 98".split(" "),
);
const NBSP = "\u00a0";

/** Pairs ("12 34 56 78"), from the end. */
function pairs(digits: string): string[] {
  const out: string[] = [];
  for (let end = digits.length; end > 0; end -= 2) out.unshift(digits.slice(Math.max(0, end - 2), end));
  return out;
}

/** Threes from the start, a last group of four rather than a lone digit ("415 555 0100"). */
function threes(digits: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (digits.length - i > 4) {
    out.push(digits.slice(i, i + 3));
    i += 3;
  }
  out.push(digits.slice(i));
  return out;
}

function nationalGroups(code: string, n: string): string[] {
  if (code === "1" && n.length === 10) return [n.slice(0, 3), n.slice(3, 6), n.slice(6)];
  if (code === "44" && n.length === 10) return [n.slice(0, 4), n.slice(4)];
  // France and its overseas departments: pairs after the first digit ("6 12 34 56 78").
  if (["33", "262", "590", "594", "596"].includes(code) && n.length === 9) return [n[0]!, ...pairs(n.slice(1))];
  // Belgium's mobiles "470 12 34 56", Switzerland's "79 123 45 67".
  if (code === "32" && n.length === 9) return [n.slice(0, 3), ...pairs(n.slice(3))];
  if (code === "41" && n.length === 9) return [n.slice(0, 2), n.slice(2, 5), ...pairs(n.slice(5))];
  return threes(n);
}

/** "+33612345678" or "33612345678" (a WhatsApp id) → "+33 6 12 34 56 78" (no-break spaces). */
export function readablePhone(number: string): string {
  const digits = number.startsWith("+") ? number.slice(1) : number;
  if (!/^[1-9]\d{6,14}$/.test(digits)) return number;
  const codeLength = digits[0] === "1" || digits[0] === "7" ? 1 : TWO_DIGIT_CODES.has(digits.slice(0, 2)) ? 2 : 3;
  const code = digits.slice(0, codeLength);
  return [`+${code}`, ...nationalGroups(code, digits.slice(codeLength))].join(NBSP);
}
