import type { Database } from "@sillage/db";
import type { Role } from "./roles";
import { AccountsError } from "./errors";

/** Members of the workspace `db` is scoped to, oldest first. */
export async function listMembers(db: Database) {
  return db
    .selectFrom("memberships")
    .innerJoin("users", "users.id", "memberships.user_id")
    .select(["users.id as userId", "users.email", "users.name", "memberships.role", "memberships.created_at as joinedAt"])
    .orderBy("memberships.created_at")
    .execute();
}

/** Whether the person belongs to the workspace `db` is scoped to. */
export async function isMember(db: Database, userId: string): Promise<boolean> {
  return Boolean(await db.selectFrom("memberships").select("user_id").where("user_id", "=", userId).executeTakeFirst());
}

/**
 * Removes a member of the workspace `db` is scoped to (in the caller's transaction). Only an owner removes an
 * owner, and the last owner stays. What the person made to act for this workspace leaves with them: their API
 * tokens and open invitation links.
 */
export async function removeMember(db: Database, input: { userId: string; byRole: Role; now: Date }): Promise<void> {
  // The workspace's memberships locked: two owners removing each other cannot both pass the last-owner check.
  const members = await db.selectFrom("memberships").select(["user_id", "role"]).forUpdate().execute();
  const target = members.find((m) => m.user_id === input.userId);
  if (!target) throw new AccountsError("member_not_found", "Member not found");
  if (target.role === "owner") {
    if (input.byRole !== "owner") throw new AccountsError("owner_only", "Only an owner can remove an owner");
    if (members.filter((m) => m.role === "owner").length <= 1) throw new AccountsError("last_owner", "A workspace keeps at least one owner");
  }
  await db.deleteFrom("memberships").where("user_id", "=", input.userId).execute();
  await db.updateTable("api_tokens").set({ revoked_at: input.now }).where("created_by", "=", input.userId).where("revoked_at", "is", null).execute();
  await db
    .updateTable("invitations")
    .set({ revoked_at: input.now })
    .where("created_by", "=", input.userId)
    .where("accepted_at", "is", null)
    .where("revoked_at", "is", null)
    .execute();
}

/**
 * Changes a member's role in the workspace `db` is scoped to (in the caller's transaction). Admins move people
 * between agent and admin; only an owner touches the owner role (promotes to it, or demotes an owner), and the last
 * owner cannot be demoted: a workspace keeps at least one owner.
 */
export async function changeMemberRole(db: Database, input: { userId: string; role: Role; byRole: Role }): Promise<{ role: Role }> {
  // Locked as in removeMember: two owners demoting each other cannot both pass the last-owner check.
  const members = await db.selectFrom("memberships").select(["user_id", "role"]).forUpdate().execute();
  const target = members.find((m) => m.user_id === input.userId);
  if (!target) throw new AccountsError("member_not_found", "Member not found");
  const from = target.role as Role;
  if (from === input.role) return { role: from };
  if ((from === "owner" || input.role === "owner") && input.byRole !== "owner") {
    throw new AccountsError("owner_role_only", "Only an owner can give or take the owner role");
  }
  if (from === "owner" && members.filter((m) => m.role === "owner").length <= 1) {
    throw new AccountsError("last_owner_demoted", "The last owner cannot be demoted: promote another member to owner first");
  }
  await db.updateTable("memberships").set({ role: input.role }).where("user_id", "=", input.userId).execute();
  return { role: input.role };
}
