// Reading a webhook body, which is untrusted JSON of any shape: each helper answers null or empty instead of throwing,
// so a surprise in one item becomes an `unknown` event, never a lost delivery.

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
