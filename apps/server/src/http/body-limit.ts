import type { Context, MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import type { AppEnv } from "./request-context";

/** How much of a refused body is read and dropped so the client can finish sending it and read the 413. */
const DISCARD_MAX_BYTES = 128 * 1024 * 1024;
const DISCARD_MAX_MS = 3_000;

/**
 * hono's bodyLimit, answering 413 with `Connection: close`. Left unread, the refused body made the node adapter
 * drop the connection it had just answered with keep-alive, so the client's next request on it failed ("other
 * side closed"); closed at once, a client still sending gets EPIPE and never reads the 413. So the rest of the body
 * is read and dropped (bounded in bytes and time; nothing is kept), then the answer closes the connection.
 */
export function limitBody(maxSize: number, body: Record<string, unknown> = {}, onRefused?: (c: Context<AppEnv>) => void) {
  return bodyLimit({
    maxSize,
    onError: async (c: Context<AppEnv>) => {
      onRefused?.(c);
      await discard(c.req.raw);
      return c.json({ error: "payload_too_large", ...body }, 413, { Connection: "close" });
    },
  });
}

/**
 * A body the answer did not need (a call refused before its input was read: 401, 405, a bad workspace) is read and
 * dropped after the answer is made, as `limitBody` does for a refused one: left unread, the node adapter dropped the
 * keep-alive connection, and the client's request on it, or its next one, failed without an answer. Past the bounds
 * the answer closes the connection.
 */
export function drainUnreadBody(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    await next();
    const req = c.req.raw;
    if (!req.body || req.bodyUsed) return;
    if (!(await discard(req))) c.res.headers.set("Connection", "close");
  };
}

/** Reads and drops what is left of the body; false when it stopped at a bound before the end. */
async function discard(req: Request): Promise<boolean> {
  if (!req.body || req.bodyUsed) return true;
  const reader = req.body.getReader();
  const deadline = Date.now() + DISCARD_MAX_MS;
  let read = 0;
  let ended = false;
  try {
    while (read <= DISCARD_MAX_BYTES && Date.now() < deadline) {
      const next = await Promise.race([reader.read(), new Promise<null>((r) => setTimeout(() => r(null), Math.max(0, deadline - Date.now())).unref())]);
      if (!next) break;
      if (next.done) {
        ended = true;
        break;
      }
      read += next.value.byteLength;
    }
  } catch {
    // the client went away: nothing to answer
    ended = true;
  }
  try {
    reader.releaseLock();
  } catch {
    // a read still pending after the deadline: the answer closes the connection anyway
  }
  return ended;
}
