import { describe, expect, it } from "vitest";
import { cleanTextDeep, toE164 } from "../src";

describe("toE164", () => {
  it("reads international numbers written any usual way, and refuses what is not a valid number", () => {
    for (const written of ["33612345678", "+33612345678", "+33 6 12 34 56 78", "0033 6 12 34 56 78", "+33 6-12.34.56.78"]) {
      expect(toE164(written)).toBe("+33612345678");
    }
    expect(toE164("+1 415 555 2671")).toBe("+14155552671");
    for (const bad of ["", "12345", "+33 6 12", "06 12 34 56 78", "+1 555 000 1111", "+33 6 12 34 56 78 ext", "call me"]) expect(toE164(bad)).toBeNull();
  });
});

describe("text PostgreSQL can store, deep", () => {
  it("cleans every string and key of a JSON value, and copies nothing when it is clean", () => {
    const clean = { a: ["x", { b: "y" }], n: 1, t: true, z: null };
    expect(cleanTextDeep(clean)).toBe(clean);
    const dirty = JSON.parse('{"te\\u0000xt":"hi\\u0000","list":["ok","\\ud83d"],"nested":{"k":["\\u0000"]},"n":2,"__proto__":"kept"}') as Record<string, unknown>;
    const out = cleanTextDeep(dirty);
    expect(JSON.stringify(out)).toBe('{"text":"hi","list":["ok","\ufffd"],"nested":{"k":[""]},"n":2,"__proto__":"kept"}');
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(dirty.list).toEqual(["ok", "\ud83d"]); // the input is not changed
    const date = new Date(0);
    expect(cleanTextDeep({ when: date }).when).toBe(date);
  });
});
