import type { Database } from "@sillage/db";
import { hashToken, newSecretToken } from "@sillage/crypto";
import { AccountsError } from "./errors";

/** A workspace's token for tools: returned once; only its SHA-256 and a short prefix are stored. */
export async function createApiToken(db: Database, input: { workspaceId: string; name: string; role: "admin" | "agent"; createdBy: string | null }) {
  const token = newSecretToken("sil");
  const row = await db
    .insertInto("api_tokens")
    .values({
      workspace_id: input.workspaceId,
      name: input.name,
      role: input.role,
      token_hash: hashToken(token),
      prefix: token.slice(0, 10),
      created_by: input.createdBy,
    })
    .returning(["id", "name", "prefix", "role", "created_at as createdAt"])
    .executeTakeFirstOrThrow();
  return { ...row, token };
}

/** Tokens of the workspace `db` is scoped to, newest first (never the secret). */
export async function listApiTokens(db: Database) {
  return db
    .selectFrom("api_tokens")
    .select(["id", "name", "prefix", "role", "created_at as createdAt", "last_used_at as lastUsedAt", "revoked_at as revokedAt"])
    .orderBy("created_at", "desc")
    .execute();
}

export async function revokeApiToken(db: Database, id: string, now: Date): Promise<void> {
  const res = await db.updateTable("api_tokens").set({ revoked_at: now }).where("id", "=", id).where("revoked_at", "is", null).executeTakeFirst();
  if (!res.numUpdatedRows) throw new AccountsError("token_not_found", "Token not found");
}
