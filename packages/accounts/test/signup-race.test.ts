// Two sign-ups with one address at once: the second must be "already exists", not the unique index's error (a 500).
import { sql } from "@sillage/db";
import { createTestDatabase, type TestDatabase } from "@sillage/db/testing";
import { afterAll, beforeAll, expect, it } from "vitest";
import { AccountsError, signUp } from "../src";

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db.drop());

it("a sign-up racing another with the same address gets email_taken once the first commits", async () => {
  const email = "race@example.com";
  let commitFirst!: () => void;
  const firstMayCommit = new Promise<void>((r) => (commitFirst = r));
  // The first sign-up has inserted its user and not committed yet: the second's lookup cannot see it.
  const first = db.db.transaction().execute(async (trx) => {
    await trx.insertInto("users").values({ email, name: "First", password_hash: "x" }).execute();
    await firstMayCommit;
  });
  const second = signUp(db.db, { email, name: "Second", password: "a long password 123" }, { ip: "203.0.113.9", userAgent: null, now: new Date() }).then(
    () => "signed up",
    (err: unknown) => err,
  );
  // Until the second waits on the first's row (its insert blocked on the unique index), then the first commits.
  for (let i = 0; i < 200; i++) {
    const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`.execute(db.db);
    if (rows[0]!.n > 0) break;
    await new Promise((r) => setTimeout(r, 25));
  }
  commitFirst();
  await first;
  const outcome = await second;
  expect(outcome).toBeInstanceOf(AccountsError);
  expect((outcome as AccountsError).code).toBe("email_taken");
  expect(await db.db.selectFrom("users").select("name").where("email", "=", email).execute()).toEqual([{ name: "First" }]);
});
