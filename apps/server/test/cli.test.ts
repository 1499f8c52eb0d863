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

describe("pnpm cli billing set-plan / credits grant", () => {
  it("changes a workspace's plan and tops up its credits once per key", async () => {
    const ws = await db.db.insertInto("workspaces").values({ name: "Cli shop", slug: "cli-shop" }).returning("id").executeTakeFirstOrThrow();
    const set = await cli("billing", "set-plan", "--workspace", "cli-shop", "--plan", "free");
    expect(set.code).toBe(0);
    expect(set.stdout).toContain("now on the free plan");
    expect((await db.db.selectFrom("workspace_plans").select("plan").where("workspace_id", "=", ws.id).executeTakeFirstOrThrow()).plan).toBe("free");
    expect((await cli("billing", "set-plan", "--workspace", "cli-shop", "--plan", "gold")).code).toBe(1);
    const grant = await cli("credits", "grant", "--workspace", "cli-shop", "--amount", "25", "--reason", "goodwill", "--key", "t-1");
    expect(grant.code).toBe(0);
    expect(grant.stdout).toContain("25 credit(s) added; balance 25");
    expect((await cli("credits", "grant", "--workspace", "cli-shop", "--amount", "25", "--reason", "goodwill", "--key", "t-1")).stdout).toContain("nothing added; balance 25");
    expect((await cli("credits", "grant", "--workspace", "cli-shop", "--amount", "-3", "--reason", "x")).code).toBe(1);
  }, 60_000);
});
