// Reading a webhook body, which is untrusted JSON of any shape: each helper answers null or empty instead of throwing,
// so a surprise in one item becomes an `unknown` event, never a lost delivery.

import type { Platform, WebhookEvent } from "../types";

export const isObj = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
export const str = (v: unknown): string | null => (typeof v === "string" ? v : typeof v === "number" ? String(v) : null);
export const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** Parses a webhook body given as bytes, string or object; null when it is not JSON. */
export function parseWebhookBody(raw: unknown): unknown {
  if (typeof raw === "string") {
    try {
      return JSON.parse(raw);
    } catch {
      return null;
    }
  }
  if (raw instanceof Uint8Array) return parseWebhookBody(new TextDecoder().decode(raw));
  return raw;
}

/**
 * One entry, change or item read on its own: whatever it throws (a shape no helper foresaw) becomes an `unknown` event
 * kept with it, and the delivery's other entries and items still count.
 */
export function setAside(
  platform: Platform,
  raw: unknown,
  where: { accountId: string | null; field: string | null },
  read: () => WebhookEvent | WebhookEvent[],
): WebhookEvent[] {
  try {
    const out = read();
    return Array.isArray(out) ? out : [out];
  } catch (err) {
    return [{ type: "unknown", platform, accountId: where.accountId, field: where.field, reason: `could not be read: ${err instanceof Error ? err.message : String(err)}`, raw }];
  }
}
