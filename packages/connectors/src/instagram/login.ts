// Instagram Login (OAuth): the callback's code → a short-lived token → a long-lived one (about 60 days) → the account
// it reaches. Facebook-Login channels arrive with a Page token instead and only use `me`.

import { z } from "zod";
import { PlatformError } from "../errors";
import type { InstagramGraph, InstagramVariant } from "./graph";
import { expiresAt, tokenSchema } from "./tokens";

const codeTokenItem = z.object({
  access_token: z.string().min(1),
  user_id: z.union([z.string(), z.number()]).transform(String),
  permissions: z.union([z.string().transform((s) => s.split(",").filter(Boolean)), z.array(z.string())]).optional(),
});
// Documented `{data:[{…}]}`, live endpoint answers flat with numeric user_id and an array: accept both.
const codeTokenSchema = z.union([
  z.object({ data: z.array(codeTokenItem).min(1) }).transform((d) => d.data[0] as z.infer<typeof codeTokenItem>),
  codeTokenItem,
]);
// Facebook Login: `me` with a Page token is the Page, which has no `user_id`/`account_type` (Graph refuses fields a
// node lacks); the IG professional account is the Page's `instagram_business_account`.
const pageMeSchema = z.object({
  id: z.string(),
  name: z.string().optional(),
  instagram_business_account: z
    .object({ id: z.string(), username: z.string().optional(), name: z.string().optional(), profile_picture_url: z.string().optional() })
    .optional(),
});
const meSchema = z.object({
  id: z.string(),
  user_id: z.union([z.string(), z.number()]).transform(String).optional(),
  username: z.string().optional(),
  name: z.string().optional(),
  account_type: z.string().optional(),
  profile_picture_url: z.string().optional(),
});

export interface InstagramMe {
  /** IG professional account id (1784…): webhook entry.id and API paths. */
  userId: string;
  /** App-scoped id. */
  id: string;
  username: string | null;
  name: string | null;
  accountType: string | null;
  profilePictureUrl: string | null;
}

export interface InstagramLongLivedToken {
  accessToken: string;
  issuedAt: string;
  expiresAt: string | null;
}

/** OAuth step 2: exchanges the callback code (trailing "#_" stripped) for a short-lived token and the app-scoped user id. */
export async function exchangeCode(ig: InstagramGraph, code: string, redirectUri: string): Promise<{ accessToken: string; userId: string; permissions: string[] }> {
  const { instagramAppId, instagramAppSecret } = ig.config;
  if (!instagramAppId || !instagramAppSecret) {
    throw new PlatformError({ kind: "invalid_input", platform: "instagram", message: "instagramAppId/instagramAppSecret not configured" });
  }
  const { data } = await ig.ctx.http.request({
    platform: "instagram",
    method: "POST",
    url: `${ig.config.instagramOauthUrl}/oauth/access_token`,
    form: {
      client_id: instagramAppId,
      client_secret: instagramAppSecret,
      grant_type: "authorization_code",
      redirect_uri: redirectUri,
      code: code.replace(/#_$/, ""),
    },
    schema: codeTokenSchema,
    what: "exchange Instagram authorization code",
  });
  return { accessToken: data.access_token, userId: data.user_id, permissions: data.permissions ?? [] };
}

/** OAuth step 3: short-lived → long-lived token (about 60 days). */
export async function exchangeForLongLived(ig: InstagramGraph, shortToken: string): Promise<InstagramLongLivedToken> {
  const secret = ig.config.instagramAppSecret;
  if (!secret) throw new PlatformError({ kind: "invalid_input", platform: "instagram", message: "instagramAppSecret not configured" });
  const now = ig.now();
  const { data } = await ig.ctx.http.request({
    platform: "instagram",
    method: "GET",
    url: `${ig.config.instagramGraphUrl}/access_token`,
    query: { grant_type: "ig_exchange_token", client_secret: secret, access_token: shortToken },
    schema: tokenSchema,
    what: "exchange for a long-lived Instagram token",
  });
  return { accessToken: data.access_token, issuedAt: now.toISOString(), expiresAt: expiresAt(now, data.expires_in) };
}

/**
 * `me`: `userId` is the IG professional account id (paths, webhooks); `id` is app-scoped (Facebook Login: the Page's
 * id). Store both.
 */
export async function me(ig: InstagramGraph, accessToken: string, variant: InstagramVariant): Promise<InstagramMe> {
  if (variant === "facebook") return pageMe(ig, accessToken);
  const { data } = await ig.ctx.http.request({
    platform: "instagram",
    method: "GET",
    url: ig.variantUrl(variant, "me"),
    query: { fields: "id,user_id,username,name,account_type,profile_picture_url" },
    token: accessToken,
    proofSecret: ig.proofSecret("instagram"),
    schema: meSchema,
    safe: true,
    what: "look up the Instagram account",
  });
  return {
    userId: data.user_id ?? data.id,
    id: data.id,
    username: data.username ?? null,
    name: data.name ?? null,
    accountType: data.account_type ?? null,
    profilePictureUrl: data.profile_picture_url ?? null,
  };
}

/** Facebook Login: the Page behind the Page token, and the Instagram professional account linked to it. */
async function pageMe(ig: InstagramGraph, accessToken: string): Promise<InstagramMe> {
  const { data } = await ig.ctx.http.request({
    platform: "instagram",
    method: "GET",
    url: ig.variantUrl("facebook", "me"),
    query: { fields: "id,name,instagram_business_account{id,username,name,profile_picture_url}" },
    token: accessToken,
    proofSecret: ig.proofSecret("facebook"),
    schema: pageMeSchema,
    safe: true,
    what: "look up the Facebook Page and its Instagram account",
  });
  const account = data.instagram_business_account;
  if (!account) {
    throw new PlatformError({
      kind: "invalid_input",
      platform: "instagram",
      message: `Page ${data.id} has no linked Instagram professional account (or the token is not a Page token)`,
      userMessage: "This Facebook Page has no Instagram professional account linked. Link one in the Page settings, then connect again.",
    });
  }
  return {
    userId: account.id,
    id: data.id,
    username: account.username ?? null,
    name: account.name ?? data.name ?? null,
    accountType: null,
    profilePictureUrl: account.profile_picture_url ?? null,
  };
}

/** The whole Instagram-Login connection: code → short token → long-lived token → account ids. */
export async function connectWithCode(ig: InstagramGraph, code: string, redirectUri: string): Promise<InstagramLongLivedToken & { me: InstagramMe; permissions: string[] }> {
  const short = await exchangeCode(ig, code, redirectUri);
  const long = await exchangeForLongLived(ig, short.accessToken);
  const account = await me(ig, long.accessToken, "instagram");
  return { ...long, me: account, permissions: short.permissions };
}
