import type { Database } from "@sillage/db";
import type { Locale } from "./schemas";
import { DUMMY_PASSWORD_HASH, hashPassword, verifyPassword } from "@sillage/crypto";
import { AccountsError } from "./errors";
import { acceptInvitation } from "./invitations";
import { markLoginSucceeded, recordSignIn, reserveLoginAttempt, type LoginLimit } from "./login-throttle";
import { createSession } from "./sessions";
import { createWorkspace } from "./workspaces";

export interface SignUp {
  email: string;
  password: string;
  name: string;
  workspaceName?: string;
  locale?: Locale;
  /** The new workspace's IANA zone (Europe/Paris when absent). */
  timeZone?: string;
  /** Joins the invited workspace instead of creating one. */
  invitationToken?: string;
}

export interface ClientMeta {
  ip: string;
  userAgent: string | null;
  now: Date;
}

/**
 * Creates the account and its first workspace (or joins the invited one) in one transaction, then signs the person
 * in: the address becomes known to the account and a session starts.
 */
export async function signUp(db: Database, input: SignUp, meta: ClientMeta) {
  const passwordHash = await hashPassword(input.password);
  const locale = input.locale ?? "fr";
  const userId = await db.transaction().execute(async (trx) => {
    // ON CONFLICT, not a lookup first: two sign-ups with one address at once both pass a lookup, and the second
    // insert then failed on users_email_key (an error 500) instead of "already exists".
    const user = await trx
      .insertInto("users")
      .values({ email: input.email, name: input.name, password_hash: passwordHash, locale })
      .onConflict((oc) => oc.column("email").doNothing())
      .returning("id")
      .executeTakeFirst();
    if (!user) throw new AccountsError("email_taken", "An account already exists for this email");
    if (input.invitationToken) await acceptInvitation(trx, input.invitationToken, user.id, meta.now);
    else await createWorkspace(trx, { name: input.workspaceName ?? input.name, ownerId: user.id, locale, timeZone: input.timeZone });
    return user.id;
  });
  await recordSignIn(db, input.email, meta.ip, meta.now);
  const session = await createSession(db, userId, meta);
  return { userId, session };
}

export type SignInResult =
  | { ok: true; userId: string; session: { token: string; expiresAt: Date } }
  | { ok: false; reason: "throttled"; limit: LoginLimit; retryAfterMs: number }
  | { ok: false; reason: "bad_credentials" };

/** Checks a password under the login throttle (the attempt is reserved first) and starts a session. */
export async function signIn(db: Database, input: { email: string; password: string }, meta: ClientMeta): Promise<SignInResult> {
  const attempt = await reserveLoginAttempt(db, input.email, meta.ip, meta.now);
  if (!attempt.ok) return { ok: false, reason: "throttled", limit: attempt.limit, retryAfterMs: attempt.retryAfterMs };
  const user = await db.selectFrom("users").select(["id", "password_hash"]).where("email", "=", input.email).executeTakeFirst();
  // Verify against a dummy hash when there is no account, so timing does not reveal which emails exist.
  const ok = await verifyPassword(input.password, user?.password_hash ?? DUMMY_PASSWORD_HASH);
  if (!ok || !user) return { ok: false, reason: "bad_credentials" };
  await markLoginSucceeded(db, attempt.attemptId);
  return { ok: true, userId: user.id, session: await createSession(db, user.id, meta) };
}

export async function getUser(db: Database, userId: string) {
  return db.selectFrom("users").select(["id", "email", "name", "locale"]).where("id", "=", userId).executeTakeFirstOrThrow();
}

/** The demo person (idempotent): created with this password when missing. */
export async function ensureUser(db: Database, user: { email: string; name: string; password: string }): Promise<{ id: string }> {
  const found = await db.selectFrom("users").select("id").where("email", "=", user.email).executeTakeFirst();
  if (found) return found;
  return db
    .insertInto("users")
    .values({ email: user.email, name: user.name, password_hash: await hashPassword(user.password) })
    .returning("id")
    .executeTakeFirstOrThrow();
}

/** The id of the person with this email, or null (the demo's "explore" button signs in as the demo person). */
export async function userIdByEmail(db: Database, email: string): Promise<string | null> {
  const found = await db.selectFrom("users").select("id").where("email", "=", email.toLowerCase()).executeTakeFirst();
  return found?.id ?? null;
}
