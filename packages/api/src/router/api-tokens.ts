import { createApiToken, listApiTokens, revokeApiToken } from "@sillage/accounts";
import { oneLineNameSchema } from "@sillage/validators";
import { z } from "zod";
import { accountsErrorToApi } from "../accounts-errors";
import { createTRPCRouter, requireRole, workspaceProcedure } from "../trpc";

export const apiTokensRouter = createTRPCRouter({
  /** The token is returned once; only its SHA-256 is stored. */
  create: workspaceProcedure
    .input(z.object({ name: oneLineNameSchema({ max: 80 }), role: z.enum(["admin", "agent"]).default("admin") }))
    .mutation(async ({ ctx, input }) => {
      requireRole(ctx.workspace, "admin");
      return createApiToken(ctx.db, { workspaceId: ctx.workspace.id, ...input, createdBy: ctx.auth.kind === "session" ? ctx.auth.userId : null });
    }),

  list: workspaceProcedure.query(({ ctx }) => listApiTokens(ctx.db)),

  revoke: workspaceProcedure.input(z.object({ id: z.uuid() })).mutation(async ({ ctx, input }) => {
    requireRole(ctx.workspace, "admin");
    await revokeApiToken(ctx.db, input.id, ctx.clock.now()).catch(accountsErrorToApi);
    return { ok: true };
  }),
});
