import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { fileURLToPath } from "node:url";
import { createTestDatabase, type TestDatabase } from "@sillage/db/testing";
import { afterAll, beforeAll, expect, it } from "vitest";

const root = fileURLToPath(new URL("../../..", import.meta.url));
let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db.drop());

async function cli(...args: string[]) {
  const env = { ...process.env, DATABASE_URL: db.url, LOG_LEVEL: "warn", SILLAGE_DATA_DIR: path.join(root, ".data/test-cli") };
  return promisify(execFile)(process.execPath, ["--import", "tsx", path.join(root, "apps/server/src/cli.ts"), ...args], { cwd: root, env });
}

// A backfill of years ran silent until its end: it now tells how far it is and when it should end, and a rerun after
// an interruption resumes (packages/kpis/test/backfill.test.ts drives the stop and the clock).
it("pnpm cli kpi backfill prints its progress (days, windows, ETA) and its total", async () => {
  await db.db.insertInto("workspaces").values({ slug: "kpi-cli", name: "KPI CLI", time_zone: "Europe/Paris" }).execute();
  const { stdout, stderr } = await cli("kpi", "backfill", "--from", "2027-01-10", "--to", "2027-01-13", "--workspace", "kpi-cli");
  expect(stderr).toBe("");
  expect(stdout).toMatch(/^kpi backfill: 3\/3 days \(100\.0 %\), 37\/37 windows, through 2027-01-13T00:00:00\.000Z, ETA 0 s$/m);
  expect(stdout).toMatch(/KPI windows recomputed: 37 window\(s\)/);
  expect(await db.db.selectFrom("kpi_watermarks").select("scope").where("scope", "like", "backfill:%").execute()).toEqual([]);
}, 120_000); // a CLI process (tsx) on a shared 2-core box: its start-up alone can pass the default 30 s
