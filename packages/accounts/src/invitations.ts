import type { Database } from "@sillage/db";
import { hashToken, newSecretToken } from "@sillage/crypto";
import { AccountsError } from "./errors";

export const INVITATION_TTL_MS = 7 * 86_400_000;

/** An invitation is a link with a single-use token, returned once (only its SHA-256 is stored; no email is sent). */
export async function createInvitation(
  db: Database,
  input: { workspaceId: string; role: "admin" | "agent"; email?: string; createdBy: string | null; now: Date },
) {
  const token = newSecretToken("inv");
  const expiresAt = new Date(input.now.getTime() + INVITATION_TTL_MS);
  const inv = await db
    .insertInto("invitations")
    .values({
      workspace_id: input.workspaceId,
      token_hash: hashToken(token),
      role: input.role,
      email: input.email?.toLowerCase() ?? null,
      created_by: input.createdBy,
      expires_at: expiresAt,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return { id: inv.id, token, expiresAt };
}

/** Invitations of the workspace `db` is scoped to that can still be accepted, newest first. */
export async function listOpenInvitations(db: Database, now: Date) {
  return db
    .selectFrom("invitations")
    .select(["id", "role", "email", "created_at as createdAt", "expires_at as expiresAt"])
    .where("accepted_at", "is", null)
    .where("revoked_at", "is", null)
    .where("expires_at", ">", now)
    .orderBy("created_at", "desc")
    .execute();
}

export async function revokeInvitation(db: Database, id: string, now: Date): Promise<void> {
  const res = await db.updateTable("invitations").set({ revoked_at: now }).where("id", "=", id).where("accepted_at", "is", null).executeTakeFirst();
  if (!res.numUpdatedRows) throw new AccountsError("invitation_not_found", "Invitation not found");
}

/** An invitation can still be accepted: neither revoked, nor accepted, nor expired. */
function stillOpen(inv: { expires_at: Date; accepted_at: Date | null; revoked_at: Date | null }, now: Date): boolean {
  return !inv.revoked_at && !inv.accepted_at && inv.expires_at >= now;
}

/**
 * Whether an invitation link can still be accepted, read as its page opens (spends nothing): a dead link says so
 * before the person fills in a sign-up form. Only the token's holder asks, and the answer names no workspace.
 */
export async function invitationLinkState(db: Database, token: string, now: Date): Promise<"valid" | "invalid"> {
  const inv = await db.selectFrom("invitations").select(["expires_at", "accepted_at", "revoked_at"]).where("token_hash", "=", hashToken(token)).executeTakeFirst();
  return inv && stillOpen(inv, now) ? "valid" : "invalid";
}

/** Joins the invited workspace (in the caller's transaction); used by sign-up with a token and by a signed-in person. */
export async function acceptInvitation(db: Database, token: string, userId: string, now: Date): Promise<{ workspaceId: string }> {
  const inv = await db
    .selectFrom("invitations")
    .select(["id", "workspace_id", "role", "email", "expires_at", "accepted_at", "revoked_at"])
    .where("token_hash", "=", hashToken(token))
    .forUpdate()
    .executeTakeFirst();
  if (!inv || !stillOpen(inv, now)) throw new AccountsError("invitation_invalid", "This invitation link is invalid or has expired");
  // An invitation addressed to someone is theirs only: the link alone is not enough.
  if (inv.email) {
    const user = await db.selectFrom("users").select("email").where("id", "=", userId).executeTakeFirstOrThrow();
    if (user.email.toLowerCase() !== inv.email.toLowerCase()) {
      throw new AccountsError("invitation_for_someone_else", `This invitation is for ${inv.email}: sign in with that address to accept it`, { email: inv.email });
    }
  }
  await db
    .insertInto("memberships")
    .values({ workspace_id: inv.workspace_id, user_id: userId, role: inv.role })
    .onConflict((oc) => oc.columns(["workspace_id", "user_id"]).doNothing())
    .execute();
  await db.updateTable("invitations").set({ accepted_at: now, accepted_by: userId }).where("id", "=", inv.id).execute();
  return { workspaceId: inv.workspace_id };
}
