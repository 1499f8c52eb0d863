import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Server } from "node:http";
import { serve } from "@hono/node-server";
import { ConfigError, loadConfig, type AppConfig } from "@sillage/config";
import { createLogger } from "@sillage/observability";
import type { Runner } from "@sillage/queue";
import { Hono } from "hono";
import { createApp } from "./app";
import { demoControl, seedDemo, startDemoGraph } from "./demo";
import { startDemoCommenters } from "./demo-comments";
import { healthRoutes } from "./http/health";
import { registerProcessMetrics } from "./http/process-metrics";
import { requestContext, type AppEnv } from "./http/request-context";
import { startJobWorker } from "./jobs";
import { createArchiveStoreFor, createCoreServices } from "./services";
import { createSmtpMailer } from "@sillage/notifications";
import { EventHub } from "./live/event-hub";
import { openDatabase } from "./database";
import { initSentry, sentryTags } from "./sentry";

const SERVER_VERSION = (JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string }).version;
const WEB_DIST = fileURLToPath(new URL("../../web/dist", import.meta.url));

let stopping = false;

async function main() {
  const started = performance.now();
  let config: AppConfig;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(1);
    }
    throw err;
  }
  const logger = createLogger({ level: config.LOG_LEVEL, base: { role: config.SILLAGE_ROLE } });
  const sentry = config.SENTRY_DSN ? initSentry({ dsn: config.SENTRY_DSN, ...sentryTags(config, SERVER_VERSION) }) : undefined;
  if (sentry) logger.info("error reports go to Sentry");
  const demo = config.SILLAGE_DEMO ? await startDemoGraph(config) : undefined;
  if (demo) {
    config = demo.config;
    logger.info({ graphUrl: demo.fake.url }, "demo mode: Graph API calls go to the built-in fake");
  }
  const core = await createCoreServices(config);
  let database: Awaited<ReturnType<typeof openDatabase>> | undefined;
  let runner: Runner | undefined;
  let server: Server | undefined;
  let hub: EventHub | undefined;
  let stopDemoCommenters: (() => void) | undefined;
  // Registered first: a signal during start-up still goes through the orderly shutdown below.
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  process.on("SIGINT", () => void shutdown("SIGINT"));
  // eslint-disable-next-line prefer-const -- assigned after the signal handlers that read it are registered
  database = await openDatabase(config, logger);
  const { db, pool } = database;
  if (demo) {
    const { restored } = await seedDemo(db, core.secretBox, demo.fake);
    logger.info({ whatsapp: restored?.whatsapp, instagram: restored?.instagram }, "demo mode: stored channels restored in the fake");
    for (const f of restored?.failed ?? []) logger.warn({ channelId: f.channelId, error: f.error }, "demo mode: a stored channel could not be restored in the fake");
  }
  // Demo customers comment on the sandbox account's recent posts now and then (timer unref'd: never holds shutdown).
  if (demo) stopDemoCommenters = startDemoCommenters(demo.fake);

  let workerRunning = false;
  if (config.SILLAGE_ROLE !== "web") {
    // One SMTP transport for every e-mail the worker sends (notifications, password resets).
    const mailer = config.SMTP_URL ? createSmtpMailer(config.SMTP_URL, config.MAIL_FROM) : undefined;
    runner = await startJobWorker({
      pool,
      services: { db, ...core, archive: await createArchiveStoreFor(config), accounts: { appUrl: config.APP_URL, mailer }, notifications: { appUrl: config.APP_URL, mailer } },
      logger,
      concurrency: config.WORKER_CONCURRENCY,
      pollInterval: config.WORKER_POLL_INTERVAL_MS,
      liveness: { deadAfterMs: config.WORKER_DEAD_AFTER_MS, heartbeatMs: Math.min(5_000, Math.floor(config.WORKER_DEAD_AFTER_MS / 3)) },
    });
    workerRunning = true;
    runner.promise.then(
      () => (workerRunning = false),
      (err: unknown) => {
        workerRunning = false;
        logger.error({ err }, "worker stopped with an error");
      },
    );
  }

  if (config.SILLAGE_ROLE !== "worker") {
    hub = new EventHub(database.url, db, logger.child({ component: "events" }));
    await hub.start();
    const app = createApp({
      services: {
        db,
        logger,
        ...core,
        events: hub,
        appUrl: config.APP_URL,
        oauth: { instagramAppId: config.INSTAGRAM_APP_ID, instagramAuthorizeUrl: config.INSTAGRAM_AUTHORIZE_URL },
        demo: demo ? demoControl(demo.fake) : undefined,
      },
      pool,
      logger,
      webDistDir: WEB_DIST,
      publicSourceMaps: config.SILLAGE_PUBLIC_SOURCE_MAPS,
      secureCookies: config.APP_URL.startsWith("https://"),
      trustProxy: config.TRUST_PROXY,
      metricsToken: config.METRICS_TOKEN,
      postImageHosts: config.POST_IMAGE_HOSTS,
      webhookSecrets: {
        verifyToken: config.META_VERIFY_TOKEN,
        metaAppSecret: config.META_APP_SECRET,
        instagramAppSecret: config.INSTAGRAM_APP_SECRET,
      },
      workerRunning: runner ? () => workerRunning : undefined,
    });
    server = serve({ fetch: app.fetch, port: config.PORT, hostname: config.HOST }) as Server;
    await new Promise<void>((resolve) => server!.once("listening", () => resolve()));
    const ms = Math.round(performance.now() - started);
    logger.info({ url: config.APP_URL, ms }, "Sillage is up");
    console.warn(`\n  Sillage is running at ${config.APP_URL}  (role ${config.SILLAGE_ROLE}, ready in ${ms} ms)\n`);
    if (demo) console.warn(`  Demo mode: open ${config.APP_URL}/login and choose "Explore the demo"\n`);
  } else {
    // A worker serves only its probes and metrics (its job metrics exist nowhere else), on the same PORT.
    const probes = new Hono<AppEnv>();
    probes.use("*", requestContext(logger));
    registerProcessMetrics({ db, pool, connectors: core.connectors, clock: core.clock });
    probes.route("/", healthRoutes({ db, pool, workerRunning: () => workerRunning, metricsToken: config.METRICS_TOKEN, connectors: core.connectors }));
    server = serve({ fetch: probes.fetch, port: config.PORT, hostname: config.HOST }) as Server;
    await new Promise<void>((resolve) => server!.once("listening", () => resolve()));
    logger.info({ port: config.PORT }, "Sillage worker is up");
  }

  // Shutdown order: stop accepting HTTP, drain requests, stop the job runner, close the pool, stop PostgreSQL.
  async function shutdown(signal: string) {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "shutting down");
    const force = setTimeout(() => {
      logger.error("shutdown took too long; exiting");
      process.exit(1);
    }, 30_000).unref();
    if (server) {
      const http = server;
      const closed = new Promise<void>((resolve) => http.close(() => resolve()));
      await hub?.close(); // ends live streams so their connections can drain
      http.closeIdleConnections();
      await Promise.race([closed, new Promise((r) => setTimeout(r, 10_000))]);
      http.closeAllConnections();
      logger.info("http server closed");
    }
    if (runner) {
      await runner.stop();
      logger.info("worker stopped");
    }
    await database?.close();
    stopDemoCommenters?.();
    await demo?.fake.close();
    logger.info("database pool closed");
    // Reports still in flight get a short moment; a Sentry that is down does not hold the exit.
    await sentry?.close(2_000);
    clearTimeout(force);
    logger.info("stopped");
    process.exit(0);
  }
}

main().catch((err: unknown) => {
  console.error("Sillage failed to start:", err);
  process.exit(1);
});
