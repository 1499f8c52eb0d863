import { MEDIA_MAX_BYTES, type ApiServices } from "@sillage/api";
import { reportError, type Logger } from "@sillage/observability";
import { Hono } from "hono";
import { routePath } from "hono/route";
import { compress } from "hono/compress";
import type pg from "pg";
import { mediaRoutes } from "@sillage/media";
import { drainUnreadBody, limitBody } from "./http/body-limit";
import { headLikeGet } from "./http/head";
import { allowedMethods } from "./http/methods";
import { canonicalOrigin } from "./http/canonical-origin";
import { healthRoutes } from "./http/health";
import { registerProcessMetrics } from "./http/process-metrics";
import { oauthRoutes } from "./http/oauth";
import { requestContext, type AppEnv } from "./http/request-context";
import { securityHeaders } from "./http/security-headers";
import { spaRoutes } from "./http/spa";
import { trpcHandler } from "./http/trpc";
import { webhookRoutes, type WebhookSecrets } from "./http/webhooks";
import { sentryTunnelRoutes } from "./sentry";

export interface AppDeps {
  services: ApiServices;
  pool: pg.Pool;
  logger: Logger;
  webDistDir: string;
  /** Serve the SPA's source maps publicly (SILLAGE_PUBLIC_SOURCE_MAPS=1). */
  publicSourceMaps?: boolean;
  secureCookies: boolean;
  trustProxy?: boolean;
  metricsToken?: string;
  webhookSecrets: WebhookSecrets;
  workerRunning?: () => boolean;
  /** Where post images may load from (POST_IMAGE_HOSTS); none → only the app's own images. */
  postImageHosts?: readonly string[];
}

/** The whole HTTP surface as one Hono app: testable with `app.request()`, served by @hono/node-server in main.ts. */
export function createApp(deps: AppDeps) {
  const app = new Hono<AppEnv>();
  // Outermost, so its headers are set last: @hono/node-server's light Response drops headers set on it directly
  // (as secureHeaders does) when an outer middleware's c.header() clones it (the 413 of bodyLimit lost them).
  app.use("*", securityHeaders(deps.services.appUrl, { imageHosts: deps.postImageHosts }));
  app.use("*", headLikeGet());
  app.use("*", drainUnreadBody());
  app.use("*", requestContext(deps.logger));
  app.use("*", allowedMethods());
  // Dynamic answers (tRPC JSON, index.html, metrics) compressed per request; the SPA's assets come precompressed
  // (they carry Content-Encoding already) and event streams are left alone (hono's filter skips text/event-stream).
  app.use("*", compress());
  app.onError((err, c) => {
    c.get("logger").error({ err }, "unhandled request error");
    reportError(err, { tags: { route: routePath(c) || "unmatched", request_id: c.get("requestId") } });
    return c.json({ error: "internal_error", requestId: c.get("requestId") }, 500);
  });
  registerProcessMetrics({ db: deps.services.db, pool: deps.pool, connectors: deps.services.connectors, clock: deps.services.clock });
  app.route("/", healthRoutes({ db: deps.services.db, pool: deps.pool, workerRunning: deps.workerRunning, metricsToken: deps.metricsToken, connectors: deps.services.connectors }));
  // The largest legitimate body is a media upload, base64 in JSON (4/3 of the file), plus room for the envelope.
  const trpcMaxBytes = Math.ceil((MEDIA_MAX_BYTES * 4) / 3) + 1_048_576;
  app.use("/trpc/*", limitBody(trpcMaxBytes, { maxBytes: trpcMaxBytes }));
  app.all("/trpc/*", trpcHandler({ services: deps.services, secureCookies: deps.secureCookies, trustProxy: deps.trustProxy ?? false }));
  app.route("/", webhookRoutes({ db: deps.services.db, secrets: deps.webhookSecrets }));
  app.route("/", oauthRoutes(deps.services));
  app.route("/", sentryTunnelRoutes());
  app.route("/", mediaRoutes({ store: deps.services.media.store, signingKey: deps.services.media.signingKey, now: () => deps.services.clock.now() }));
  app.all("/trpc", (c) => c.json({ error: "not_found" }, 404));
  app.use("*", canonicalOrigin(deps.services.appUrl, { trustProxy: deps.trustProxy ?? false }));
  app.route("/", spaRoutes(deps.webDistDir, { publicSourceMaps: deps.publicSourceMaps }));
  return app;
}
