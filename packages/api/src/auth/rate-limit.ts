import type { Database } from "@sillage/db";
import { sql } from "kysely";

const WINDOW_MS = 15 * 60_000;
const MAX_FAILURES_PER_EMAIL = 5;
const MAX_FAILURES_PER_IP = 30;
// Advisory-lock namespaces (the two-key form keeps accounts and addresses apart).
const LOCK_EMAIL = 7301;
const LOCK_IP = 7302;

/**
 * Login throttling shared by every web process: failures per account and per address over 15 minutes.
 * An attempt is recorded as a failure BEFORE the password is checked and turned into a success only once it is
 * proved right; reserving is serialized per account and address, so parallel guesses (one batched request carrying
 * forty logins) cannot all pass the check. Returns the attempt's id, or null when over the limit.
 */
export async function reserveLoginAttempt(db: Database, email: string, ip: string, now: Date): Promise<number | null> {
  const since = new Date(now.getTime() - WINDOW_MS);
  return db.transaction().execute(async (trx) => {
    // Always the account first, then the address: no two reservations can wait on each other in a cycle.
    await sql`select pg_advisory_xact_lock(${LOCK_EMAIL}, hashtext(${email}))`.execute(trx);
    await sql`select pg_advisory_xact_lock(${LOCK_IP}, hashtext(${ip}))`.execute(trx);
    const row = await trx
      .selectFrom("auth_attempts")
      .select((eb) => [
        eb.fn.countAll<number>().filterWhere("email", "=", email).as("byEmail"),
        eb.fn.countAll<number>().filterWhere("ip", "=", ip).as("byIp"),
      ])
      .where("created_at", ">", since)
      .where("succeeded", "=", false)
      .where((eb) => eb.or([eb("email", "=", email), eb("ip", "=", ip)]))
      .executeTakeFirstOrThrow();
    if (Number(row.byEmail) >= MAX_FAILURES_PER_EMAIL || Number(row.byIp) >= MAX_FAILURES_PER_IP) return null;
    const attempt = await trx.insertInto("auth_attempts").values({ email, ip, succeeded: false, created_at: now }).returning("id").executeTakeFirstOrThrow();
    return Number(attempt.id);
  });
}

export async function markLoginSucceeded(db: Database, attemptId: number): Promise<void> {
  await db.updateTable("auth_attempts").set({ succeeded: true }).where("id", "=", attemptId).execute();
}
