import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "./request-context";

/**
 * Paths that belong to machines (API, webhooks, probes, signed media, the OAuth callback, built assets, the error
 * tunnel): never a page, so never index.html, and never moved to APP_URL's host.
 */
export const MACHINE_PATHS = /^\/(trpc|webhooks|healthz|readyz|metrics|media|oauth|assets|sentry)(\/|$)/;

/** The methods each route answers (HEAD goes with GET). The SPA's pages and files are GET only. */
const ROUTE_METHODS: [RegExp, readonly string[]][] = [
  [/^\/trpc(\/|$)/, ["GET", "POST"]],
  [/^\/webhooks\/(whatsapp|instagram)$/, ["GET", "POST"]],
  [/^\/(healthz|readyz|metrics)$/, ["GET"]],
  [/^\/oauth\/instagram\/callback$/, ["GET"]],
  [/^\/media\//, ["GET"]],
  [/^\/assets\//, ["GET"]],
  [/^\/sentry\/tunnel$/, ["POST"]],
];

function allowedOn(path: string): readonly string[] | null {
  for (const [re, methods] of ROUTE_METHODS) if (re.test(path)) return methods;
  // Another machine path is simply not found; everything else is a page or a file of the build.
  return MACHINE_PATHS.test(path) ? null : ["GET"];
}

/**
 * A method a route does not answer gets 405 with `Allow` (RFC 9110), not a 404 that hides the route, tRPC's 415
 * about a content type, or a static file served to a PUT or DELETE; OPTIONS gets 204 with `Allow` (no CORS: the
 * API is same-origin only).
 */
export function allowedMethods(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const allowed = allowedOn(c.req.path);
    if (!allowed) return next();
    const method = c.req.method;
    if (allowed.includes(method) || (method === "HEAD" && allowed.includes("GET"))) return next();
    const allow = [...allowed, ...(allowed.includes("GET") ? ["HEAD"] : []), "OPTIONS"].join(", ");
    if (method === "OPTIONS") return c.body(null, 204, { Allow: allow });
    return c.json({ error: "method_not_allowed", allowed: allow }, 405, { Allow: allow });
  };
}
