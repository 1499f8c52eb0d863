import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";

/**
 * Encrypts platform tokens at rest with AES-256-GCM under a key derived (HKDF-SHA256) from APP_SECRET.
 * The key id is stored next to each ciphertext; to rotate, pass the old secrets in `previous` and re-encrypt.
 */
export class SecretBox {
  private readonly keys = new Map<string, Buffer>();
  readonly currentKeyId: string;

  constructor(appSecret: string, previous: string[] = []) {
    this.currentKeyId = SecretBox.keyId(appSecret);
    for (const secret of [appSecret, ...previous]) this.keys.set(SecretBox.keyId(secret), SecretBox.derive(secret));
  }

  static derive(secret: string): Buffer {
    return Buffer.from(hkdfSync("sha256", secret, "sillage", "token-encryption-v1", 32));
  }

  /** A short, non-secret fingerprint of the key (derived separately from the key itself). */
  static keyId(secret: string): string {
    return `k1-${Buffer.from(hkdfSync("sha256", secret, "sillage", "key-id-v1", 6)).toString("hex")}`;
  }

  seal(plaintext: string): { ciphertext: Buffer; keyId: string } {
    const key = this.keys.get(this.currentKeyId)!;
    const iv = randomBytes(12);
    const cipher = createCipheriv("aes-256-gcm", key, iv);
    const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
    return { ciphertext: Buffer.concat([iv, cipher.getAuthTag(), body]), keyId: this.currentKeyId };
  }

  open(ciphertext: Buffer, keyId: string): string {
    const key = this.keys.get(keyId);
    if (!key) throw new Error(`No key ${keyId} to decrypt this secret: was APP_SECRET changed without keeping the old one?`);
    const decipher = createDecipheriv("aes-256-gcm", key, ciphertext.subarray(0, 12));
    decipher.setAuthTag(ciphertext.subarray(12, 28));
    return Buffer.concat([decipher.update(ciphertext.subarray(28)), decipher.final()]).toString("utf8");
  }
}
