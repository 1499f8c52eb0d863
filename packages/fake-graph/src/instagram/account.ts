import { GraphError, unsupported } from "../errors.js";
import { auth, authFor, type GraphCtx } from "../context.js";
import { pick, str, type FieldSpec } from "../params.js";
import type { InstagramAccount } from "../state.js";

/**
 * The IG user's fields. `user_id` and `account_type` exist only on graph.instagram.com (Instagram Login); the IG User
 * node of graph.facebook.com (Facebook Login) has `ig_id` instead.
 */
function userResolvers(ctx: GraphCtx, a: InstagramAccount, id: string): Record<string, (f: FieldSpec) => unknown> {
  const published = () => [...ctx.state.igMedia.values()].filter((m) => m.igUserId === a.igUserId && !m.isChild).length;
  return {
    id: () => id,
    ig_id: () => a.igUserId,
    username: () => a.username,
    name: () => a.name,
    profile_picture_url: () => `https://scontent.cdninstagram.com/fake/${a.igUserId}.jpg`,
    followers_count: () => 1234,
    follows_count: () => 56,
    media_count: published,
    ...(a.variant === "instagram"
      ? {
          // user_id is the IG professional account id (1784…) used in paths and webhook entry.id (contract §6).
          user_id: () => a.igUserId,
          account_type: () => a.accountType,
        }
      : {}),
  };
}

/** GET /me and GET /{ig-user-id}: on /me with an Instagram-login token `id` is the app-scoped id. */
export function getIgUser(ctx: GraphCtx, a: InstagramAccount, viaMe: boolean) {
  authFor(ctx, a.igUserId, viaMe ? "me" : a.igUserId, "get");
  ctx.bucId = a.igUserId;
  const id = viaMe && a.variant === "instagram" ? a.appScopedUserId : a.igUserId;
  return pick(ctx.fields, ["id"], userResolvers(ctx, a, id), "IGUser");
}

/** GET /{page-id} (or `me` with the Page token): the Page, its linked IG account through `instagram_business_account{…}`. */
export function getPage(ctx: GraphCtx, pageId: string, a: InstagramAccount) {
  authFor(ctx, pageId, pageId, "get");
  ctx.bucId = pageId;
  ctx.bucType = "pages";
  return pick(
    ctx.fields,
    ["id", "name"],
    {
      id: () => pageId,
      name: () => `${a.name} Page`,
      instagram_business_account: (f) => pick(f.sub, ["id"], userResolvers(ctx, a, a.igUserId), "IGUser"),
    },
    "Page",
  );
}

/** GET /me with a Facebook user token, and GET /me/accounts (Pages with their Page tokens). */
export function getFbUser(ctx: GraphCtx) {
  const t = auth(ctx);
  if (t.product !== "facebook_user") throw unsupported("me", "get");
  return pick(ctx.fields, ["id", "name"], { id: () => [...t.grants][0] ?? "", name: () => "Fake Facebook User" }, "User");
}

export function listPages(ctx: GraphCtx) {
  const t = auth(ctx);
  if (t.product !== "facebook_user") throw new GraphError({ code: 100, message: "(#100) Tried accessing nonexisting field (accounts)" });
  const data = [];
  for (const key of t.grants) {
    const a = ctx.state.igAccounts.get(key);
    if (!a?.pageId) continue;
    const pageToken = [...ctx.state.tokens.values()].find((x) => x.product === "facebook_page" && x.grants.has(a.pageId ?? ""));
    data.push(
      pick(ctx.fields, ["id", "name", "access_token"], {
        id: () => a.pageId,
        name: () => `${a.name} Page`,
        access_token: () => pageToken?.token,
        instagram_business_account: (f: FieldSpec) => pick(f.sub, ["id"], userResolvers(ctx, a, a.igUserId), "IGUser"),
        category: () => "Brand",
        tasks: () => ["ADVERTISE", "ANALYZE", "CREATE_CONTENT", "MESSAGING", "MODERATE", "MANAGE"],
      }, "Page"),
    );
  }
  return { data };
}

export function subscribeIg(ctx: GraphCtx, a: InstagramAccount, method: "get" | "post") {
  authFor(ctx, a.igUserId, a.igUserId, method);
  ctx.bucId = a.igUserId;
  if (method === "post") {
    const fields = str(ctx.params, "subscribed_fields");
    if (!fields) throw new GraphError({ code: 100, message: "(#100) The parameter subscribed_fields is required." });
    a.subscribedFields = fields.split(",").map((f) => f.trim()).filter(Boolean);
    return { success: true };
  }
  return { data: a.subscribedFields.length ? [{ subscribed_fields: a.subscribedFields, id: "fake-app" }] : [] };
}
