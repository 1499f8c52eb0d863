import { createHash } from "node:crypto";
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { createPool } from "../client";
import { ensureDatabase, startEmbeddedPostgres, type EmbeddedDatabase } from "../embedded";
import { listMigrations, migrate } from "../migrate";

import "../testing";

/**
 * Once per test run: find a PostgreSQL (TEST_DATABASE_URL / DATABASE_URL, else an embedded one), and build a template
 * database migrated to the current schema. Each test file then clones it (packages/db/src/testing.ts).
 */
export default async function setup(project: TestProject) {
  let embedded: EmbeddedDatabase | undefined;
  let dataDir: string | undefined;
  let serverUrl = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL;
  if (!serverUrl) {
    // A fresh cluster per run (initdb takes about a second), under the system temp folder, which the `postgres`
    // user (root runs it as that user) can reach even when the checkout cannot be — its binaries are then copied
    // where it can (embedded-placement.ts); concurrent runs never share one.
    dataDir = mkdtempSync(path.join(os.tmpdir(), "sillage-test-pg-"));
    chmodSync(dataDir, 0o755);
    embedded = await startEmbeddedPostgres({ dataDir: path.join(dataDir, "pg") });
    serverUrl = embedded.url;
  }
  const checksum = createHash("sha256")
    .update(listMigrations().map((m) => m.checksum).join(","))
    .digest("hex")
    .slice(0, 12);
  const template = `sillage_tpl_${checksum}`;
  const templateUrl = withDatabase(serverUrl, template);
  await ensureDatabase(serverUrl, template);
  const pool = createPool(templateUrl, { max: 2 });
  try {
    await migrate(pool);
  } finally {
    await pool.end();
  }
  // Clones need the template free of connections.
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()`, [template]);
  await admin.end();
  project.provide("sillageTemplateUrl", templateUrl);
  return async () => {
    await embedded?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  };
}

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}
