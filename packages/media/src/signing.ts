import { createHmac, hkdfSync, timingSafeEqual } from "node:crypto";
import { assertSafeKey } from "./store";

/** A key for media links only, derived from APP_SECRET (never the secret itself). */
export function mediaSigningKey(appSecret: string): Buffer {
  return Buffer.from(hkdfSync("sha256", appSecret, "sillage", "media-links-v1", 32));
}

function signature(key: Buffer, mediaKey: string, expires: number): string {
  return createHmac("sha256", key).update(`${mediaKey}\n${expires}`).digest("base64url");
}

/**
 * A link anyone can fetch until it expires (what Instagram downloads as `image_url`, what the SPA shows):
 * `${appUrl}/media/<key>?expires=<unix s>&sig=<hmac>`.
 */
export function signMediaUrl(opts: { appUrl: string; signingKey: Buffer; key: string; ttlSeconds: number; now: Date }): string {
  assertSafeKey(opts.key);
  const expires = Math.floor(opts.now.getTime() / 1000) + opts.ttlSeconds;
  const sig = signature(opts.signingKey, opts.key, expires);
  return `${opts.appUrl.replace(/\/$/, "")}/media/${opts.key}?expires=${expires}&sig=${sig}`;
}

export type MediaLinkCheck = "ok" | "expired" | "bad_signature";

export function verifyMediaUrl(opts: { signingKey: Buffer; key: string; expires: string | undefined; sig: string | undefined; now: Date }): MediaLinkCheck {
  const expires = Number(opts.expires);
  if (!opts.sig || !Number.isInteger(expires)) return "bad_signature";
  const expected = Buffer.from(signature(opts.signingKey, opts.key, expires));
  const given = Buffer.from(opts.sig);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return "bad_signature";
  return expires * 1000 < opts.now.getTime() ? "expired" : "ok";
}
