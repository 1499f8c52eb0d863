import type { IncomingMessage } from "node:http";
import { Hono, type Context } from "hono";
import { GraphError, LegacyOAuthError, unsupported } from "./errors.js";
import { auth, makeCtx, tokenString, type GraphCtx } from "./context.js";
import { faultError, takeFaults } from "./faults.js";
import { resolveObject } from "./objects.js";
import { readParams, str } from "./params.js";
import type { FakeGraphState } from "./state.js";
import { usageHeaders } from "./usage.js";
import { createFakeGraphState } from "./create-state.js";
import { mountControl } from "./control-http.js";
import { createControl } from "./control.js";
import { sendWhatsApp } from "./whatsapp/messages.js";
import { deleteMedia, downloadMedia, getMedia as getWaMedia, uploadMedia } from "./whatsapp/media.js";
import { listTemplates } from "./whatsapp/templates.js";
import { phoneNumberInfo, registerPhone, subscribeWaba, wabaInfo } from "./whatsapp/phone.js";
import { getFbUser, getIgUser, getPage, listPages, subscribeIg, subscribePage } from "./instagram/account.js";
import { sendInstagram } from "./instagram/messaging.js";
import { getUserProfile, profilePicture, resolvePerson } from "./instagram/profiles.js";
import { createContainer, getContainer, getMedia, listMedia, publish, publishingLimit } from "./instagram/publishing.js";
import { createComment, deleteComment, getComment, hideComment, listComments, listReplies, reply } from "./instagram/comments.js";
import { facebookOAuth, igExchange, igRefresh, instagramCodeExchange } from "./oauth.js";
import { debugToken } from "./tokens.js";

type Run = (ctx: GraphCtx) => unknown;
interface Route {
  op: string;
  run: Run;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
const LEGACY_OPS = new Set(["oauth.instagram_code"]);

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json; charset=UTF-8" } });

function errorResponse(err: unknown, op: string): Response {
  if (err instanceof LegacyOAuthError) return json(err.body(), 400);
  if (err instanceof GraphError) {
    if (LEGACY_OPS.has(op)) return json(new LegacyOAuthError(err.message).body(), 400);
    return json(err.body(), err.status);
  }
  // A bug in the fake: still answer in Meta's shape so clients behave, with the cause for debugging.
  const message = err instanceof Error ? err.message : String(err);
  return json(new GraphError({ code: 1, message: `Fake Graph internal error: ${message}`, httpStatus: 500 }).body(), 500);
}

/** Wraps a Graph route: params, fault injection, call log, usage headers, Meta-shaped errors. */
function graph(state: FakeGraphState, resolve: (ctx: GraphCtx) => Route) {
  return async (c: Context): Promise<Response> => {
    let ctx: GraphCtx | undefined;
    let op = "unknown";
    let faultKind: string | undefined;
    let res: Response;
    const path = new URL(c.req.url).pathname;
    try {
      ctx = makeCtx(c, state, await readParams(c));
      const route = resolve(ctx);
      op = route.op;
      const { slow, main } = takeFaults(state.faults, op, c.req.method, path);
      for (const f of slow) await sleep(f.delayMs ?? 1000);
      if (slow.length) faultKind = "slow";
      if (main) faultKind = main.kind;
      if (main?.kind === "malformed") {
        res = new Response(main.body ?? '{"id":"17', { status: 200, headers: { "content-type": "application/json; charset=UTF-8" } });
      } else if (main && main.kind !== "lost_response") {
        throw faultError(main);
      } else {
        const out = await route.run(ctx);
        res = out instanceof Response ? out : json(out);
        if (main?.kind === "lost_response") {
          // The operation really happened; only the answer is lost ("published but the response was lost").
          const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
          if ((main.mode ?? "destroy") === "destroy" && incoming) incoming.socket.destroy();
          else throw faultError({ ...main, kind: "transient", code: 2, subcode: undefined, httpStatus: 500 });
        }
      }
    } catch (err) {
      res = errorResponse(err, op);
    }
    state.calls.push({ method: c.req.method, path, operation: op, status: res.status, fault: faultKind, accountId: ctx?.bucId, at: state.now() });
    if (ctx) for (const [k, v] of Object.entries(usageHeaders(ctx, c.req.param("version")))) res.headers.set(k, v);
    return res;
  };
}

const route = (op: string, run: Run): Route => ({ op, run });

/** Auth errors (104/190) take precedence over "object does not exist", as on Graph. */
const unknownObject = (id: string, method: "get" | "post" | "delete", op = "unknown"): Route =>
  route(op, (ctx) => {
    auth(ctx);
    throw unsupported(id, method);
  });

function resolveGet(ctx: GraphCtx): Route {
  const id = ctx.c.req.param("id") ?? "";
  const o = resolveObject(ctx.state, id, tokenString(ctx));
  switch (o.kind) {
    case "wa_phone":
      return route("whatsapp.phone_number", (x) => phoneNumberInfo(x, id));
    case "waba":
      return route("whatsapp.waba", (x) => wabaInfo(x, id));
    case "wa_media":
      return route("whatsapp.media_get", (x) => getWaMedia(x, id));
    case "ig_user":
      return route(o.viaMe ? "instagram.me" : "instagram.user", (x) => getIgUser(x, o.account, o.viaMe));
    case "page":
      return route("facebook.page", (x) => getPage(x, o.id, o.account));
    case "fb_user":
      return route("facebook.me", (x) => getFbUser(x));
    case "container":
      return route("instagram.container_status", (x) => getContainer(x, id));
    case "ig_media":
      return route("instagram.media_get", (x) => getMedia(x, id));
    case "comment":
      return route("instagram.comment_get", (x) => getComment(x, id));
    default: {
      const person = resolvePerson(ctx.state, id, tokenString(ctx));
      if (person) return route("instagram.user_profile", (x) => getUserProfile(x, person, id));
      return unknownObject(id, "get", id === "me" ? "instagram.me" : "unknown");
    }
  }
}

function resolvePost(ctx: GraphCtx): Route {
  const id = ctx.c.req.param("id") ?? "";
  const o = resolveObject(ctx.state, id, tokenString(ctx));
  if (o.kind === "comment") return route("instagram.comment_hide", (x) => hideComment(x, id));
  return unknownObject(id, "post");
}

function resolveDelete(ctx: GraphCtx): Route {
  const id = ctx.c.req.param("id") ?? "";
  const o = resolveObject(ctx.state, id, tokenString(ctx));
  if (o.kind === "comment") return route("instagram.comment_delete", (x) => deleteComment(x, id));
  if (o.kind === "wa_media") return route("whatsapp.media_delete", (x) => deleteMedia(x, id));
  return unknownObject(id, "delete");
}

function resolveEdgeGet(ctx: GraphCtx): Route {
  const id = ctx.c.req.param("id") ?? "";
  const edge = ctx.c.req.param("edge") ?? "";
  const o = resolveObject(ctx.state, id, tokenString(ctx));
  if (o.kind === "waba" && edge === "message_templates") return route("whatsapp.templates", (x) => listTemplates(x, id));
  if (o.kind === "waba" && edge === "subscribed_apps") return route("whatsapp.subscribe", (x) => subscribeWaba(x, id, "get"));
  if (o.kind === "ig_user") {
    const a = o.account;
    if (edge === "media") return route("instagram.media_list", (x) => listMedia(x, a, id));
    if (edge === "content_publishing_limit") return route("instagram.publishing_limit", (x) => publishingLimit(x, a, id));
    if (edge === "subscribed_apps") return route("instagram.subscribe", (x) => subscribeIg(x, a, "get"));
  }
  if (o.kind === "page" && edge === "subscribed_apps") return route("facebook.page_subscribe", (x) => subscribePage(x, o.id, o.account, "get"));
  if (o.kind === "ig_media" && edge === "comments") return route("instagram.comments", (x) => listComments(x, id));
  if (o.kind === "comment" && edge === "replies") return route("instagram.replies", (x) => listReplies(x, id));
  if (o.kind === "fb_user" && edge === "accounts") return route("facebook.accounts", (x) => listPages(x));
  return unknownObject(id, "get");
}

function resolveEdgePost(ctx: GraphCtx): Route {
  const id = ctx.c.req.param("id") ?? "";
  const edge = ctx.c.req.param("edge") ?? "";
  const o = resolveObject(ctx.state, id, tokenString(ctx));
  if (o.kind === "wa_phone") {
    if (edge === "messages") {
      const read = str(ctx.params, "status") === "read";
      return route(read ? "whatsapp.mark_read" : "whatsapp.send", (x) => sendWhatsApp(x, id, false));
    }
    if (edge === "marketing_messages") return route("whatsapp.marketing_send", (x) => sendWhatsApp(x, id, true));
    if (edge === "media") return route("whatsapp.media_upload", (x) => uploadMedia(x, id));
    if (edge === "register") return route("whatsapp.register", (x) => registerPhone(x, id));
  }
  if (o.kind === "waba" && edge === "subscribed_apps") return route("whatsapp.subscribe", (x) => subscribeWaba(x, id, "post"));
  if (o.kind === "ig_user" || o.kind === "page") {
    const a = o.account;
    if (edge === "messages") return route("instagram.send", (x) => sendInstagram(x, a, id));
    if (o.kind === "page" && edge === "subscribed_apps") return route("facebook.page_subscribe", (x) => subscribePage(x, o.id, a, "post"));
    if (o.kind === "ig_user") {
      if (edge === "media") return route("instagram.container_create", (x) => createContainer(x, a, id));
      if (edge === "media_publish") return route("instagram.media_publish", (x) => publish(x, a, id));
      if (edge === "subscribed_apps") return route("instagram.subscribe", (x) => subscribeIg(x, a, "post"));
    }
  }
  if (o.kind === "ig_media" && edge === "comments") return route("instagram.comment_create", (x) => createComment(x, id));
  if (o.kind === "comment" && edge === "replies") return route("instagram.reply", (x) => reply(x, id));
  if (id === "me" && edge === "messages") return unknownObject(id, "post", "instagram.send");
  return unknownObject(id, "post");
}

/** The IG messaging CDN stand-in for attachments of customer DMs created with bytes (no auth, like the CDN). */
function igCdn(ctx: GraphCtx): Response {
  const asset = ctx.state.igAssets.get(ctx.url.searchParams.get("asset_id") ?? "");
  if (!asset) throw new GraphError({ code: 100, subcode: 33, httpStatus: 404, message: "Asset not found" });
  return new Response(new Uint8Array(asset.bytes), { headers: { "content-type": asset.mimeType } });
}

/** The whole fake as a Hono app: Graph hosts, OAuth hosts, media lookaside and the `/_fake/*` control API. */
export function createFakeGraphApp(state: FakeGraphState = createFakeGraphState()): Hono {
  const app = new Hono();
  mountControl(app, state);
  const V = "/:version{v[0-9]+\\.[0-9]+}";
  const g = (resolve: (ctx: GraphCtx) => Route) => graph(state, resolve);
  const fixed = (op: string, run: Run) => g(() => route(op, run));

  // Instagram's consent page (www.instagram.com/oauth/authorize), approved at once: a new sandbox account grants the
  // app and the browser goes back to redirect_uri with a single-use code — Meta appends "#_" to it.
  app.get("/oauth/authorize", (c) => {
    const redirectUri = c.req.query("redirect_uri");
    if (!redirectUri || !c.req.query("client_id") || c.req.query("response_type") !== "code") {
      return c.text("Invalid request: client_id, redirect_uri and response_type=code are required", 400);
    }
    const account = createControl(state).createInstagramAccount({ variant: "instagram", oauthCode: true, redirectUri, humanAgent: true });
    const back = new URL(redirectUri);
    back.searchParams.set("code", `${account.oauthCode}#_`);
    const st = c.req.query("state");
    if (st) back.searchParams.set("state", st);
    return c.redirect(back.toString(), 302);
  });
  app.post("/oauth/access_token", fixed("oauth.instagram_code", instagramCodeExchange));
  app.get("/oauth/access_token", fixed("oauth.facebook", facebookOAuth));
  app.get(`${V}/oauth/access_token`, fixed("oauth.facebook", facebookOAuth));
  for (const prefix of ["", V]) {
    app.get(`${prefix}/access_token`, fixed("oauth.ig_exchange", igExchange));
    app.get(`${prefix}/refresh_access_token`, fixed("oauth.ig_refresh", igRefresh));
  }
  // Before `/{v}/:id`: debug_token is an endpoint, not an object id.
  app.get("/debug_token", fixed("oauth.debug_token", debugToken));
  app.get(`${V}/debug_token`, fixed("oauth.debug_token", debugToken));
  app.get("/whatsapp_business/attachments/", fixed("whatsapp.media_download", downloadMedia));
  app.get("/whatsapp_business/attachments", fixed("whatsapp.media_download", downloadMedia));
  app.get("/ig_messaging_cdn/", fixed("instagram.cdn", igCdn));
  app.get("/ig_messaging_cdn", fixed("instagram.cdn", igCdn));
  app.get("/ig_profile_pic/:file", fixed("instagram.profile_pic", profilePicture));

  app.get(`${V}/:id`, g(resolveGet));
  app.post(`${V}/:id`, g(resolvePost));
  app.delete(`${V}/:id`, g(resolveDelete));
  app.get(`${V}/:id/:edge`, g(resolveEdgeGet));
  app.post(`${V}/:id/:edge`, g(resolveEdgePost));

  app.notFound((c) =>
    json(
      new GraphError({ code: 2500, message: `Unknown path components: ${new URL(c.req.url).pathname}`, isTransient: false }).body(),
      400,
    ),
  );
  return app;
}
