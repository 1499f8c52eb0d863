import type { Database } from "@sillage/db";

const WINDOW_MS = 15 * 60_000;
const MAX_FAILURES_PER_EMAIL = 5;
const MAX_FAILURES_PER_IP = 30;

/** Login throttling shared by every web process: failures per account and per address over 15 minutes. */
export async function loginAllowed(db: Database, email: string, ip: string, now: Date): Promise<boolean> {
  const since = new Date(now.getTime() - WINDOW_MS);
  const row = await db
    .selectFrom("auth_attempts")
    .select((eb) => [
      eb.fn.countAll<number>().filterWhere("email", "=", email).as("byEmail"),
      eb.fn.countAll<number>().filterWhere("ip", "=", ip).as("byIp"),
    ])
    .where("created_at", ">", since)
    .where("succeeded", "=", false)
    .where((eb) => eb.or([eb("email", "=", email), eb("ip", "=", ip)]))
    .executeTakeFirstOrThrow();
  return Number(row.byEmail) < MAX_FAILURES_PER_EMAIL && Number(row.byIp) < MAX_FAILURES_PER_IP;
}

export async function recordLoginAttempt(db: Database, email: string, ip: string, succeeded: boolean) {
  await db.insertInto("auth_attempts").values({ email, ip, succeeded }).execute();
}
