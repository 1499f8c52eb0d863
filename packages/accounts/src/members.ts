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
