import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { fileURLToPath } from "node:url";
import { ensureUser, issuePasswordReset, PASSWORD_RESET_POLICY, resetPassword, userIdByEmail } from "@sillage/accounts";
import { hashToken } from "@sillage/crypto";
import { createTestDatabase, type TestDatabase } from "@sillage/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../../..", import.meta.url));
let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db.drop());

/** `pnpm cli …` as an operator runs it, against the test database. */
function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return cliWith({}, ...args);
}

async function cliWith(extraEnv: Record<string, string>, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const env = { ...process.env, DATABASE_URL: db.url, LOG_LEVEL: "warn", SILLAGE_DATA_DIR: path.join(root, ".data/test-cli"), ...extraEnv };
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, ["--import", "tsx", path.join(root, "apps/server/src/cli.ts"), ...args], { cwd: root, env });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

// CLI processes (tsx) on a shared 2-core box: their start-up alone can pass the default 30 s.
describe("pnpm cli unknown-events", { timeout: 120_000 }, () => {
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

describe("pnpm cli jobs (the operators' monitor)", { timeout: 120_000 }, () => {
  it("shows the queue by task and a failed job with its last error, then retries and removes failed jobs", async () => {
    const { rows } = await db.pool.query<{ id: string }>(
      `select id::text from graphile_worker.add_job('workspace.ping', '{}'::json, max_attempts := 1)
       union all select id::text from graphile_worker.add_job('events.prune', '{}'::json, max_attempts := 1)`,
    );
    const [first, second] = rows.map((r) => r.id);
    // As graphile-worker leaves a job whose last attempt threw.
    await db.pool.query("update graphile_worker._private_jobs set attempts = 1, last_error = 'Error: graph unreachable' where id = any($1::bigint[])", [[first, second]]);

    const overview = await cli("jobs");
    expect(overview.code).toBe(0);
    expect(overview.stdout).toMatch(/workspace\.ping\s+0\s+0\s+0\s+1/);
    expect(overview.stdout).toContain("worker heartbeat: none");
    expect(overview.stdout).toContain(`#${first}  workspace.ping  failed for good  attempt 1/1`);
    expect(overview.stdout).toContain("Error: graph unreachable");

    const retried = await cli("jobs", "retry", first!);
    expect(retried.code).toBe(0);
    const after = await db.pool.query("select attempts, run_at <= now() as due from graphile_worker._private_jobs where id = $1", [first]);
    expect(after.rows[0]).toEqual({ attempts: 0, due: true });

    expect((await cli("jobs", "remove", second!)).code).toBe(0);
    expect((await db.pool.query("select 1 from graphile_worker._private_jobs where id = $1", [second])).rowCount).toBe(0);
    const gone = await cli("jobs", "remove", second!);
    expect(gone.code).toBe(1);
    expect(gone.stderr).toContain("not in the queue");
    expect((await cli("jobs", "retry", "abc")).code).toBe(1);

    const failed = await cli("jobs", "failed", "--limit", "5");
    expect(failed.stdout).toContain("failed jobs (0 shown");
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

describe("pnpm cli password reset-link (a locked-out member, no SMTP)", { timeout: 120_000 }, () => {
  it("prints a single-use link to the terminal only, issued as the e-mail's: an hour, older links void", async () => {
    await ensureUser(db.db, { email: "lea@example.com", name: "Léa Martin", password: "the old password" });
    const userId = (await userIdByEmail(db.db, "lea@example.com"))!;
    // A link e-mailed earlier (never received: the address bounces) is superseded by the operator's.
    const { token: emailed } = await issuePasswordReset(db.db, userId, new Date());
    const before = Date.now();
    // Debug logs on: the link must still reach no log line.
    const run = await cliWith({ APP_URL: "https://sillage.example.org", LOG_LEVEL: "debug" }, "password", "reset-link", "--email", " Lea@Example.com ");
    expect(run.code).toBe(0);
    const link = new URL(/https:\/\/sillage\.example\.org\/reset-password\?token=\S+/.exec(run.stdout)![0]);
    const token = link.searchParams.get("token")!;
    expect(run.stdout).toContain("Léa Martin <lea@example.com>");
    const logLines = `${run.stdout}\n${run.stderr}`.split("\n").filter((l) => l.trimStart().startsWith("{"));
    for (const line of logLines) expect(line).not.toContain(token);
    expect(run.stderr).not.toContain(token);
    // Stored as the e-mail's are: the token's SHA-256 only, an hour.
    const rows = await db.db.selectFrom("password_resets").select(["token_hash", "expires_at", "superseded_at"]).where("user_id", "=", userId).orderBy("created_at").execute();
    expect(rows).toHaveLength(2);
    expect(rows[1]!.token_hash.equals(hashToken(token))).toBe(true);
    expect(rows[1]!.expires_at.getTime() - before).toBeGreaterThanOrEqual(PASSWORD_RESET_POLICY.ttlMs - 1_000);
    expect(rows[1]!.expires_at.getTime() - Date.now()).toBeLessThanOrEqual(PASSWORD_RESET_POLICY.ttlMs);
    expect(rows[0]!.superseded_at).not.toBeNull();

    await expect(resetPassword(db.db, { token: emailed, password: "a brand new password" }, new Date())).rejects.toMatchObject({ code: "reset_link_invalid" });
    expect(await resetPassword(db.db, { token, password: "a brand new password" }, new Date())).toEqual({ userId, email: "lea@example.com" });
    await expect(resetPassword(db.db, { token, password: "yet another password" }, new Date())).rejects.toMatchObject({ code: "reset_link_used" });
  });

  it("says so when no account has the address, and asks for one when none is given", async () => {
    const none = await cli("password", "reset-link", "--email", "nobody@example.com");
    expect(none.code).toBe(1);
    expect(none.stderr).toContain("No account signs in with nobody@example.com");
    expect(none.stdout).not.toContain("reset-password");
    const missing = await cli("password", "reset-link");
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("--email");
  });
});

describe("pnpm cli given bad arguments (branch probes3)", () => {
  it("--help and -h print the usage and succeed", async () => {
    for (const flag of ["--help", "-h"]) {
      const { code, stdout } = await cli(flag);
      expect(code, flag).toBe(0);
      expect(stdout).toContain("usage: pnpm cli");
    }
  });

  it("a --payload that is not JSON, or does not fit the task, is named in one readable message", async () => {
    const bad = await cli("jobs", "run", "posts.publish", "--payload", "{oops");
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("--payload is not JSON");
    const wrong = await cli("jobs", "run", "inbox.process_delivery", "--payload", '{"deliveryId":"x"}');
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain("--payload does not fit inbox.process_delivery");
    expect(wrong.stderr).toContain("deliveryId");
    expect(wrong.stderr).not.toMatch(/^\s*\[|"code": "invalid_type"|\n\s+at /m);
  });

  it("an account id of thousands of characters is shown clipped", async () => {
    await db.db.insertInto("unknown_events").values({ platform: "instagram", kind: "unknown", reason: "forged", account_id: "9".repeat(5000), field: null, raw: "{}" }).execute();
    const { stdout } = await cli("unknown-events", "--limit", "1");
    expect(stdout).toContain("(5000 characters)");
    expect(stdout.split("\n").every((line) => line.length < 400)).toBe(true);
  });
});
