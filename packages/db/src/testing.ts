import { randomBytes } from "node:crypto";
import pg from "pg";
import { inject } from "vitest";
import { createDb, type DbHandle } from "./client";

declare module "vitest" {
  export interface ProvidedContext {
    sillageTemplateUrl: string;
  }
}

export interface TestDatabase extends DbHandle {
  url: string;
  /** Drops the database (after closing this handle's pool). */
  drop(): Promise<void>;
}

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

/** A fresh database for one test file, cloned from the migrated template the global setup built. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const templateUrl = inject("sillageTemplateUrl");
  const template = new URL(templateUrl).pathname.slice(1);
  const name = `sillage_test_${randomBytes(6).toString("hex")}`;
  const adminUrl = withDatabase(templateUrl, "postgres");
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    for (let attempt = 0; ; attempt++) {
      try {
        await admin.query(`create database "${name}" template "${template}"`);
        break;
      } catch (err) {
        // 55006: another clone is reading the template at this instant.
        if ((err as { code?: string }).code !== "55006" || attempt > 50) throw err;
        await new Promise((r) => setTimeout(r, 100 + Math.random() * 200));
      }
    }
  } finally {
    await admin.end();
  }
  const url = withDatabase(templateUrl, name);
  const handle = createDb(url, { max: 10 });
  return {
    ...handle,
    url,
    async drop() {
      await handle.close();
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      await c.query(`drop database if exists "${name}" with (force)`).catch(() => {});
      await c.end();
    },
  };
}
