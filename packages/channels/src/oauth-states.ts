import { type Database, type ScopedDb } from "@sillage/db";
import { hashToken } from "@sillage/crypto";
import { randomBytes } from "node:crypto";

export const OAUTH_STATE_TTL_MS = 10 * 60_000;

/** A single-use OAuth `state` bound to this person and workspace, valid 10 minutes (only its hash is stored). */
export async function createOAuthState(db: Database | ScopedDb, input: { workspaceId: string; userId: string; platform: "instagram"; now: Date }): Promise<string> {
  const state = randomBytes(24).toString("base64url");
  await db
    .insertInto("oauth_states")
    .values({
      state_hash: hashToken(state),
      workspace_id: input.workspaceId,
      user_id: input.userId,
      platform: input.platform,
      expires_at: new Date(input.now.getTime() + OAUTH_STATE_TTL_MS),
    })
    .execute();
  return state;
}

/** Uses up a `state` started by this person and still valid: the workspace it was started for, or undefined. */
export async function consumeOAuthState(db: Database, input: { state: string; userId: string; now: Date }) {
  const row = await db
    .updateTable("oauth_states")
    .set({ used_at: input.now })
    .where("state_hash", "=", hashToken(input.state))
    .where("user_id", "=", input.userId)
    .where("used_at", "is", null)
    .where("expires_at", ">", input.now)
    .returning(["workspace_id", "user_id"])
    .executeTakeFirst();
  return row ? { workspaceId: row.workspace_id, userId: row.user_id } : undefined;
}
