import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { createPool, listMigrations, migrate, pendingMigrations } from "../src";
import { createTestDatabase } from "../src/testing";

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

describe("migrations", () => {
  it("apply once when several processes migrate an empty database at the same time", async () => {
    // A template clone is already migrated; start from an empty database next to it instead.
    const t = await createTestDatabase();
    cleanups.push(() => t.drop());
    const url = new URL(t.url);
    const name = `${url.pathname.slice(1)}_empty`;
    const admin = new pg.Client({ connectionString: t.url });
    await admin.connect();
    await admin.query(`create database "${name}"`);
    await admin.end();
    url.pathname = `/${name}`;
    const pools = [0, 1, 2].map(() => createPool(url.toString(), { max: 3 }));
    cleanups.push(async () => {
      await Promise.all(pools.map((p) => p.end()));
      const c = new pg.Client({ connectionString: t.url });
      await c.connect();
      await c.query(`drop database if exists "${name}" with (force)`);
      await c.end();
    });
    const results = await Promise.all(pools.map((p) => migrate(p)));
    const appliedCounts = results.map((r) => r.length).sort();
    expect(appliedCounts).toEqual([0, 0, listMigrations().length]);
    expect(await pendingMigrations(pools[0]!)).toEqual([]);
    const worker = await pools[0]!.query("select count(*)::int as n from graphile_worker.migrations");
    expect(worker.rows[0].n).toBeGreaterThan(10);
  });

  it("every tenant-owned table has row-level security with the workspace policy", async () => {
    const t = await createTestDatabase();
    cleanups.push(() => t.drop());
    const { rows } = await t.pool.query<{ table_name: string; rls: boolean; policies: number }>(`
      select c.relname as table_name, c.relrowsecurity as rls,
             (select count(*)::int from pg_policies p where p.tablename = c.relname and p.policyname = 'workspace_scope') as policies
      from information_schema.columns col
      join pg_class c on c.relname = col.table_name and c.relkind = 'r'
      join pg_namespace n on n.oid = c.relnamespace and n.nspname = 'public'
      where col.column_name = 'workspace_id' and col.table_schema = 'public'`);
    const unscoped = rows.filter((r) => !r.rls || r.policies !== 1).map((r) => r.table_name);
    // unknown_events is operator-only (never read through a workspace procedure).
    expect(unscoped.sort()).toEqual(["unknown_events"]);
    expect(rows.length).toBeGreaterThan(20);
  });
});
