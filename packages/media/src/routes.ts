import { Hono } from "hono";
import { verifyMediaUrl } from "./signing";
import type { MediaStore } from "./store";

/** GET /media/<key>?expires&sig: the bytes behind a valid, unexpired signed link; 403 / 410 / 404 otherwise. */
export function mediaRoutes(deps: { store: MediaStore; signingKey: Buffer; now: () => Date }) {
  const app = new Hono();
  app.get("/media/*", async (c) => {
    // A broken escape (%ff) names no file we made: 404, not decodeURIComponent's URIError (an error 500).
    let key: string;
    try {
      key = decodeURIComponent(c.req.path.slice("/media/".length));
    } catch {
      return c.json({ error: "not_found" }, 404);
    }
    const check = verifyMediaUrl({ signingKey: deps.signingKey, key, expires: c.req.query("expires"), sig: c.req.query("sig"), now: deps.now() });
    if (check === "bad_signature") return c.json({ error: "invalid_signature" }, 403);
    if (check === "expired") return c.json({ error: "link_expired" }, 410);
    let object;
    try {
      object = await deps.store.get(key);
    } catch {
      return c.json({ error: "not_found" }, 404);
    }
    if (!object) return c.json({ error: "not_found" }, 404);
    return c.body(object.bytes as Uint8Array<ArrayBuffer>, 200, {
      "Content-Type": object.contentType,
      "Content-Length": String(object.bytes.byteLength),
      "Cache-Control": "private, max-age=300",
      "X-Content-Type-Options": "nosniff",
    });
  });
  return app;
}
