import { describe, expect, it } from "vitest";
import { cleanTextDeep, hashPassword, hashToken, newSecretToken, SecretBox, slugify, timeZoneSchema, toE164, verifyPassword, workspaceUpdateSchema } from "../src";

describe("passwords", () => {
  it("hash with scrypt and a salt, and verify only the right password", async () => {
    const h1 = await hashPassword("correct horse battery");
    const h2 = await hashPassword("correct horse battery");
    expect(h1).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(h1).not.toBe(h2);
    expect(await verifyPassword("correct horse battery", h1)).toBe(true);
    expect(await verifyPassword("correct horse batterY", h1)).toBe(false);
    expect(await verifyPassword("x", "garbage")).toBe(false);
  });
});

describe("secret tokens", () => {
  it("are random and stored as a SHA-256", () => {
    const a = newSecretToken("sil");
    expect(a).toMatch(/^sil_[\w-]{43}$/);
    expect(newSecretToken("sil")).not.toBe(a);
    expect(hashToken(a)).toHaveLength(32);
  });
});

describe("SecretBox", () => {
  it("round-trips, authenticates, and decrypts with a previous key after rotation", () => {
    const box = new SecretBox("a".repeat(40));
    const sealed = box.seal("EAAG-platform-token");
    expect(sealed.ciphertext.toString("utf8")).not.toContain("EAAG");
    expect(box.open(sealed.ciphertext, sealed.keyId)).toBe("EAAG-platform-token");
    const tampered = Buffer.from(sealed.ciphertext);
    tampered[tampered.length - 1]! ^= 1;
    expect(() => box.open(tampered, sealed.keyId)).toThrow();
    const rotated = new SecretBox("b".repeat(40), ["a".repeat(40)]);
    expect(rotated.currentKeyId).not.toBe(sealed.keyId);
    expect(rotated.open(sealed.ciphertext, sealed.keyId)).toBe("EAAG-platform-token");
    expect(() => new SecretBox("c".repeat(40)).open(sealed.ciphertext, sealed.keyId)).toThrow(/No key/);
  });
});

describe("workspace settings", () => {
  it("accept IANA zones only", () => {
    expect(timeZoneSchema.safeParse("Europe/Paris").success).toBe(true);
    expect(timeZoneSchema.safeParse("America/Argentina/Buenos_Aires").success).toBe(true);
    expect(timeZoneSchema.safeParse("UTC").success).toBe(true);
    expect(timeZoneSchema.safeParse("Mars/Olympus").success).toBe(false);
    expect(timeZoneSchema.safeParse("+02:00").success).toBe(false);
  });
  it("reject an empty update and unknown locales", () => {
    expect(workspaceUpdateSchema.safeParse({}).success).toBe(false);
    expect(workspaceUpdateSchema.safeParse({ locale: "de" }).success).toBe(false);
    expect(workspaceUpdateSchema.safeParse({ locale: "en", name: " Shop " }).data).toEqual({ locale: "en", name: "Shop" });
  });
  it("slugify names, accents included", () => {
    expect(slugify("Boulangerie Élodie & Fils")).toBe("boulangerie-elodie-fils");
    expect(slugify("x")).toMatch(/^ws-x/);
  });
});

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
