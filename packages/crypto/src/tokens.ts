import { createHash, randomBytes } from "node:crypto";

/** Opaque bearer secrets (sessions, API tokens, invitations): random, shown once, stored as SHA-256. */
export function newSecretToken(prefix: string): string {
  return `${prefix}_${randomBytes(32).toString("base64url")}`;
}
export function hashToken(token: string): Buffer {
  return createHash("sha256").update(token).digest();
}
