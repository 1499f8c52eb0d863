// Webhook verification, same for every Meta product.
// - Handshake: GET ?hub.mode=subscribe&hub.verify_token=…&hub.challenge=… → 200 with the raw challenge, else 403.
// - Events: `X-Hub-Signature-256: sha256=<hex>` = HMAC-SHA256(secret, EXACT raw body bytes). Meta escapes
//   non-ASCII and "/" its own way, so the body must never be re-serialised before checking. The legacy
//   `X-Hub-Signature: sha1=…` alone is rejected (SHA-1 is not accepted as proof).
// - Secret: WhatsApp and Instagram-via-Facebook-Login are signed with the Meta app secret; Instagram-Login webhooks
//   with the *Instagram* app secret. A per-channel secret wins over both.

import { createHmac, timingSafeEqual } from "node:crypto";
import type { HandshakeResult, SignatureResult } from "../types";
import { getHeader, type HeaderBag } from "../graph/usage";

function safeEqual(a: Buffer, b: Buffer): boolean {
  // timingSafeEqual needs equal lengths; compare against a same-length dummy to keep timing flat.
  if (a.length !== b.length) {
    timingSafeEqual(a, a);
    return false;
  }
  return timingSafeEqual(a, b);
}

export function verifyHandshake(
  query: URLSearchParams | Record<string, string | undefined>,
  verifyToken: string,
): HandshakeResult {
  const get = (k: string): string | undefined =>
    query instanceof URLSearchParams ? (query.get(k) ?? undefined) : query[k];
  const mode = get("hub.mode");
  const token = get("hub.verify_token");
  const challenge = get("hub.challenge");
  if (
    mode === "subscribe" &&
    token !== undefined &&
    challenge !== undefined &&
    verifyToken !== "" &&
    safeEqual(Buffer.from(token, "utf8"), Buffer.from(verifyToken, "utf8"))
  ) {
    return { ok: true, status: 200, body: challenge };
  }
  return { ok: false, status: 403, body: "Forbidden" };
}

export function verifySignature(
  rawBody: Uint8Array | string,
  headers: HeaderBag,
  secret: string | undefined,
): SignatureResult {
  if (!secret) return { ok: false, reason: "no_secret" };
  const header = getHeader(headers, "x-hub-signature-256");
  if (!header) {
    return getHeader(headers, "x-hub-signature") ? { ok: false, reason: "sha1_only" } : { ok: false, reason: "missing_header" };
  }
  const m = /^sha256=([0-9a-fA-F]{64})$/.exec(header.trim());
  if (!m || !m[1]) return { ok: false, reason: "bad_format" };
  const bytes = typeof rawBody === "string" ? Buffer.from(rawBody, "utf8") : Buffer.from(rawBody.buffer, rawBody.byteOffset, rawBody.byteLength);
  const expected = createHmac("sha256", secret).update(bytes).digest();
  const given = Buffer.from(m[1], "hex");
  return safeEqual(given, expected) ? { ok: true } : { ok: false, reason: "mismatch" };
}

/** For tests and the fake: the header value Meta would send for these bytes. */
export function signBody(rawBody: Uint8Array | string, secret: string): string {
  const bytes = typeof rawBody === "string" ? Buffer.from(rawBody, "utf8") : rawBody;
  return `sha256=${createHmac("sha256", secret).update(bytes).digest("hex")}`;
}
