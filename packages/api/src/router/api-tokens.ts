import { hashToken, newSecretToken } from "@sillage/domain";
import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { createTRPCRouter, requireRole, workspaceProcedure } from "../trpc";

export const apiTokensRouter = createTRPCRouter({
  /** The token is returned once; only its SHA-256 is stored. */
  create: workspaceProcedure
    .input(z.object({ name: z.string().trim().min(1).max(80), role: z.enum(["admin", "agent"]).default("admin") }))
    .mutation(async ({ ctx, input }) => {
      requireRole(ctx.workspace, "admin");
      const token = newSecretToken("sil");
      const row = await ctx.db
        .insertInto("api_tokens")
        .values({
          workspace_id: ctx.workspace.id,
          name: input.name,
          role: input.role,
          token_hash: hashToken(token),
          prefix: token.slice(0, 10),
          created_by: ctx.auth.kind === "session" ? ctx.auth.userId : null,
        })
        .returning(["id", "name", "prefix", "role", "created_at as createdAt"])
        .executeTakeFirstOrThrow();
      return { ...row, token };
    }),

  list: workspaceProcedure.query(async ({ ctx }) => {
    return ctx.db
      .selectFrom("api_tokens")
      .select(["id", "name", "prefix", "role", "created_at as createdAt", "last_used_at as lastUsedAt", "revoked_at as revokedAt"])
      .orderBy("created_at", "desc")
      .execute();
  }),

  revoke: workspaceProcedure.input(z.object({ id: z.uuid() })).mutation(async ({ ctx, input }) => {
    requireRole(ctx.workspace, "admin");
    const res = await ctx.db
      .updateTable("api_tokens")
      .set({ revoked_at: ctx.clock.now() })
      .where("id", "=", input.id)
      .where("revoked_at", "is", null)
      .executeTakeFirst();
    if (!res.numUpdatedRows) throw new TRPCError({ code: "NOT_FOUND", message: "Token not found" });
    return { ok: true };
  }),
});
