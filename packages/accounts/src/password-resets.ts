import { sql, type Database } from "@sillage/db";
import { hashPassword, hashToken, newSecretToken } from "@sillage/crypto";
import { enqueue } from "@sillage/queue";
import { AccountsError } from "./errors";
import { passwordResetEmailJob } from "./jobs/declarations";

/**
 * Forgotten passwords (OWASP Forgot Password Cheat Sheet): the same answer whether an account has the address or
 * not, and the same work too (the request only records itself and queues the e-mail job, which looks the account
 * up); a single-use link valid an hour, whose token only the e-mail carries (its SHA-256 is stored) — or, without
 * SMTP, the terminal of an operator who ran `pnpm cli password reset-link`.
 */
export const PASSWORD_RESET_POLICY = {
  ttlMs: 60 * 60_000,
  /** E-mails queued for one address per hour; more requests get the same answer and no e-mail. */
  perEmail: 3,
  emailWindowMs: 60 * 60_000,
  /** Requests from one client address per 15 minutes, then TOO_MANY_REQUESTS. */
  perAddress: 10,
  addressWindowMs: 15 * 60_000,
  /** Requests are kept a day for the record (`auth.cleanup`). */
  keepRequestsMs: 86_400_000,
} as const;

export type PasswordResetRequest = { ok: true } | { ok: false; retryAfterMs: number };

// Advisory-lock namespaces beside the login throttle's (7301, 7302).
const LOCK_EMAIL = 7303;
const LOCK_IP = 7304;

/** Records the request and queues the e-mail, under the throttle per client address and per e-mail address. */
export async function requestPasswordReset(db: Database, email: string, meta: { ip: string; now: Date }): Promise<PasswordResetRequest> {
  const { ip, now } = meta;
  return db.transaction().execute(async (trx) => {
    // The address first, then the client, as the login throttle does: no two requests wait on each other in a cycle.
    await sql`select pg_advisory_xact_lock(${LOCK_EMAIL}, hashtext(${email}))`.execute(trx);
    await sql`select pg_advisory_xact_lock(${LOCK_IP}, hashtext(${ip}))`.execute(trx);
    const byAddress = await nthRecent(trx, "ip", ip, PASSWORD_RESET_POLICY.perAddress, new Date(now.getTime() - PASSWORD_RESET_POLICY.addressWindowMs), false);
    if (byAddress) return { ok: false, retryAfterMs: byAddress.getTime() + PASSWORD_RESET_POLICY.addressWindowMs - now.getTime() };
    const byEmail = await nthRecent(trx, "email", email, PASSWORD_RESET_POLICY.perEmail, new Date(now.getTime() - PASSWORD_RESET_POLICY.emailWindowMs), true);
    const request = await trx.insertInto("password_reset_requests").values({ email, ip, queued: !byEmail, created_at: now }).returning("id").executeTakeFirstOrThrow();
    // The job carries the request's id, not the address (job payloads and keys reach the worker's debug logs); one
    // pending e-mail per address: a second click before the worker ran sends one link, not two.
    if (!byEmail) await enqueue(trx, passwordResetEmailJob, { requestId: Number(request.id) }, { jobKey: `password-reset:${hashToken(email).toString("hex").slice(0, 32)}` });
    return { ok: true };
  });
}

/** The `n`-th most recent request since `since` (only queued ones when `queuedOnly`), or null: under the limit. */
async function nthRecent(trx: Database, column: "email" | "ip", value: string, n: number, since: Date, queuedOnly: boolean): Promise<Date | null> {
  let q = trx.selectFrom("password_reset_requests").select("created_at").where(column, "=", value).where("created_at", ">", since);
  if (queuedOnly) q = q.where("queued", "=", true);
  const row = await q.orderBy("created_at", "desc").offset(n - 1).limit(1).executeTakeFirst();
  return row?.created_at ?? null;
}

/** A new reset link's token for this person (in the caller's transaction): every earlier open link is superseded. */
export async function issuePasswordReset(db: Database, userId: string, now: Date): Promise<{ token: string; expiresAt: Date }> {
  const user = await db.selectFrom("users").select("password_hash").where("id", "=", userId).executeTakeFirstOrThrow();
  await db
    .updateTable("password_resets")
    .set({ superseded_at: now })
    .where("user_id", "=", userId)
    .where("used_at", "is", null)
    .where("superseded_at", "is", null)
    .execute();
  const token = newSecretToken("pwr");
  const expiresAt = new Date(now.getTime() + PASSWORD_RESET_POLICY.ttlMs);
  await db
    .insertInto("password_resets")
    .values({ user_id: userId, token_hash: hashToken(token), password_digest: hashToken(user.password_hash), created_at: now, expires_at: expiresAt })
    .execute();
  return { token, expiresAt };
}

/** The page a reset token opens, on `APP_URL`: the e-mail's link and the operator's are the same. */
export function passwordResetLink(appUrl: string, token: string): string {
  return `${appUrl.replace(/\/+$/, "")}/reset-password?token=${encodeURIComponent(token)}`;
}

/**
 * A reset link an operator hands to a locked-out person when the server sends no e-mail (no SMTP): issued like the
 * e-mail's (`issuePasswordReset`: single use, valid an hour, every older open link superseded), returned to the caller
 * only — the operator's terminal, never a log. Undefined when no account has the address.
 */
export async function issueOperatorPasswordReset(
  db: Database,
  input: { email: string; appUrl: string; now: Date },
): Promise<{ link: string; expiresAt: Date; name: string; email: string } | undefined> {
  const user = await db.selectFrom("users").select(["id", "email", "name"]).where("email", "=", input.email).executeTakeFirst();
  if (!user) return undefined;
  return db.transaction().execute(async (trx) => {
    const { token, expiresAt } = await issuePasswordReset(trx, user.id, input.now);
    return { link: passwordResetLink(input.appUrl, token), expiresAt, name: user.name, email: user.email };
  });
}

/**
 * Sets the new password with a reset link's token: the link is spent, every session of the person is revoked and the
 * login throttle's failures for the address are forgotten. A link already used, expired, superseded by a newer one
 * or issued before the password changed another way is refused with its own code.
 */
export async function resetPassword(db: Database, input: { token: string; password: string }, now: Date): Promise<{ userId: string; email: string }> {
  const passwordHash = await hashPassword(input.password);
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom("password_resets as r")
      .innerJoin("users as u", "u.id", "r.user_id")
      .select(["r.id", "r.user_id", "r.password_digest", "r.expires_at", "r.used_at", "r.superseded_at", "u.email", "u.password_hash"])
      .where("r.token_hash", "=", hashToken(input.token))
      .forUpdate()
      .executeTakeFirst();
    assertUsableLink(row, now);
    await trx.updateTable("users").set({ password_hash: passwordHash }).where("id", "=", row.user_id).execute();
    await trx.updateTable("password_resets").set({ used_at: now }).where("id", "=", row.id).execute();
    await trx
      .updateTable("password_resets")
      .set({ superseded_at: now })
      .where("user_id", "=", row.user_id)
      .where("used_at", "is", null)
      .where("superseded_at", "is", null)
      .execute();
    // Whoever held a session (perhaps the reason for the reset) is signed out everywhere.
    await trx.updateTable("sessions").set({ revoked_at: now }).where("user_id", "=", row.user_id).where("revoked_at", "is", null).execute();
    await trx.deleteFrom("auth_attempts").where("email", "=", row.email).where("succeeded", "=", false).execute();
    return { userId: row.user_id, email: row.email };
  });
}

export type PasswordResetLinkState = "valid" | "invalid" | "used" | "expired";

interface LinkRow {
  password_digest: Buffer;
  expires_at: Date;
  used_at: Date | null;
  superseded_at: Date | null;
  password_hash: string;
}

const LINK_REFUSALS = {
  invalid: "This password reset link is invalid: a newer one was sent or the password changed",
  used: "This password reset link was already used",
  expired: "This password reset link has expired",
} as const;

/** One order of checks for the page that opens a link and the reset itself: used, then superseded, then expired. */
function linkState(row: LinkRow | undefined, now: Date): PasswordResetLinkState {
  if (!row) return "invalid";
  if (row.used_at) return "used";
  if (row.superseded_at || !row.password_digest.equals(hashToken(row.password_hash))) return "invalid";
  if (row.expires_at <= now) return "expired";
  return "valid";
}

/** Refuses a link that is not `valid` with its own code; past it, the row is known to exist (no second check). */
function assertUsableLink<R extends LinkRow>(row: R | undefined, now: Date): asserts row is R {
  const state = linkState(row, now);
  if (state !== "valid") throw new AccountsError(`reset_link_${state}`, LINK_REFUSALS[state]);
}

/**
 * What a reset link is worth now, read without spending it: the page says at once that a link is used or expired,
 * before the person types a new password twice. The token is 256 random bits, so this answers no guess.
 */
export async function passwordResetLinkState(db: Database, token: string, now: Date): Promise<PasswordResetLinkState> {
  const row = await db
    .selectFrom("password_resets as r")
    .innerJoin("users as u", "u.id", "r.user_id")
    .select(["r.password_digest", "r.expires_at", "r.used_at", "r.superseded_at", "u.password_hash"])
    .where("r.token_hash", "=", hashToken(token))
    .executeTakeFirst();
  return linkState(row, now);
}

/** Requests past the throttle's windows (the hourly auth.cleanup job); links a day past their expiry. */
export async function prunePasswordResets(db: Database, now: Date): Promise<number> {
  const requests = await db
    .deleteFrom("password_reset_requests")
    .where("created_at", "<", new Date(now.getTime() - PASSWORD_RESET_POLICY.keepRequestsMs))
    .executeTakeFirst();
  const links = await db.deleteFrom("password_resets").where("expires_at", "<", new Date(now.getTime() - 86_400_000)).executeTakeFirst();
  return Number(requests.numDeletedRows) + Number(links.numDeletedRows);
}
