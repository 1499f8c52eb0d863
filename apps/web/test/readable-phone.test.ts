// Phone numbers in the inbox and the contact panel as people write them (walk5 read « +33639980027 »).
import { describe, expect, it } from "vitest";
import { readablePhone } from "../src/lib/phone";

const spaced = (s: string) => s.replace(/ /g, "\u00a0");

describe("readablePhone", () => {
  it("groups a number the way its country writes it, with no-break spaces", () => {
    expect(readablePhone("+33639980027")).toBe(spaced("+33 6 39 98 00 27"));
    expect(readablePhone("33639980027")).toBe(spaced("+33 6 39 98 00 27"));
    expect(readablePhone("+447700900418")).toBe(spaced("+44 7700 900418"));
    expect(readablePhone("+14155550100")).toBe(spaced("+1 415 555 0100"));
    expect(readablePhone("+32470123456")).toBe(spaced("+32 470 12 34 56"));
    expect(readablePhone("+41791234567")).toBe(spaced("+41 79 123 45 67"));
    expect(readablePhone("+262692123456")).toBe(spaced("+262 6 92 12 34 56"));
  });

  it("reads a three-digit calling code, and groups by three elsewhere", () => {
    expect(readablePhone("+212612345678")).toBe(spaced("+212 612 345 678"));
    expect(readablePhone("+4915123456789")).toBe(spaced("+49 151 234 567 89"));
  });

  it("leaves what is not a plain international number as it is", () => {
    for (const s of ["", "+", "12", "+0612345678", "9523648107732290123", "06 12 34 56 78", "@hugo"]) expect(readablePhone(s)).toBe(s);
  });
});
