import { resolveAuth } from "@sillage/accounts";
import { appRouter, MAX_BATCH_SIZE, RetryLaterError, SESSION_COOKIE, type ApiContext, type ApiServices } from "@sillage/api";
import { reportError } from "@sillage/observability";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import type { Context } from "hono";
import { getCookie } from "hono/cookie";
import { serialize } from "hono/utils/cookie";
import { clientIp, type AppEnv } from "./request-context";

export interface TrpcOptions {
  services: ApiServices;
  secureCookies: boolean;
  trustProxy: boolean;
}

/** Mounts the app router at /trpc with a typed per-request context (session cookie or Bearer token). */
export function trpcHandler(opts: TrpcOptions) {
  const appOrigin = new URL(opts.services.appUrl).origin;
  return (c: Context<AppEnv>) =>
    fetchRequestHandler({
      endpoint: "/trpc",
      // HEAD is GET without the body (headLikeGet drops it): tRPC itself would answer 204 to any HEAD.
      req: utf8JsonBody(c.req.method === "HEAD" ? new Request(c.req.raw, { method: "GET" }) : c.req.raw),
      router: appRouter,
      allowMethodOverride: false,
      // One small GET could otherwise name a thousand procedures, each its own transaction (a 16 s, 27 MB answer).
      maxBatchSize: MAX_BATCH_SIZE,
      createContext: async ({ resHeaders }): Promise<ApiContext> => {
        const authz = c.req.header("authorization");
        const bearerToken = authz?.startsWith("Bearer ") ? authz.slice(7).trim() : null;
        const sessionToken = bearerToken ? null : (getCookie(c, SESSION_COOKIE) ?? null);
        const now = opts.services.clock.now();
        const auth = await resolveAuth(opts.services.db, { sessionToken, bearerToken }, now);
        return {
          ...opts.services,
          logger: c.get("logger"),
          requestId: c.get("requestId"),
          ip: clientIp(c, opts.trustProxy),
          userAgent: c.req.header("user-agent") ?? null,
          sameOrigin: isSameOrigin(c, appOrigin, Boolean(sessionToken)),
          // Browsers' EventSource cannot send headers: subscriptions pass the workspace as a query parameter.
          requestedWorkspaceId: c.req.header("x-sillage-workspace") ?? c.req.query("workspace") ?? null,
          auth,
          cookies: {
            set: (token, expires) =>
              resHeaders.append(
                "Set-Cookie",
                serialize(SESSION_COOKIE, token, { httpOnly: true, sameSite: "Lax", secure: opts.secureCookies, path: "/", expires }),
              ),
            clear: () =>
              resHeaders.append(
                "Set-Cookie",
                serialize(SESSION_COOKIE, "", { httpOnly: true, sameSite: "Lax", secure: opts.secureCookies, path: "/", maxAge: 0 }),
              ),
          },
        };
      },
      // A throttled call also says when to come back in the standard header (the longest wait of a batch).
      responseMeta: ({ errors }) => {
        const waits = errors.flatMap((e) => (e.cause instanceof RetryLaterError ? [e.cause.retryAfterSeconds] : []));
        return waits.length ? { headers: { "Retry-After": String(Math.max(...waits)) } } : {};
      },
      onError: ({ error, path }) => {
        if (error.code === "INTERNAL_SERVER_ERROR") c.get("logger").error({ err: error, path }, "tRPC internal error");
        // Every 5xx answer reaches error reporting (Sentry when configured), tagged with the procedure and request.
        if (SERVER_ERROR_CODES.has(error.code)) {
          reportError(error.cause ?? error, { tags: { procedure: path ?? "unknown", code: error.code, request_id: c.get("requestId") } });
        }
      },
    });
}

const SERVER_ERROR_CODES = new Set(["INTERNAL_SERVER_ERROR", "NOT_IMPLEMENTED", "BAD_GATEWAY", "SERVICE_UNAVAILABLE", "GATEWAY_TIMEOUT"]);

/**
 * CSRF: a browser always sends Origin on POST. It must be ours (APP_URL, or the Host the request came to).
 * A request carrying the session cookie with no Origin/Referer at all is refused; cookieless tools are fine.
 */
function isSameOrigin(c: Context<AppEnv>, appOrigin: string, hasSessionCookie: boolean): boolean {
  const origin = c.req.header("origin") ?? refererOrigin(c.req.header("referer"));
  if (!origin || origin === "null") return !hasSessionCookie && origin !== "null";
  if (origin === appOrigin) return true;
  const host = c.req.header("host");
  const proto = new URL(c.req.url).protocol;
  return !!host && origin === `${proto}//${host}`;
}

function refererOrigin(referer: string | undefined): string | undefined {
  if (!referer) return undefined;
  try {
    return new URL(referer).origin;
  } catch {
    return undefined;
  }
}

const strictUtf8 = new TextDecoder("utf-8", { fatal: true });

/**
 * The request with its JSON body read as JSON must be: UTF-8. `Request.json()` replaces invalid bytes (a Latin-1
 * "é", a cut sequence) with U+FFFD, so "caf\xe9" was stored as "caf�" and answered 200; refused instead, as tRPC
 * refuses a body it cannot read (malformed_request). A leading BOM is still dropped.
 */
function utf8JsonBody(req: Request): Request {
  if (req.method === "GET" || req.method === "HEAD") return req;
  return Object.defineProperty(req, "json", {
    value: async () => {
      const bytes = await req.arrayBuffer();
      let text: string;
      try {
        text = strictUtf8.decode(bytes);
      } catch {
        // A SyntaxError, like JSON's: the formatter shows a reading error's words only for the text's own faults.
        throw new SyntaxError("The body is not valid UTF-8");
      }
      return JSON.parse(text) as unknown;
    },
  });
}
