import type { Database } from "@sillage/db";
import type { Role } from "./roles";
import { hashToken, newSecretToken } from "@sillage/crypto";

/** Who a request acts as: a signed-in person (session cookie) or a workspace's API token (Bearer). */
export type Auth =
  | { kind: "session"; userId: string; sessionId: string; email: string; name: string }
  | { kind: "token"; tokenId: string; workspaceId: string; role: Exclude<Role, "owner"> };

const SESSION_TTL_MS = 30 * 86_400_000;
// Sliding expiry: refreshed at most this often, so reads do not write on every request.
const TOUCH_EVERY_MS = 10 * 60_000;

export async function createSession(db: Database, userId: string, meta: { ip: string; userAgent: string | null; now: Date }) {
  const token = newSecretToken("ses");
  const expiresAt = new Date(meta.now.getTime() + SESSION_TTL_MS);
  await db
    .insertInto("sessions")
    .values({ token_hash: hashToken(token), user_id: userId, ip: meta.ip, user_agent: meta.userAgent?.slice(0, 300) ?? null, expires_at: expiresAt })
    .execute();
  return { token, expiresAt };
}

export async function revokeSession(db: Database, sessionId: string, now: Date) {
  await db.updateTable("sessions").set({ revoked_at: now }).where("id", "=", sessionId).execute();
}

/** Resolves a request's credentials: a session cookie (a person) or a Bearer API token (a tool). */
export async function resolveAuth(
  db: Database,
  creds: { sessionToken?: string | null; bearerToken?: string | null },
  now: Date,
): Promise<Auth | null> {
  if (creds.bearerToken) {
    const row = await db
      .selectFrom("api_tokens")
      .select(["id", "workspace_id", "role", "last_used_at"])
      .where("token_hash", "=", hashToken(creds.bearerToken))
      .where("revoked_at", "is", null)
      .executeTakeFirst();
    if (!row) return null;
    if (!row.last_used_at || now.getTime() - row.last_used_at.getTime() > TOUCH_EVERY_MS) {
      await db.updateTable("api_tokens").set({ last_used_at: now }).where("id", "=", row.id).execute();
    }
    return { kind: "token", tokenId: row.id, workspaceId: row.workspace_id, role: row.role as "admin" | "agent" };
  }
  if (creds.sessionToken) {
    const row = await db
      .selectFrom("sessions")
      .innerJoin("users", "users.id", "sessions.user_id")
      .select(["sessions.id", "sessions.user_id", "sessions.last_seen_at", "users.email", "users.name"])
      .where("sessions.token_hash", "=", hashToken(creds.sessionToken))
      .where("sessions.revoked_at", "is", null)
      .where("sessions.expires_at", ">", now)
      .executeTakeFirst();
    if (!row) return null;
    if (now.getTime() - row.last_seen_at.getTime() > TOUCH_EVERY_MS) {
      await db
        .updateTable("sessions")
        .set({ last_seen_at: now, expires_at: new Date(now.getTime() + SESSION_TTL_MS) })
        .where("id", "=", row.id)
        .execute();
    }
    return { kind: "session", sessionId: row.id, userId: row.user_id, email: row.email, name: row.name };
  }
  return null;
}

/** Whether credentials resolved earlier still hold (not revoked, not expired): long-lived streams ask again. */
export async function authStillValid(db: Database, auth: Auth, now: Date): Promise<boolean> {
  if (auth.kind === "token") {
    const row = await db.selectFrom("api_tokens").select("id").where("id", "=", auth.tokenId).where("revoked_at", "is", null).executeTakeFirst();
    return Boolean(row);
  }
  const row = await db
    .selectFrom("sessions")
    .select("id")
    .where("id", "=", auth.sessionId)
    .where("revoked_at", "is", null)
    .where("expires_at", ">", now)
    .executeTakeFirst();
  return Boolean(row);
}

/** Drops expired sessions, and revoked ones a day after their revocation (the hourly auth.cleanup job). */
export async function pruneSessions(db: Database, now: Date): Promise<number> {
  const res = await db
    .deleteFrom("sessions")
    .where((eb) => eb.or([eb("expires_at", "<", now), eb("revoked_at", "<", new Date(now.getTime() - 86_400_000))]))
    .executeTakeFirst();
  return Number(res.numDeletedRows);
}
