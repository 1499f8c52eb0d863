/**
 * Links that Meta fetches on our behalf (an image in a reply, a template header): they must be public http(s)
 * addresses. A link to a loopback, private, link-local or otherwise reserved address, or to a local name, is never
 * what a customer should receive, and would make Meta's servers knock on addresses that are not on the internet.
 * The host is judged as written (the WHATWG URL parser already turns `2130706433` or `0x7f.1` into 127.0.0.1);
 * names are not resolved: Meta resolves them, not us.
 */
import ipaddr from "ipaddr.js";
import { z } from "zod";

export const LINK_MAX_LENGTH = 2000;

/** Special-use and private-network suffixes (RFC 6761, RFC 8375, ICANN's .internal). */
const LOCAL_SUFFIXES = ["localhost", "local", "internal", "localdomain", "home.arpa", "lan", "intranet", "test", "invalid"];

/** Why `link` is not a public http(s) URL, in words; null when it is one. */
export function linkProblem(link: string): string | null {
  let url: URL;
  try {
    url = new URL(link);
  } catch {
    return "Not a valid link";
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return "Use a link that starts with https://";
  const host = url.hostname.replace(/\.$/, "");
  return isPublicHost(host) ? null : "This link points to a private or local address: use a public https:// link";
}

function isPublicHost(host: string): boolean {
  if (host.startsWith("[")) return isPublicAddress(host.slice(1, -1));
  if (ipaddr.IPv4.isValidFourPartDecimal(host)) return isPublicAddress(host);
  if (!host.includes(".")) return false;
  return !LOCAL_SUFFIXES.some((suffix) => host === suffix || host.endsWith(`.${suffix}`));
}

/**
 * Only global unicast: ipaddr.js names every special range (loopback, private, linkLocal, carrierGradeNat,
 * uniqueLocal, multicast, ipv4Mapped, 6to4, rfc6052…). Outgoing webhooks judge resolved addresses with it too.
 */
export function isPublicAddress(literal: string): boolean {
  if (!ipaddr.isValid(literal)) return false;
  const address = ipaddr.parse(literal);
  // IPv4-compatible IPv6 (::a.b.c.d, deprecated) is not named by ipaddr.js: nothing public lives in ::/96.
  if (address.kind() === "ipv6" && (address as ipaddr.IPv6).parts.slice(0, 6).every((p) => p === 0)) return false;
  return address.range() === "unicast";
}

/** A public http(s) link, with a field error saying what is wrong otherwise. */
export const publicLinkSchema = z
  .string()
  .trim()
  .max(LINK_MAX_LENGTH)
  .superRefine((link, ctx) => {
    const problem = linkProblem(link);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  });
