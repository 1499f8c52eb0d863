import { createHmac } from "node:crypto";

/** `X-Hub-Signature-256` value: sha256=<hex HMAC-SHA256(secret, raw bytes)>. */
export function signWebhookBody(secret: string, raw: Buffer | string): string {
  return `sha256=${createHmac("sha256", secret).update(raw).digest("hex")}`;
}

/** Legacy `X-Hub-Signature` value (sha1), still sent by Meta alongside the sha256 one. */
export function signWebhookBodySha1(secret: string, raw: Buffer | string): string {
  return `sha1=${createHmac("sha1", secret).update(raw).digest("hex")}`;
}
