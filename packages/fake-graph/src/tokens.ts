import { checkToken, tokenString, type GraphCtx } from "./context.js";
import { GraphError } from "./errors.js";
import { ids } from "./ids.js";
import { str } from "./params.js";
import { DAY, type FakeGraphState, type TokenProduct, type TokenRecord } from "./state.js";

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

const secs = (ms: number) => Math.floor(ms / 1000);
/** Meta lets an app read a person's data for 90 days after their last consent (`data_access_expires_at`). */
const DATA_ACCESS_MS = 90 * DAY;

/** The app token ({app-id}|{app-secret}) debug_token needs; a wrong one is refused at the top level, like Graph. */
function checkAppToken(ctx: GraphCtx): string {
  const token = tokenString(ctx);
  if (!token) throw new GraphError({ code: 104 });
  const [appId, secret, extra] = token.split("|");
  if (secret === undefined || extra !== undefined) {
    // "An app developer's user access token" is also accepted by Meta: any token valid here.
    checkToken(ctx.state, token, ctx.now);
    return ctx.state.apps.metaAppId ?? "";
  }
  const { metaAppId, metaAppSecret } = ctx.state.apps;
  if ((metaAppId && appId !== metaAppId) || (metaAppSecret && secret !== metaAppSecret)) {
    // Exact message UNVERIFIED; an error about the app token comes as a top-level error, not inside `data`.
    throw new GraphError({ code: 190, message: "Invalid OAuth access token signature." });
  }
  return appId ?? "";
}

function scopesOf(state: FakeGraphState, rec: TokenRecord): string[] {
  if (rec.product === "whatsapp") return ["whatsapp_business_management", "whatsapp_business_messaging"];
  for (const key of rec.grants) {
    const account = state.igAccounts.get(key);
    if (account) return account.permissions;
  }
  return [];
}

/**
 * GET graph.facebook.com/{v}/debug_token?input_token=… (Facebook Login and WhatsApp tokens). Answers 200 about the
 * inspected token even when it is dead: `is_valid: false` with its error inside `data` (190/463 after expiry);
 * `expires_at` 0 means it never expires. Instagram-Login tokens belong to another host and cannot be parsed here.
 */
export function debugToken(ctx: GraphCtx) {
  const appId = checkAppToken(ctx);
  const input = str(ctx.params, "input_token");
  if (!input) throw new GraphError({ code: 100, message: "(#100) The parameter input_token is required" });
  const rec = ctx.state.tokens.get(input);
  if (!rec || rec.product === "instagram") {
    return { data: { error: { code: 190, message: "Invalid OAuth access token - Cannot parse access token" }, is_valid: false, scopes: [] } };
  }
  let error: { code: number; subcode?: number; message: string } | undefined;
  try {
    checkToken(ctx.state, input, ctx.now);
  } catch (e) {
    if (!(e instanceof GraphError)) throw e;
    error = { code: e.init.code, message: e.message, ...(e.init.subcode === undefined ? {} : { subcode: e.init.subcode }) };
  }
  return {
    data: {
      app_id: appId,
      type: rec.product === "facebook_page" ? "PAGE" : rec.product === "whatsapp" ? "SYSTEM_USER" : "USER",
      application: "Sillage Fake App",
      data_access_expires_at: secs(rec.issuedAt + DATA_ACCESS_MS),
      ...(error ? { error } : {}),
      expires_at: rec.expiresAt === null ? 0 : secs(rec.expiresAt),
      is_valid: error === undefined,
      // Meta adds issued_at for long-lived tokens only.
      ...(rec.longLived ? { issued_at: secs(rec.issuedAt) } : {}),
      scopes: scopesOf(ctx.state, rec),
    },
  };
}
