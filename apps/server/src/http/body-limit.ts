import type { Context } from "hono";
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

async function discard(req: Request): Promise<void> {
  if (!req.body || req.bodyUsed) return;
  const reader = req.body.getReader();
  const deadline = Date.now() + DISCARD_MAX_MS;
  let read = 0;
  try {
    while (read <= DISCARD_MAX_BYTES && Date.now() < deadline) {
      const next = await Promise.race([reader.read(), new Promise<null>((r) => setTimeout(() => r(null), Math.max(0, deadline - Date.now())).unref())]);
      if (!next || next.done) break;
      read += next.value.byteLength;
    }
  } catch {
    // the client went away: nothing to answer
  }
  try {
    reader.releaseLock();
  } catch {
    // a read still pending after the deadline: the answer closes the connection anyway
  }
}
