import { describe, expect, it } from "vitest";
import { hashPassword, hashToken, newSecretToken, SecretBox, verifyPassword } from "../src";

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
