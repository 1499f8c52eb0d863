import type { Context } from "hono";
import { bodyLimit } from "hono/body-limit";
import type { AppEnv } from "./request-context";

/**
 * hono's bodyLimit, answering 413 with `Connection: close`. The refused body is left unread; the node adapter
 * drains it for a moment and then destroys the socket, so a keep-alive answer would invite the client to send its
 * next request on a connection about to close (it then fails as "other side closed" instead of being answered).
 */
export function limitBody(maxSize: number, body: Record<string, unknown> = {}, onRefused?: (c: Context<AppEnv>) => void) {
  return bodyLimit({
    maxSize,
    onError: (c: Context<AppEnv>) => {
      onRefused?.(c);
      return c.json({ error: "payload_too_large", ...body }, 413, { Connection: "close" });
    },
  });
}
