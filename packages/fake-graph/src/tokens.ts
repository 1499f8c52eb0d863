import { ids } from "./ids.js";
import type { FakeGraphState, TokenProduct, TokenRecord } from "./state.js";

// Token prefixes as seen in the wild: IGAA… (Instagram Login), EAA… (Facebook/WhatsApp).
const PREFIX: Record<TokenProduct, string> = {
  instagram: "IGAA",
  whatsapp: "EAAW",
  facebook_page: "EAAG",
  facebook_user: "EAAU",
};

export function issueToken(
  state: FakeGraphState,
  product: TokenProduct,
  grants: Iterable<string>,
  opts: { token?: string; issuedAt?: number; expiresAt?: number | null; longLived?: boolean } = {},
): TokenRecord {
  const token = opts.token ?? ids.token(PREFIX[product]);
  const existing = state.tokens.get(token);
  if (existing) {
    for (const g of grants) existing.grants.add(g);
    if (opts.expiresAt !== undefined) existing.expiresAt = opts.expiresAt;
    if (opts.issuedAt !== undefined) existing.issuedAt = opts.issuedAt;
    return existing;
  }
  const rec: TokenRecord = {
    token,
    product,
    grants: new Set(grants),
    issuedAt: opts.issuedAt ?? state.now(),
    expiresAt: opts.expiresAt === undefined ? null : opts.expiresAt,
    longLived: opts.longLived ?? true,
  };
  state.tokens.set(token, rec);
  return rec;
}
