import { createTestDatabase, type TestDatabase } from "@sillage/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSession, createWorkspace, pruneAuthAttempts, pruneSessions, revokeSession } from "../src";

let db: TestDatabase;
const now = new Date("2026-03-10T12:00:00Z");
const hoursAgo = (h: number) => new Date(now.getTime() - h * 3_600_000);
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db.drop());

describe("pruneAuthAttempts", () => {
  it("drops failed logins after a day but keeps successful ones for 30 days (the addresses an account signs in from)", async () => {
    const row = (ip: string, succeeded: boolean, at: Date) => ({ email: "kept@example.com", ip, succeeded, created_at: at });
    await db.db
      .insertInto("auth_attempts")
      .values([row("failed-recent", false, hoursAgo(1)), row("failed-old", false, hoursAgo(48)), row("success-recent", true, hoursAgo(20 * 24)), row("success-old", true, hoursAgo(31 * 24))])
      .execute();
    expect(await pruneAuthAttempts(db.db, now)).toBe(2);
    const left = await db.db.selectFrom("auth_attempts").select("ip").orderBy("ip").execute();
    expect(left.map((r) => r.ip)).toEqual(["failed-recent", "success-recent"]);
  });
});

describe("pruneSessions", () => {
  it("drops expired sessions and those revoked over a day ago, keeps live ones and fresh revocations", async () => {
    const user = await db.db.insertInto("users").values({ email: "s@example.com", name: "S", password_hash: "x" }).returning("id").executeTakeFirstOrThrow();
    await db.db.transaction().execute((trx) => createWorkspace(trx, { name: "Sessions", ownerId: user.id }));
    const meta = (at: Date) => ({ ip: "192.0.2.1", userAgent: null, now: at });
    // 30-day sessions: one started 31 days ago has expired.
    await createSession(db.db, user.id, meta(hoursAgo(31 * 24)));
    await createSession(db.db, user.id, meta(hoursAgo(1)));
    const revokedLongAgo = await createSession(db.db, user.id, meta(hoursAgo(72)));
    const revokedJustNow = await createSession(db.db, user.id, meta(hoursAgo(2)));
    const ids = await db.db.selectFrom("sessions").select(["id", "created_at"]).orderBy("expires_at").execute();
    expect(ids).toHaveLength(4);
    const byExpiry = async (expiresAt: Date) => (await db.db.selectFrom("sessions").select("id").where("expires_at", "=", expiresAt).executeTakeFirstOrThrow()).id;
    await revokeSession(db.db, await byExpiry(revokedLongAgo.expiresAt), hoursAgo(48));
    await revokeSession(db.db, await byExpiry(revokedJustNow.expiresAt), hoursAgo(1));
    expect(await pruneSessions(db.db, now)).toBe(2);
    const left = await db.db.selectFrom("sessions").select("expires_at").orderBy("expires_at").execute();
    expect(left.map((s) => s.expires_at.getTime())).toEqual([revokedJustNow.expiresAt.getTime(), hoursAgo(1 - 30 * 24).getTime()]);
  });
});
