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

/** Webhook fields of the Instagram object (Instagram Login `subscribed_apps`, Meta's Instagram webhooks guide). */
export const INSTAGRAM_WEBHOOK_FIELDS = [
  "comments",
  "live_comments",
  "mentions",
  "message_edit",
  "message_reactions",
  "messages",
  "messaging_handover",
  "messaging_optins",
  "messaging_postbacks",
  "messaging_referral",
  "messaging_seen",
  "standby",
  "story_insights",
] as const;

/**
 * Page webhook fields `POST /{page-id}/subscribed_apps` accepts (the Page Subscribed Apps reference; the messaging
 * ones and the common Page ones). Instagram's fields (`comments`, `messaging_seen`…) are not among them: with Facebook
 * Login they are chosen for the app in the App Dashboard, and the Page subscription only installs the app.
 */
export const PAGE_WEBHOOK_FIELDS = [
  "feed",
  "mention",
  "name",
  "picture",
  "category",
  "description",
  "conversations",
  "inbox_labels",
  "standby",
  "message_mention",
  "messages",
  "message_reactions",
  "message_echoes",
  "message_deliveries",
  "message_reads",
  "message_edits",
  "messaging_account_linking",
  "messaging_optins",
  "messaging_optouts",
  "messaging_postbacks",
  "messaging_referrals",
  "messaging_handovers",
  "messaging_policy_enforcement",
  "messaging_feedback",
  "calls",
  "leadgen",
  "ratings",
  "videos",
  "live_videos",
] as const;

/** `subscribed_fields` is required, a comma-separated list; an unknown name is refused as Graph refuses an enum value. */
function subscribedFields(ctx: GraphCtx, allowed: readonly string[]): string[] {
  const raw = str(ctx.params, "subscribed_fields");
  if (!raw) throw new GraphError({ code: 100, message: "(#100) The parameter subscribed_fields is required." });
  const fields = raw.split(",").map((f) => f.trim());
  fields.forEach((f, i) => {
    if (!allowed.includes(f)) {
      throw new GraphError({ code: 100, message: `(#100) Param subscribed_fields[${i}] must be one of {${allowed.join(", ")}} - got "${f}"` });
    }
  });
  return [...new Set(fields)];
}

export function subscribeIg(ctx: GraphCtx, a: InstagramAccount, method: "get" | "post") {
  authFor(ctx, a.igUserId, a.igUserId, method);
  ctx.bucId = a.igUserId;
  if (method === "post") {
    a.subscribedFields = subscribedFields(ctx, INSTAGRAM_WEBHOOK_FIELDS);
    return { success: true };
  }
  return { data: a.subscribedFields.length ? [{ subscribed_fields: a.subscribedFields, id: "fake-app" }] : [] };
}

/** `/{page-id}/subscribed_apps` (Facebook Login): only with the Page's own token (a user token is refused). */
export function subscribePage(ctx: GraphCtx, pageId: string, a: InstagramAccount, method: "get" | "post") {
  const t = authFor(ctx, pageId, pageId, method);
  if (t.product !== "facebook_page") throw unsupported(pageId, method);
  ctx.bucId = pageId;
  ctx.bucType = "pages";
  if (method === "post") {
    a.pageSubscribedFields = subscribedFields(ctx, PAGE_WEBHOOK_FIELDS);
    return { success: true };
  }
  return { data: a.pageSubscribedFields.length ? [{ subscribed_fields: a.pageSubscribedFields, id: "fake-app", name: "Sillage" }] : [] };
}
