import { parsePhoneNumberFromString } from "libphonenumber-js";

/**
 * A phone number written in international format, as E.164 ("+33612345678"), or null when it is not a valid number.
 * Accepts "+33 6 12 34 56 78", "0033 6 12 34 56 78" and the country code without "+" ("33612345678", the form of
 * WhatsApp ids). A national form ("06 12 34 56 78") is refused: its country would be a guess.
 */
export function toE164(input: string): string | null {
  const compact = input.trim().replace(/[\s().-]/g, "");
  if (!/^(\+|00)?\d+$/.test(compact)) return null;
  const international = compact.startsWith("+") ? compact : `+${compact.replace(/^00/, "")}`;
  const parsed = parsePhoneNumberFromString(international);
  return parsed?.isValid() ? parsed.number : null;
}
