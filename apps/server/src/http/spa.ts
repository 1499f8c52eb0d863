import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { serveStatic } from "@hono/node-server/serve-static";
import { Hono } from "hono";
import type { AppEnv } from "./request-context";

/** Serves the built SPA: hashed assets with long caching, and index.html for every other GET (client routing). */
export function spaRoutes(distDir: string) {
  const app = new Hono<AppEnv>();
  const indexFile = path.join(distDir, "index.html");
  const root = path.relative(process.cwd(), distDir) || ".";
  app.use("/assets/*", async (c, next) => {
    await next();
    if (c.res.status === 200) c.header("Cache-Control", "public, max-age=31536000, immutable");
  });
  if (existsSync(distDir)) app.use("*", serveStatic({ root }));
  app.get("*", (c) => {
    if (!existsSync(indexFile)) {
      return c.text("The web app is not built yet: run `pnpm build` (pnpm start does it for you).", 503);
    }
    return c.html(readFileSync(indexFile, "utf8"), 200, { "Cache-Control": "no-cache" });
  });
  return app;
}
