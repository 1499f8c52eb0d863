import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { createPool, listMigrations, migrate, MIGRATIONS_DIR } from "@sillage/db";
import { createTestDatabase } from "@sillage/db/testing";
import { afterAll, describe, expect, it } from "vitest";
import { CREDIT_REASONS } from "../src";

const cleanups: (() => Promise<void> | void)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

/** An empty database beside a test clone, migrated only up to (not including) `before`. */
async function databaseBefore(before: string) {
  const t = await createTestDatabase();
  cleanups.push(() => t.drop());
  const name = `${new URL(t.url).pathname.slice(1)}_old`;
  await t.pool.query(`create database "${name}"`);
  const url = new URL(t.url);
  url.pathname = `/${name}`;
  const pool = createPool(url.toString(), { max: 2 });
  cleanups.push(async () => {
    await pool.end();
    await t.pool.query(`drop database if exists "${name}" with (force)`);
  });
  const dir = mkdtempSync(path.join(os.tmpdir(), "sillage-migrations-"));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  for (const m of listMigrations().filter((m) => m.name < before)) copyFileSync(path.join(MIGRATIONS_DIR, m.name), path.join(dir, m.name));
  await migrate(pool, { dir });
  return pool;
}

describe("migration 0046: the credits ledger's sentences become codes", () => {
  it("codes every sentence the server wrote, keeps a top-up's words as its note and any other sentence as legacy text", async () => {
    const pool = await databaseBefore("0046_");
    const ws = (await pool.query<{ id: string }>("insert into workspaces (name, slug) values ('Old shop', 'old-shop') returning id")).rows[0]!.id;
    const rows: [kind: string, delta: number, reason: string][] = [
      ["grant", 200, "monthly credits (pro)"],
      ["consume", -1, "automatic reply"],
      ["refund", 1, "automatic reply not delivered"],
      ["refund", 1, "automatic reply refused before sending"],
      ["refund", 1, "automatic reply refused by the platform"],
      ["refund", 1, "automatic reply cancelled: message unsent"],
      ["refund", 1, "automatic reply superseded: message edited"],
      ["expire", -5, "unused monthly credits expired"],
      ["topup", 10, "Geste commercial (panne du 3)"],
      ["refund", 1, "credit returned by hand"],
    ];
    for (const [i, [kind, delta, reason]] of rows.entries()) {
      await pool.query("insert into credit_ledger (workspace_id, kind, delta, reason, idempotency_key) values ($1, $2, $3, $4, $5)", [ws, kind, delta, reason, `k${i}`]);
    }

    await migrate(pool);

    const after = await pool.query<{ reason_code: string; reason_params: unknown }>("select reason_code, reason_params from credit_ledger order by id");
    expect(after.rows.map((r) => [r.reason_code, r.reason_params])).toEqual([
      ["monthly_grant", { plan: "pro" }],
      ["ai_reply", {}],
      ["refund_not_delivered", {}],
      ["refund_refused_before_sending", {}],
      ["refund_refused_by_platform", {}],
      ["refund_cancelled_unsent", {}],
      ["refund_superseded_edited", {}],
      ["monthly_expiry", {}],
      ["top_up", { note: "Geste commercial (panne du 3)" }],
      ["legacy", { text: "credit returned by hand" }],
    ]);
    // The sentences are gone, the ledger is append-only again, and the database accepts exactly the code list.
    const columns = await pool.query("select column_name from information_schema.columns where table_name = 'credit_ledger' and column_name = 'reason'");
    expect(columns.rows).toEqual([]);
    await expect(pool.query("update credit_ledger set delta = delta where workspace_id = $1", [ws])).rejects.toThrow(/append-only/);
    for (const code of CREDIT_REASONS) {
      await pool.query("insert into credit_ledger (workspace_id, kind, delta, reason_code, reason_params, idempotency_key) values ($1, 'topup', 1, $2, '{}', $3)", [ws, code, `c-${code}`]);
    }
    await expect(
      pool.query("insert into credit_ledger (workspace_id, kind, delta, reason_code, reason_params, idempotency_key) values ($1, 'topup', 1, 'automatic reply', '{}', 'bad')", [ws]),
    ).rejects.toThrow(/credit_ledger_reason_code/);
  }, 120_000);
});
