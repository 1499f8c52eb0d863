import { createHmac, timingSafeEqual } from "node:crypto";
import type { Context } from "hono";
import { GraphError, unsupported } from "./errors.js";
import { parseFields, str, type FieldSpec, type Params } from "./params.js";
import type { FakeGraphState, TokenRecord } from "./state.js";

/** What a Graph route handler gets: parsed params, the fake's clock and token checks. */
export interface GraphCtx {
  c: Context;
  state: FakeGraphState;
  params: Params;
  fields: FieldSpec[] | undefined;
  url: URL;
  origin: string;
  now: number;
  /** BUC usage header key (account id) set by handlers once they know the account. */
  bucId?: string;
  bucType?: string;
}

export function makeCtx(c: Context, state: FakeGraphState, params: Params): GraphCtx {
  const url = new URL(c.req.url);
  return { c, state, params, fields: parseFields(str(params, "fields")), url, origin: url.origin, now: state.now() };
}

export function tokenString(ctx: GraphCtx): string | undefined {
  const h = ctx.c.req.header("authorization");
  if (h && /^(Bearer|OAuth)\s+/i.test(h)) return h.replace(/^(Bearer|OAuth)\s+/i, "").trim();
  return str(ctx.params, "access_token");
}

const fmtDate = (ms: number) => {
  const d = new Date(ms);
  return `${d.toUTCString().replace(/ GMT$/, "")} UTC`;
};

/** Validates the token like Graph: missing → 104, unknown → 190, revoked → 190/x, expired → 190/463. */
export function checkToken(state: FakeGraphState, token: string | undefined, now: number): TokenRecord {
  if (!token) throw new GraphError({ code: 104 });
  const rec = state.tokens.get(token);
  if (!rec) throw new GraphError({ code: 190 });
  if (rec.revokedSubcode !== undefined) throw new GraphError({ code: 190, subcode: rec.revokedSubcode });
  if (rec.expiresAt !== null && now >= rec.expiresAt) {
    throw new GraphError({
      code: 190,
      subcode: 463,
      message: `Error validating access token: Session has expired on ${fmtDate(rec.expiresAt)}. The current time is ${fmtDate(now)}.`,
    });
  }
  return rec;
}

export function auth(ctx: GraphCtx): TokenRecord {
  const token = tokenString(ctx);
  const rec = checkToken(ctx.state, token, ctx.now);
  if (token) checkAppsecretProof(ctx, rec, token);
  return rec;
}

/**
 * `appsecret_proof` as Graph checks it (GraphMethodException #100): one that was not made with the secret of the
 * token's app is refused whenever it is sent; none at all only with "Require App Secret" on. Unchecked while the
 * fake does not know that app's secret.
 */
function checkAppsecretProof(ctx: GraphCtx, rec: TokenRecord, token: string): void {
  const { apps } = ctx.state;
  const secret = rec.product === "instagram" ? apps.instagramAppSecret : apps.metaAppSecret;
  if (!secret) return;
  const proof = str(ctx.params, "appsecret_proof");
  if (!proof) {
    if (!apps.requireAppsecretProof) return;
    throw new GraphError({ code: 100, type: "GraphMethodException", message: "API calls from the server require an appsecret_proof argument" });
  }
  const expected = createHmac("sha256", secret).update(token).digest("hex");
  if (proof.length !== expected.length || !timingSafeEqual(Buffer.from(proof), Buffer.from(expected))) {
    throw new GraphError({ code: 100, type: "GraphMethodException", message: "Invalid appsecret_proof provided in the API argument" });
  }
}

/** Auth + the token must be allowed on `accountKey`, else Meta's "object does not exist…" (100/33). */
export function authFor(ctx: GraphCtx, accountKey: string, objectId: string, method: "get" | "post" | "delete"): TokenRecord {
  const t = auth(ctx);
  if (!t.grants.has(accountKey)) throw unsupported(objectId, method);
  return t;
}
