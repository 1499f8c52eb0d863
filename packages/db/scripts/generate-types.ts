// Regenerates src/types.ts from the migrated schema: `pnpm db:types` (uses DATABASE_URL, else an embedded server).
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { createPool } from "../src/client";
import { startEmbeddedPostgres } from "../src/embedded";
import { migrate } from "../src/migrate";

const here = path.dirname(fileURLToPath(import.meta.url));
const embedded = process.env.DATABASE_URL ? undefined : await startEmbeddedPostgres({ dataDir: path.join(os.tmpdir(), "sillage-typegen-pg") });
const serverUrl = process.env.DATABASE_URL ?? embedded!.url;
const scratch = `sillage_typegen_${Date.now()}`;
const admin = new pg.Client({ connectionString: serverUrl });
await admin.connect();
await admin.query(`create database ${scratch}`);
const url = new URL(serverUrl);
url.pathname = `/${scratch}`;
const pool = createPool(url.toString());
try {
  await migrate(pool);
  await pool.end();
  execFileSync(
    "npx",
    ["kysely-codegen", "--dialect", "postgres", "--url", url.toString(), "--default-schema", "public", "--exclude-pattern", "(graphile_worker|sillage).*", "--out-file", path.join(here, "../src/types.ts")],
    { stdio: "inherit", cwd: path.join(here, "..") },
  );
  // client.ts parses int8 into numbers (ids and counts fit); say so in the types.
  const out = path.join(here, "../src/types.ts");
  writeFileSync(out, readFileSync(out, "utf8").replace(/export type Int8 = ColumnType<string,/, "export type Int8 = ColumnType<number,"));
} finally {
  await admin.query(`drop database if exists ${scratch} with (force)`);
  await admin.end();
  await embedded?.stop();
}
