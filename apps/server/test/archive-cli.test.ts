import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { fileURLToPath } from "node:url";
import { createTestDatabase, type TestDatabase } from "@sillage/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { jobsById, cronItems } from "../src/jobs";

const root = fileURLToPath(new URL("../../..", import.meta.url));
let db: TestDatabase;
let archiveDir: string;
beforeAll(async () => {
  db = await createTestDatabase();
  archiveDir = mkdtempSync(path.join(os.tmpdir(), "sillage-archive-cli-"));
});
afterAll(async () => {
  await db.drop();
  rmSync(archiveDir, { recursive: true, force: true });
});

/** `pnpm cli …` as an operator runs it, against the test database, archiving to a temporary folder (no S3). */
async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const env = { ...process.env, DATABASE_URL: db.url, LOG_LEVEL: "warn", SILLAGE_DATA_DIR: path.join(root, ".data/test-cli"), ARCHIVE_DIR: archiveDir, S3_ENDPOINT: "" };
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, ["--import", "tsx", path.join(root, "apps/server/src/cli.ts"), ...args], { cwd: root, env });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

// CLI processes (tsx) on a shared 2-core box: their start-up alone can pass the default 30 s.
describe("pnpm cli archive", { timeout: 120_000 }, () => {
  it("archives messages past 90 days to ARCHIVE_DIR, then restores a workspace's days, idempotently", async () => {
    const ws = await db.db.insertInto("workspaces").values({ slug: "archive-cli", name: "Archive CLI" }).returning("id").executeTakeFirstOrThrow();
    const channel = await db.db.insertInto("channels").values({ workspace_id: ws.id, platform: "whatsapp", external_id: "wa-archive-cli", display_name: "wa", token_ciphertext: Buffer.from("x"), token_key_id: "k" }).returning("id").executeTakeFirstOrThrow();
    const contact = await db.db.insertInto("contacts").values({ workspace_id: ws.id, channel_id: channel.id, platform: "whatsapp", platform_user_id: "33600000001" }).returning("id").executeTakeFirstOrThrow();
    const conv = await db.db.insertInto("conversations").values({ workspace_id: ws.id, channel_id: channel.id, contact_id: contact.id, platform: "whatsapp" }).returning("id").executeTakeFirstOrThrow();
    const at = (daysAgo: number) => new Date(Date.now() - daysAgo * 86_400_000);
    const old = at(100);
    await db.db
      .insertInto("messages")
      .values([100, 100, 100, 2].map((d, i) => ({ workspace_id: ws.id, channel_id: channel.id, conversation_id: conv.id, direction: "in", author: "customer", type: "text", text: `m${i}`, platform_timestamp: new Date(at(d).getTime() + i), created_at: at(d) })))
      .execute();

    const run = await cli("archive", "run");
    expect(run.stderr).toBe("");
    expect(run.stdout).toMatch(/Archived 3 row\(s\) in 1 object\(s\)/);
    expect(run.code).toBe(0);
    expect(await db.db.selectFrom("messages").select("text").where("workspace_id", "=", ws.id).execute()).toEqual([{ text: "m3" }]);

    const day = old.toISOString().slice(0, 10);
    const restore = await cli("archive", "restore", "--workspace", "archive-cli", "--from", day, "--to", day);
    expect(restore.stdout).toContain("Restored 3 row(s) of 3 archived in 1 object(s)");
    expect((await cli("archive", "restore", "--workspace", "archive-cli", "--from", day, "--to", day)).stdout).toContain("Restored 0 row(s) of 3");
    expect(await db.db.selectFrom("messages").select("id").where("workspace_id", "=", ws.id).execute()).toHaveLength(4);

    const bad = await cli("archive", "restore", "--workspace", "archive-cli", "--from", "yesterday", "--to", day);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("archive restore needs --from and --to");
  });

  // Date's lenient parser read 2026-02-30 as 2 March (archive run archived two more days than asked) and handed
  // archive restore's days to PostgreSQL, whose refusal ("date/time field value out of range") was the answer.
  it.each([
    [["archive", "restore", "--workspace", "archive-cli", "--from", "2026-02-30", "--to", "2026-03-01"], "archive restore needs --from and --to"],
    [["archive", "run", "--before", "2026-02-30"], "--before takes an ISO date"],
    [["kpi", "backfill", "--from", "2026-02-30", "--to", "2026-03-05"], "kpi backfill needs --from and --to"],
    [["kpi", "backfill", "--from", "1", "--to", "2"], "kpi backfill needs --from and --to"],
  ])("refuses an impossible date: %j", async (args, message) => {
    const bad = await cli(...args);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain(message);
    expect(bad.stderr).not.toMatch(/out of range|Archived|KPI windows/);
  });

  it("registers archive.run and its nightly cron in the worker", () => {
    expect(jobsById.has("archive.run")).toBe(true);
    expect(cronItems.find((c) => c.task === "archive.run")?.match).toBe("17 1 * * *");
  });
});
