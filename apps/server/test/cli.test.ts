import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { fileURLToPath } from "node:url";
import { createTestDatabase, type TestDatabase } from "@sillage/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../../..", import.meta.url));
let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db.drop());

/** `pnpm cli …` as an operator runs it, against the test database. */
async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const env = { ...process.env, DATABASE_URL: db.url, LOG_LEVEL: "warn", SILLAGE_DATA_DIR: path.join(root, ".data/test-cli") };
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, ["--import", "tsx", path.join(root, "apps/server/src/cli.ts"), ...args], { cwd: root, env });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe("pnpm cli unknown-events", () => {
  it("prints each event's reason, account and field", async () => {
    await db.db
      .insertInto("unknown_events")
      .values([
        { platform: "whatsapp", kind: "unknown", reason: "No channel for phone number id 1234567890", account_id: "1234567890", field: "messages", raw: JSON.stringify({ field: "messages" }) },
        { platform: "instagram", kind: "unknown", reason: "Unsupported field: story_insights", account_id: "17841400000000000", field: "story_insights", raw: JSON.stringify({ field: "story_insights" }) },
        { platform: "whatsapp", kind: "unknown", reason: null, account_id: null, field: null, raw: JSON.stringify({}) },
      ])
      .execute();
    const { code, stdout } = await cli("unknown-events", "--limit", "10");
    expect(code).toBe(0);
    expect(stdout).toContain("reason: No channel for phone number id 1234567890");
    expect(stdout).toContain("reason: Unsupported field: story_insights");
    expect(stdout).toContain("account 17841400000000000  field story_insights");
    expect(stdout).toContain("reason: (none recorded)");
    expect(stdout).toContain("3 unknown event(s) shown");
  });

  it("refuses a limit that is not a whole number", async () => {
    const { code, stderr } = await cli("unknown-events", "--limit", "lots");
    expect(code).toBe(1);
    expect(stderr).toContain("--limit takes a whole number");
  });
});
