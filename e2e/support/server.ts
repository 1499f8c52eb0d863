import { spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { freePort } from "@sillage/db";
import { createTestDatabase } from "@sillage/db/testing";
import { startFakeGraph, type FakeGraph } from "@sillage/fake-graph";

const root = fileURLToPath(new URL("../..", import.meta.url));

export interface RunningServer {
  url: string;
  /** Its database, for tests that must move stored time (the server's clock is the real one). */
  databaseUrl: string;
  output: string[];
  stop(): Promise<void>;
}

/** The product as a user runs it (`pnpm start`'s server: API, worker and built SPA) on a fresh database. */
export async function startServer(env: Record<string, string> = {}, opts: { appHost?: string } = {}): Promise<RunningServer> {
  const db = await createTestDatabase();
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  // APP_URL under another name of this machine (e.g. localhost) than the address tests open: `url` stays 127.0.0.1.
  const appUrl = opts.appHost ? `http://${opts.appHost}:${port}` : url;
  const child = spawn(process.execPath, ["--import", "tsx", path.join(root, "apps/server/src/main.ts")], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: db.url, PORT: String(port), APP_URL: appUrl, LOG_LEVEL: "warn", SILLAGE_DATA_DIR: path.join(root, ".data/e2e"), ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const output: string[] = [];
  child.stdout.on("data", (d: Buffer) => output.push(d.toString()));
  child.stderr.on("data", (d: Buffer) => output.push(d.toString()));
  // Generous: tsx compiles the server on start, and a loaded 2-core machine (CI beside a build) took over 30 s once.
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited early:\n${output.join("")}`);
    const ok = await fetch(`${url}/readyz`).then((r) => r.ok).catch(() => false);
    if (ok) break;
    if (Date.now() > deadline) throw new Error(`server not ready:\n${output.join("")}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    databaseUrl: db.url,
    output,
    async stop() {
      const exited = new Promise((r) => child.once("exit", r));
      child.kill("SIGTERM");
      await exited;
      await db.drop();
    },
  };
}

/**
 * The server with every Graph host pointed at a fake Graph API running in the test process: the test plays the
 * customer (signed webhooks to the server) and reads what the server sent, as if it were Meta.
 */
export async function startServerWithFakeGraph(): Promise<{ fake: FakeGraph; server: RunningServer; stop(): Promise<void> }> {
  const metaAppSecret = "e2e-meta-app-secret";
  const instagramAppSecret = "e2e-instagram-app-secret";
  const fake = await startFakeGraph({ port: 0 });
  const server = await startServer({
    META_GRAPH_URL: fake.url,
    INSTAGRAM_GRAPH_URL: fake.url,
    INSTAGRAM_OAUTH_URL: fake.url,
    META_APP_SECRET: metaAppSecret,
    INSTAGRAM_APP_SECRET: instagramAppSecret,
    META_VERIFY_TOKEN: "e2e-verify",
  });
  fake.control.configureWebhooks({
    whatsapp: { url: `${server.url}/webhooks/whatsapp` },
    instagram: { url: `${server.url}/webhooks/instagram` },
    metaAppSecret,
    instagramAppSecret,
  });
  return {
    fake,
    server,
    async stop() {
      await server.stop();
      await fake.close();
    },
  };
}
