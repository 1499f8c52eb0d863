// Reading a webhook body, which is untrusted JSON of any shape: each helper answers null or empty instead of throwing,
// so a surprise in one item becomes an `unknown` event, never a lost delivery.

import type { Platform, WebhookEvent } from "../types";

export const isObj = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
export const str = (v: unknown): string | null => (typeof v === "string" ? v : typeof v === "number" ? String(v) : null);
export const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/**
 * How deep a webhook body is read. Meta's payloads nest about ten levels; a body nested thousands deep (only a
 * forger or a broken sender's) made every recursive step after parsing (cleaning, storing as jsonb) overflow the
 * stack, so the whole delivery failed on every attempt and its other events waited in the dead letters with it.
 */
export const WEBHOOK_MAX_DEPTH = 64;
/** What stands for a value nested deeper than WEBHOOK_MAX_DEPTH (the delivery's raw bytes keep the original). */
export const TOO_DEEP = `[nested deeper than ${WEBHOOK_MAX_DEPTH} levels]`;

/** Parses a webhook body given as bytes, string or object; null when it is not JSON. Deeper values: `TOO_DEEP`. */
export function parseWebhookBody(raw: unknown): unknown {
  if (typeof raw === "string") {
    try {
      return boundDepth(JSON.parse(raw));
    } catch {
      return null;
    }
  }
  if (raw instanceof Uint8Array) return parseWebhookBody(new TextDecoder().decode(raw));
  return boundDepth(raw);
}

/**
 * What an `unknown` event keeps of a body that is no webhook envelope: the parsed JSON, else its text; never the
 * bytes as they came (a Uint8Array is stored in jsonb as an object with one key per byte).
 */
export function keptBody(raw: unknown, parsed: unknown): unknown {
  if (parsed !== null) return parsed;
  return raw instanceof Uint8Array ? new TextDecoder().decode(raw) : raw;
}

/** The value itself when it nests at most WEBHOOK_MAX_DEPTH deep (checked without recursion), else a bounded copy. */
function boundDepth(value: unknown): unknown {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length) {
    const [node, depth] = stack.pop()!;
    if (typeof node !== "object" || node === null) continue;
    if (depth >= WEBHOOK_MAX_DEPTH) return copyBounded(value, 0);
    for (const child of Object.values(node)) if (typeof child === "object" && child !== null) stack.push([child, depth + 1]);
  }
  return value;
}

function copyBounded(value: unknown, depth: number): unknown {
  if (typeof value !== "object" || value === null) return value;
  if (depth >= WEBHOOK_MAX_DEPTH) return TOO_DEEP;
  if (Array.isArray(value)) return value.map((v) => copyBounded(v, depth + 1));
  // fromEntries: own data properties only, so a "__proto__" key stays a key.
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, copyBounded(v, depth + 1)]));
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
