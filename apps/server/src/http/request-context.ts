import { randomUUID } from "node:crypto";
import type { Logger } from "@sillage/observability";
import { httpRequestDuration } from "@sillage/observability";
import { createMiddleware } from "hono/factory";
import { routePath } from "hono/route";

export type AppEnv = {
  Variables: { requestId: string; logger: Logger };
  Bindings: { incoming?: { socket?: { remoteAddress?: string } } };
};

/** Request id (honouring a sane X-Request-Id), a child logger carrying it, access log and latency metric. */
export function requestContext(logger: Logger) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const incoming = c.req.header("x-request-id");
    const requestId = incoming && /^[\w.-]{6,64}$/.test(incoming) ? incoming : randomUUID();
    const log = logger.child({ requestId });
    c.set("requestId", requestId);
    c.set("logger", log);
    const start = performance.now();
    await next();
    c.header("X-Request-Id", requestId);
    const ms = performance.now() - start;
    const route = routePath(c) || "unmatched";
    httpRequestDuration.observe({ method: c.req.method, route, status: String(c.res.status) }, ms / 1000);
    if (!c.req.path.startsWith("/assets/")) {
      log.info({ method: c.req.method, path: c.req.path, status: c.res.status, ms: Math.round(ms) }, "request");
    }
  });
}

export function clientIp(c: { env: AppEnv["Bindings"] | undefined; req: { header(n: string): string | undefined } }, trustProxy: boolean): string {
  if (trustProxy) {
    // The last entry is the one our proxy appended; earlier ones come from the client and can be forged.
    const fwd = c.req.header("x-forwarded-for")?.split(",").at(-1)?.trim();
    if (fwd) return fwd;
  }
  return c.env?.incoming?.socket?.remoteAddress ?? "unknown";
}
