import { describe, expect, it } from "vitest";
import { multiLineTextSchema, oneLineNameSchema } from "../src";

const name = oneLineNameSchema({ max: 20 });
const codeOf = (r: { success: boolean; error?: { issues: { code: string; params?: { code?: string } }[] } }) =>
  r.success ? "ok" : (r.error!.issues[0]!.params?.code ?? r.error!.issues[0]!.code);

describe("oneLineNameSchema", () => {
  it.each([
    ["  Boutique  ", "Boutique"],
    ["Cafe\u0301", "Café"], // NFC: one name however the accent was typed
    ["👩‍👩‍👧 Ça va", "👩‍👩‍👧 Ça va"], // zero-width joiners inside an emoji are part of it
    ["عربي\u200f", "عربي\u200f"], // a right-to-left mark (not an override) stays
  ])("keeps %j as %j", (input, stored) => {
    expect(name.parse(input)).toBe(stored);
  });

  it.each([
    ["a\nb", "one_line"],
    ["a\u2029b", "one_line"],
    ["a\u0000b", "control_character"],
    ["a\u009bb", "control_character"],
    ["\u2067x", "control_character"],
    ["\u200b\u2060\ufeff", "invisible_only"],
    ["\u0301", "invisible_only"],
    ["\u2800", "invisible_only"],
    ["", "too_small"],
    ["x".repeat(21), "too_big"],
    ["x".repeat(100_000), "max_chars"], // refused before it is normalised
  ])("refuses %j (%s)", (input, code) => {
    expect(codeOf(name.safeParse(input))).toBe(code);
  });

  it("allowEmpty lets a blank item through for its list to drop", () => {
    expect(oneLineNameSchema({ max: 10, allowEmpty: true }).parse("   ")).toBe("");
  });
});

describe("multiLineTextSchema", () => {
  const text = multiLineTextSchema({ max: 50, min: 1, trim: true });
  it("keeps line feeds and tabs, stores CR LF and CR as LF", () => {
    expect(text.parse(" Bonjour\r\nÀ demain\rmerci\tbeaucoup ")).toBe("Bonjour\nÀ demain\nmerci\tbeaucoup");
  });
  it.each(["a\u0007", "a\u001b[2J", "a\u000bb", "a\u007fb"])("refuses %j", (input) => {
    expect(codeOf(text.safeParse(input))).toBe("control_character");
  });
});
