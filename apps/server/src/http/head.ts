import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "./request-context";

/**
 * HEAD answers what GET would (RFC 9110 §9.3.2): its status and headers, Content-Length included, and no body.
 * Hono routes HEAD as GET and drops the body, but a handler reading the method itself (tRPC answered 204) and the
 * length the Node server only computes while writing a body need this. A stream (a subscription) is closed unread.
 */
export function headLikeGet(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (c.req.method !== "HEAD") return next();
    await next();
    const res = c.res;
    const headers = new Headers(res.headers);
    if (res.body) {
      const stream = headers.get("content-type")?.startsWith("text/event-stream") ?? false;
      if (stream || headers.has("content-length")) await res.body.cancel();
      else headers.set("content-length", String((await res.arrayBuffer()).byteLength));
    }
    c.res = new Response(null, { status: res.status, statusText: res.statusText, headers });
  };
}
