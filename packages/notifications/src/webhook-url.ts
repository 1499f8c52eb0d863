// Outgoing webhooks must not reach the server's own network (SSRF): the host is resolved and every address it
// names must be global unicast, when the webhook is saved AND before each delivery (DNS can change in between).
// The delivery then connects to the address that was checked (`pinnedLookup`), so a rebind between the check and
// the connection cannot pass; redirects are never followed.
import { lookup as dnsLookup } from "node:dns/promises";
import { isIP, type LookupFunction } from "node:net";
import { isPublicAddress } from "@sillage/validators";

/** Why a webhook URL is refused: registry codes (`packages/api/src/error-codes.ts`), also stored in the delivery log. */
export const WEBHOOK_URL_REFUSALS = ["webhook_url_invalid", "webhook_url_https_required", "webhook_url_private", "webhook_url_unresolvable"] as const;
export type WebhookUrlRefusal = (typeof WEBHOOK_URL_REFUSALS)[number];

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/** Every address a host name resolves to (the system resolver by default; tests inject their own). */
export type WebhookResolver = (host: string) => Promise<ResolvedAddress[]>;

export interface WebhookUrlPolicy {
  /** `NODE_ENV=production`: only https. */
  requireHttps: boolean;
  /**
   * `WEBHOOK_ALLOWED_HOSTS`: host names or IP addresses an operator allows although they are private (a receiver on
   * this machine in development and tests, an on-premises tool). A name matches the URL's host; an address matches
   * the URL's host or an address the name resolves to.
   */
  allowedHosts: readonly string[];
  resolve?: WebhookResolver;
}

/** The policy with nothing allowed but public addresses (what an unconfigured process applies). */
export const STRICT_WEBHOOK_URL_POLICY: WebhookUrlPolicy = { requireHttps: false, allowedHosts: [] };

/** The policy of a process from its environment (`NODE_ENV`, `WEBHOOK_ALLOWED_HOSTS` comma- or space-separated). */
export function webhookUrlPolicy(env: { production: boolean; allowedHosts?: string }): WebhookUrlPolicy {
  const allowedHosts = (env.allowedHosts ?? "")
    .split(/[\s,]+/)
    .filter(Boolean)
    .map(normalizeHost);
  return { requireHttps: env.production, allowedHosts };
}

/** A host as the URL parser writes it (lower case, IPv6 without brackets, `127.1` → `127.0.0.1`). */
function normalizeHost(host: string): string {
  const bare = host.replace(/^\[|\]$/g, "");
  const literal = bare.includes(":") ? `[${bare}]` : bare;
  try {
    return new URL(`http://${literal}/`).hostname.replace(/^\[|\]$/g, "");
  } catch {
    return bare.toLowerCase();
  }
}

/** The system resolver, given 5 s: a save waits on it inside its transaction, a delivery inside its attempt. */
const systemResolver: WebhookResolver = async (host) => {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(Object.assign(new Error(`DNS timeout for ${host}`), { code: "ETIMEOUT" })), 5_000);
  });
  try {
    const found = await Promise.race([dnsLookup(host, { all: true, verbatim: true }), timeout]);
    return found.map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }));
  } finally {
    clearTimeout(timer);
  }
};

export type WebhookUrlCheck = { ok: true; url: URL; address: ResolvedAddress } | { ok: false; reason: WebhookUrlRefusal };

/**
 * Judges `raw` under `policy`: the address a delivery must connect to, or why it may not. The WHATWG parser has
 * already turned `2130706433`, `0x7f.1` or `[::ffff:7f00:1]` into their canonical forms, so literals are judged as
 * what they are; a name is judged by everything it resolves to (one private answer is enough to refuse).
 */
export async function checkWebhookUrl(raw: string, policy: WebhookUrlPolicy): Promise<WebhookUrlCheck> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, reason: "webhook_url_invalid" };
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return { ok: false, reason: "webhook_url_invalid" };
  if (url.username || url.password) return { ok: false, reason: "webhook_url_invalid" };
  if (policy.requireHttps && url.protocol !== "https:") return { ok: false, reason: "webhook_url_https_required" };
  const host = url.hostname.replace(/^\[|\]$/g, "").replace(/\.$/, "");
  if (!host) return { ok: false, reason: "webhook_url_invalid" };
  const allowed = new Set(policy.allowedHosts);
  const literal = isIP(host);
  let addresses: ResolvedAddress[];
  if (literal === 4 || literal === 6) {
    addresses = [{ address: host, family: literal }];
  } else {
    try {
      addresses = await (policy.resolve ?? systemResolver)(host);
    } catch {
      return { ok: false, reason: "webhook_url_unresolvable" };
    }
    if (addresses.length === 0) return { ok: false, reason: "webhook_url_unresolvable" };
  }
  const hostAllowed = allowed.has(host.toLowerCase());
  for (const a of addresses) {
    if (!hostAllowed && !allowed.has(normalizeHost(a.address)) && !isPublicAddress(a.address)) return { ok: false, reason: "webhook_url_private" };
  }
  return { ok: true, url, address: addresses[0]! };
}

/** A `lookup` for http(s).request that answers the checked address whatever the name resolves to now. */
export function pinnedLookup(address: ResolvedAddress): LookupFunction {
  return (_hostname, options, callback) => {
    // Node 20 asks for every address (`all: true`) when it races IPv4 and IPv6 (autoSelectFamily).
    if ((options as { all?: boolean }).all) (callback as unknown as (err: null, list: ResolvedAddress[]) => void)(null, [address]);
    else callback(null, address.address, address.family);
  };
}
