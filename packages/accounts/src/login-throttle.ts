import { sql, type Database } from "@sillage/db";

/**
 * Login throttling, shared by every web process through `auth_attempts` (OWASP Authentication Cheat Sheet: slow
 * guessing down without letting anyone lock the owner out). Three limits, each answered with the time to wait:
 * - one account from one address: 5 failures free, then each attempt waits 1 s, 2 s, 4 s … (at most 15 min) after
 *   the previous failure; failures count over the last hour and a success starts the count again;
 * - one address across accounts: 30 failures in 15 minutes (one address trying many accounts);
 * - one account across addresses: 100 failures in an hour (a guess spread over many addresses, far above what a
 *   person types). Past it, only addresses the account signed in from during the last 30 days may still try.
 * A correct password from an address that has not been failing therefore goes through, unless the account is under
 * such a distributed attack and the address is new to it.
 */
export const LOGIN_POLICY = {
  freeFailures: 5,
  firstDelayMs: 1_000,
  maxDelayMs: 15 * 60_000,
  pairWindowMs: 60 * 60_000,
  addressCeiling: 30,
  addressWindowMs: 15 * 60_000,
  accountCeiling: 100,
  accountWindowMs: 60 * 60_000,
  /** How long a successful sign-in makes an address known to its account (`pruneAuthAttempts` keeps successes as long). */
  knownAddressMs: 30 * 86_400_000,
  /** Failures only count within an hour; kept a day for the record. */
  keepFailuresMs: 86_400_000,
} as const;

export type LoginLimit = "account_address" | "address" | "account";
export type LoginReservation = { ok: true; attemptId: number } | { ok: false; limit: LoginLimit; retryAfterMs: number };

// Advisory-lock namespaces (the two-key form keeps accounts and addresses apart).
const LOCK_EMAIL = 7301;
const LOCK_IP = 7302;

/** The wait imposed after `failures` consecutive failures of one account from one address. */
export function loginDelayMs(failures: number): number {
  if (failures < LOGIN_POLICY.freeFailures) return 0;
  return Math.min(LOGIN_POLICY.firstDelayMs * 2 ** (failures - LOGIN_POLICY.freeFailures), LOGIN_POLICY.maxDelayMs);
}

/**
 * An attempt is recorded as a failure BEFORE the password is checked and turned into a success only once it is
 * proved right; reserving is serialized per account and address, so parallel guesses (one batched request carrying
 * forty logins) cannot all pass the checks. Returns the attempt's id, or which limit refused it and for how long.
 */
export async function reserveLoginAttempt(db: Database, email: string, ip: string, now: Date): Promise<LoginReservation> {
  return db.transaction().execute(async (trx) => {
    // Always the account first, then the address: no two reservations can wait on each other in a cycle.
    await sql`select pg_advisory_xact_lock(${LOCK_EMAIL}, hashtext(${email}))`.execute(trx);
    await sql`select pg_advisory_xact_lock(${LOCK_IP}, hashtext(${ip}))`.execute(trx);
    const waits = [await pairWait(trx, email, ip, now), await addressWait(trx, ip, now), await accountWait(trx, email, ip, now)];
    const refused = waits.filter((w) => w.retryAfterMs > 0).sort((a, b) => b.retryAfterMs - a.retryAfterMs)[0];
    if (refused) return { ok: false, ...refused };
    const attempt = await trx.insertInto("auth_attempts").values({ email, ip, succeeded: false, created_at: now }).returning("id").executeTakeFirstOrThrow();
    return { ok: true, attemptId: Number(attempt.id) };
  });
}

export async function markLoginSucceeded(db: Database, attemptId: number): Promise<void> {
  await db.updateTable("auth_attempts").set({ succeeded: true }).where("id", "=", attemptId).execute();
}

/** A sign-up is a successful sign-in: the address it came from becomes known to the account. */
export async function recordSignIn(db: Database, email: string, ip: string, now: Date): Promise<void> {
  await db.insertInto("auth_attempts").values({ email, ip, succeeded: true, created_at: now }).execute();
}

type Wait = { limit: LoginLimit; retryAfterMs: number };

async function pairWait(trx: Database, email: string, ip: string, now: Date): Promise<Wait> {
  const since = new Date(now.getTime() - LOGIN_POLICY.pairWindowMs);
  // Failures since the pair's last success: ids follow the order attempts were reserved in.
  const { rows } = await sql<{ failures: string; last: Date | null }>`
    select count(*) as failures, max(created_at) as last
    from auth_attempts
    where email = ${email} and ip = ${ip} and not succeeded and created_at > ${since}
      and id > coalesce((select max(id) from auth_attempts where email = ${email} and ip = ${ip} and succeeded), 0)`.execute(trx);
  const { failures, last } = rows[0]!;
  const delay = loginDelayMs(Number(failures));
  return { limit: "account_address", retryAfterMs: last && delay ? last.getTime() + delay - now.getTime() : 0 };
}

/** Over a ceiling when its ceiling-th most recent failure is still inside the window: the wait is until it leaves. */
async function ceilingWait(trx: Database, column: "email" | "ip", value: string, ceiling: number, windowMs: number, now: Date): Promise<number> {
  const since = new Date(now.getTime() - windowMs);
  const row = await trx
    .selectFrom("auth_attempts")
    .select("created_at")
    .where(column, "=", value)
    .where("succeeded", "=", false)
    .where("created_at", ">", since)
    .orderBy("created_at", "desc")
    .offset(ceiling - 1)
    .limit(1)
    .executeTakeFirst();
  return row ? row.created_at.getTime() + windowMs - now.getTime() : 0;
}

async function addressWait(trx: Database, ip: string, now: Date): Promise<Wait> {
  return { limit: "address", retryAfterMs: await ceilingWait(trx, "ip", ip, LOGIN_POLICY.addressCeiling, LOGIN_POLICY.addressWindowMs, now) };
}

async function accountWait(trx: Database, email: string, ip: string, now: Date): Promise<Wait> {
  const wait = await ceilingWait(trx, "email", email, LOGIN_POLICY.accountCeiling, LOGIN_POLICY.accountWindowMs, now);
  if (wait <= 0) return { limit: "account", retryAfterMs: 0 };
  const known = await trx
    .selectFrom("auth_attempts")
    .select("id")
    .where("email", "=", email)
    .where("ip", "=", ip)
    .where("succeeded", "=", true)
    .where("created_at", ">", new Date(now.getTime() - LOGIN_POLICY.knownAddressMs))
    .limit(1)
    .executeTakeFirst();
  return { limit: "account", retryAfterMs: known ? 0 : wait };
}

/**
 * Failures matter for an hour (throttling); successes for 30 days, as the addresses an account signs in from,
 * which may still sign in while the account is under a distributed attack (the hourly auth.cleanup job).
 */
export async function pruneAuthAttempts(db: Database, now: Date): Promise<number> {
  const res = await db
    .deleteFrom("auth_attempts")
    .where((eb) =>
      eb.or([
        eb.and([eb("succeeded", "=", false), eb("created_at", "<", new Date(now.getTime() - LOGIN_POLICY.keepFailuresMs))]),
        eb("created_at", "<", new Date(now.getTime() - LOGIN_POLICY.knownAddressMs)),
      ]),
    )
    .executeTakeFirst();
  return Number(res.numDeletedRows);
}
