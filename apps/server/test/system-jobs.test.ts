import { createTestDatabase, type TestDatabase } from "@sillage/db/testing";
import { createLogger } from "@sillage/observability";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { enqueue, startWorker } from "@sillage/queue";
import { authCleanupJob } from "@sillage/accounts";

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db.drop());

const now = new Date("2026-11-27T04:00:00Z");
const daysAgo = (d: number) => new Date(now.getTime() - d * 86_400_000);

describe("auth.cleanup", () => {
  it("drops failed logins after a day but keeps successful ones for 30 days (the addresses an account signs in from)", async () => {
    const row = (ip: string, succeeded: boolean, at: Date) => ({ email: "kept@example.com", ip, succeeded, created_at: at });
    await db.db
      .insertInto("auth_attempts")
      .values([
        row("failed-recent", false, new Date(now.getTime() - 3_600_000)),
        row("failed-old", false, daysAgo(2)),
        row("success-recent", true, daysAgo(20)),
        row("success-old", true, daysAgo(31)),
      ])
      .execute();
    await enqueue(db.db, authCleanupJob, {});
    const runner = await startWorker({ pool: db.pool, definitions: [authCleanupJob], services: { db: db.db, clock: { now: () => now } }, logger: createLogger({ level: "silent" }), concurrency: 1, pollInterval: 100 });
    try {
      await expect.poll(async () => (await db.db.selectFrom("auth_attempts").select("ip").execute()).length, { timeout: 10_000 }).toBe(2);
    } finally {
      await runner.stop();
    }
    const left = await db.db.selectFrom("auth_attempts").select("ip").orderBy("ip").execute();
    expect(left.map((r) => r.ip)).toEqual(["failed-recent", "success-recent"]);
  });
});
