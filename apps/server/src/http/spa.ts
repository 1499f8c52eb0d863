import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { serveStatic } from "@hono/node-server/serve-static";
import { Hono } from "hono";
import { MACHINE_PATHS } from "./methods";
import type { AppEnv } from "./request-context";

export interface SpaOptions {
  /** Serve the build's source maps (`/assets/*.map`, named by a `SourceMap` header); off by default (SILLAGE_PUBLIC_SOURCE_MAPS). */
  publicSourceMaps?: boolean;
}

const IMMUTABLE = "public, max-age=31536000, immutable";

/**
 * Whether a GET is a page of the app (client routing answers it from index.html): not a machine path, no hidden
 * segment (`/.env`, `/.git/…`), no file name (`/robots.txt`, `/wp-login.php`: the build's files were served before),
 * and asked by something that takes HTML. Anything else is a 404, so scanners, monitors and API clients are not told
 * a missing file exists.
 */
export function isPagePath(path: string, accept: string | undefined): boolean {
  if (MACHINE_PATHS.test(path)) return false;
  const segments = path.split("/");
  if (segments.some((s) => s.startsWith("."))) return false;
  if (path !== "/index.html" && /\.[A-Za-z0-9]{1,8}$/.test(segments.at(-1) ?? "")) return false;
  return !accept || /text\/html|\*\/\*/i.test(accept);
}

/**
 * Serves the built SPA. Hashed assets (`/assets/*`, a new name whenever their content changes) are cached for a year
 * as immutable, and sent precompressed (`.br` / `.gz` written at build time, `apps/web/build/assets.ts`) to browsers
 * that accept it, with `Vary: Accept-Encoding` either way. `index.html`, answered for every other GET (client
 * routing; a missing file or a machine path is a 404), is `no-cache` so a deploy is picked up on the next load. Source maps are refused unless configured.
 */
export function spaRoutes(distDir: string, opts: SpaOptions = {}) {
  const app = new Hono<AppEnv>();
  const indexFile = path.join(distDir, "index.html");
  const root = path.relative(process.cwd(), distDir) || ".";
  const built = existsSync(distDir);
  const files = serveStatic({ root, precompressed: true });

  app.use("/assets/*", async (c, next) => {
    const name = c.req.path;
    // The compressed twins are reached through Content-Encoding only; maps only when configured.
    if (/\.(br|gz)$/.test(name) || (name.endsWith(".map") && !opts.publicSourceMaps)) return c.text("Not found", 404);
    await next();
    if (c.res.status !== 200) return;
    c.header("Cache-Control", IMMUTABLE);
    if (!/(^|,)\s*accept-encoding\s*(,|$)/i.test(c.res.headers.get("Vary") ?? "")) c.header("Vary", "Accept-Encoding", { append: true });
    if (opts.publicSourceMaps && name.endsWith(".js") && existsSync(path.join(distDir, `${name}.map`))) c.header("SourceMap", `${name}.map`);
  });
  if (built) app.use("/assets/*", files);
  // A missing asset (an old hash after a deploy) is a 404, never index.html cached for a year under its name.
  app.get("/assets/*", (c) => c.text("Not found", 404));
  // Other files of the build (favicon…); index.html itself only through the handler below.
  app.use("*", async (c, next) => {
    if (!built || c.req.path === "/" || c.req.path === "/index.html" || c.req.path.endsWith("/first-pages.json") || /\.(br|gz|map)$/.test(c.req.path)) return next();
    return files(c, next);
  });
  app.get("*", (c) => {
    if (!isPagePath(c.req.path, c.req.header("accept"))) return c.json({ error: "not_found" }, 404);
    if (!existsSync(indexFile)) {
      return c.text("The web app is not built yet: run `pnpm build` (pnpm start does it for you).", 503);
    }
    return c.html(readFileSync(indexFile, "utf8"), 200, { "Cache-Control": "no-cache" });
  });
  return app;
}
