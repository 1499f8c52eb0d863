import type { MiddlewareHandler } from "hono";
import { MACHINE_PATHS } from "./methods";
import type { AppEnv } from "./request-context";

// Machine paths answer where they are asked (the OAuth callback is already addressed to APP_URL): only page
// navigations move.

/**
 * A page opened at another name of this server (127.0.0.1 while APP_URL says localhost) is sent to APP_URL's origin
 * first, path and query kept: the session cookie belongs to one host, and Instagram Login returns to APP_URL, so a
 * flow begun at the other name would come back signed out. GET/HEAD navigations only (Accept: text/html).
 */
export function canonicalOrigin(appUrl: string, opts: { trustProxy: boolean }): MiddlewareHandler<AppEnv> {
  const app = new URL(appUrl);
  return async (c, next) => {
    const method = c.req.method;
    if ((method !== "GET" && method !== "HEAD") || MACHINE_PATHS.test(c.req.path)) return next();
    if (!(c.req.header("accept") ?? "").includes("text/html")) return next();
    const forwarded = opts.trustProxy ? c.req.header("x-forwarded-host")?.split(",")[0]?.trim() : undefined;
    const host = (forwarded ?? c.req.header("host") ?? "").toLowerCase();
    if (!host || host === app.host.toLowerCase()) return next();
    const url = new URL(c.req.url);
    return c.redirect(`${app.origin}${url.pathname}${url.search}`, 302);
  };
}
