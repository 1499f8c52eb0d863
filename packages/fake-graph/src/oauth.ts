import { GraphError, LegacyOAuthError } from "./errors.js";
import { checkToken, type GraphCtx } from "./context.js";
import { str } from "./params.js";
import { HOUR, LONG_LIVED_MS, type OAuthCode } from "./state.js";
import { issueToken } from "./tokens.js";
import { ids } from "./ids.js";

const expiresIn = (expiresAt: number | null, now: number) => (expiresAt === null ? undefined : Math.floor((expiresAt - now) / 1000));

/** POST api.instagram.com/oauth/access_token — code exchange; legacy error shape; flat answer with numeric user_id. */
export function instagramCodeExchange(ctx: GraphCtx) {
  const p = ctx.params;
  const apps = ctx.state.apps;
  for (const k of ["client_id", "client_secret", "grant_type", "redirect_uri", "code"]) {
    if (!str(p, k)) throw new LegacyOAuthError(`Missing required field ${k}`);
  }
  if (str(p, "grant_type") !== "authorization_code") throw new LegacyOAuthError("Invalid grant_type");
  if (apps.instagramAppId && str(p, "client_id") !== apps.instagramAppId) throw new LegacyOAuthError("Invalid platform app");
  if (apps.instagramAppSecret && str(p, "client_secret") !== apps.instagramAppSecret) {
    throw new LegacyOAuthError("Error validating client secret.");
  }
  const code = useCode(ctx, str(p, "code") ?? "", "instagram", (m) => new LegacyOAuthError(m));
  const a = ctx.state.igAccounts.get(code.accountId);
  if (!a) throw new LegacyOAuthError("Invalid authorization code");
  // The short-lived token lives 1 hour; exchange it for a long-lived one via /access_token.
  const t = issueToken(ctx.state, "instagram", [a.igUserId], { expiresAt: ctx.now + HOUR, longLived: false });
  return { access_token: t.token, user_id: Number(a.appScopedUserId), permissions: a.permissions };
}

function useCode(ctx: GraphCtx, value: string, kind: OAuthCode["kind"] | "facebook_or_whatsapp", err: (m: string) => Error): OAuthCode {
  const code = ctx.state.oauthCodes.get(value);
  const kindOk = code && (kind === "facebook_or_whatsapp" ? code.kind !== "instagram" : code.kind === kind);
  if (!code || !kindOk) throw err("Invalid authorization code");
  if (code.used) throw err("This authorization code has been used");
  if (ctx.now >= code.expiresAt) throw err("This authorization code has expired");
  const redirect = str(ctx.params, "redirect_uri");
  if (code.redirectUri !== undefined && redirect !== code.redirectUri) {
    throw err("Error validating verification code. Please make sure your redirect_uri is identical to the one you used in the OAuth dialog request");
  }
  code.used = true;
  return code;
}

/** GET graph.instagram.com/access_token?grant_type=ig_exchange_token — short → long-lived (≈ 60 days). */
export function igExchange(ctx: GraphCtx) {
  const p = ctx.params;
  if (str(p, "grant_type") !== "ig_exchange_token") throw new GraphError({ code: 100, message: "(#100) Unsupported grant_type" });
  const secret = str(p, "client_secret");
  if (!secret) throw new GraphError({ code: 100, message: "(#100) Missing client_secret parameter" });
  if (ctx.state.apps.instagramAppSecret && secret !== ctx.state.apps.instagramAppSecret) {
    throw new GraphError({ code: 1, isTransient: false, message: "Error validating client secret." });
  }
  const t = checkToken(ctx.state, str(p, "access_token"), ctx.now);
  if (t.product !== "instagram") throw new GraphError({ code: 190 });
  const long = issueToken(ctx.state, "instagram", t.grants, { expiresAt: ctx.now + LONG_LIVED_MS, longLived: true });
  return { access_token: long.token, token_type: "bearer", expires_in: expiresIn(long.expiresAt, ctx.now) };
}

/** GET graph.instagram.com/refresh_access_token — only long-lived tokens ≥ 24 h old and not expired. */
export function igRefresh(ctx: GraphCtx) {
  const p = ctx.params;
  if (str(p, "grant_type") !== "ig_refresh_token") throw new GraphError({ code: 100, message: "(#100) Unsupported grant_type" });
  const t = checkToken(ctx.state, str(p, "access_token"), ctx.now);
  if (t.product !== "instagram") throw new GraphError({ code: 190 });
  if (!t.longLived) throw new GraphError({ code: 100, message: "(#100) Only long-lived tokens can be refreshed" });
  if (ctx.now - t.issuedAt < 24 * HOUR) {
    // Exact code/message UNVERIFIED; the rule (≥ 24 h old) is documented.
    throw new GraphError({ code: 100, message: "(#100) The access token must be at least 24 hours old to be refreshed" });
  }
  const fresh = issueToken(ctx.state, "instagram", t.grants, { expiresAt: ctx.now + LONG_LIVED_MS, longLived: true });
  return { access_token: fresh.token, token_type: "bearer", expires_in: expiresIn(fresh.expiresAt, ctx.now) };
}

/** GET graph.facebook.com/{v}/oauth/access_token — code exchange (Facebook Login / WhatsApp embedded signup) and fb_exchange_token. */
export function facebookOAuth(ctx: GraphCtx) {
  const p = ctx.params;
  const apps = ctx.state.apps;
  if (!str(p, "client_id")) throw new GraphError({ code: 101, message: "Missing client_id parameter." });
  if (!str(p, "client_secret")) throw new GraphError({ code: 1, isTransient: false, message: "Missing client_secret parameter." });
  if (apps.metaAppId && str(p, "client_id") !== apps.metaAppId) throw new GraphError({ code: 101, message: "Error validating application. Invalid application ID." });
  if (apps.metaAppSecret && str(p, "client_secret") !== apps.metaAppSecret) {
    throw new GraphError({ code: 1, isTransient: false, message: "Error validating client secret." });
  }
  if (str(p, "grant_type") === "fb_exchange_token") {
    const t = checkToken(ctx.state, str(p, "fb_exchange_token"), ctx.now);
    if (t.product !== "facebook_user") throw new GraphError({ code: 190 });
    const long = issueToken(ctx.state, "facebook_user", t.grants, { expiresAt: ctx.now + LONG_LIVED_MS, longLived: true });
    return { access_token: long.token, token_type: "bearer", expires_in: expiresIn(long.expiresAt, ctx.now) };
  }
  const value = str(p, "code");
  if (!value) throw new GraphError({ code: 100, message: "(#100) Missing parameter: code" });
  const code = useCode(ctx, value, "facebook_or_whatsapp", (m) =>
    new GraphError({ code: 100, subcode: m.includes("used") ? 36009 : 36007, message: m }),
  );
  if (code.kind === "whatsapp") {
    // Embedded signup: the Business Integration System User token (long-lived, no expiry).
    const acc = ctx.state.waAccounts.get(code.accountId);
    const existing = [...ctx.state.tokens.values()].find((t) => t.product === "whatsapp" && t.grants.has(code.accountId));
    const t = existing ?? issueToken(ctx.state, "whatsapp", [code.accountId, acc?.wabaId ?? ""]);
    return { access_token: t.token, token_type: "bearer" };
  }
  const a = ctx.state.igAccounts.get(code.accountId);
  if (!a) throw new GraphError({ code: 100, subcode: 36007, message: "Invalid verification code format." });
  const t = issueToken(ctx.state, "facebook_user", [ids.appScoped(), a.igUserId], { expiresAt: ctx.now + 2 * HOUR, longLived: false });
  return { access_token: t.token, token_type: "bearer", expires_in: expiresIn(t.expiresAt, ctx.now) };
}
