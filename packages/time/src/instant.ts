import { z } from "zod";

/**
 * Instants the API takes from outside (dates, the instant inside a cursor): ISO years 0000 to 9999. JavaScript's Date
 * reaches ±275,760 years, PostgreSQL's timestamptz 4713 BC to 294276 AD, and an expanded year ("-200000-01-01",
 * "+275760-09-13") parses in JavaScript, then fails in the database ("timestamp out of range", "time zone
 * displacement out of range": an error 500) whether it travels as a Date or as text: refused at the boundary.
 */
const EARLIEST_MS = Date.parse("0000-01-01T00:00:00.000Z");
const LATEST_MS = Date.parse("9999-12-31T23:59:59.999Z");

export function isStorableInstant(date: Date): boolean {
  const t = date.getTime();
  return t >= EARLIEST_MS && t <= LATEST_MS;
}

/** `z.coerce.date()` within `isStorableInstant`; anything else is `date_invalid` ("Not a valid date"). */
export const storableDateSchema = z.coerce.date().refine(isStorableInstant, { message: "Not a valid date", params: { code: "date_invalid" } });
