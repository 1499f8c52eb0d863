import { emailSchema, hashToken, newSecretToken, slugify, tokenSchema, workspaceNameSchema, workspaceUpdateSchema } from "@sillage/domain";
import { raiseWorkspaceEvent } from "@sillage/db";
import { tracked, TRPCError } from "@trpc/server";
import { z } from "zod";
import { createTRPCRouter, requireRole, userProcedure, workspaceProcedure, workspaceSubscription } from "../trpc";
import { acceptInvitation } from "./auth";
import { uniqueSlug } from "../workspaces";

const INVITATION_TTL_MS = 7 * 86_400_000;

export const workspaceRouter = createTRPCRouter({
  get: workspaceProcedure.query(async ({ ctx }) => {
    const ws = await ctx.db
      .selectFrom("workspaces")
      .select([
        "id",
        "slug",
        "name",
        "time_zone as timeZone",
        "locale",
        "plan",
        "burst_window_seconds as burstWindowSeconds",
        "human_takeover_hours as humanTakeoverHours",
        "created_at as createdAt",
      ])
      .executeTakeFirstOrThrow();
    return { ...ws, role: ctx.workspace.role };
  }),

  update: workspaceProcedure.input(workspaceUpdateSchema).mutation(async ({ ctx, input }) => {
    requireRole(ctx.workspace, "admin");
    const updated = await ctx.db
      .updateTable("workspaces")
      .set({
        name: input.name,
        time_zone: input.timeZone,
        locale: input.locale,
        burst_window_seconds: input.burstWindowSeconds,
        human_takeover_hours: input.humanTakeoverHours,
      })
      .where("id", "=", ctx.workspace.id)
      .returning(["id", "name", "time_zone as timeZone", "locale"])
      .executeTakeFirstOrThrow();
    await raiseWorkspaceEvent(ctx.db, ctx.workspace.id, "workspace.updated", { fields: Object.keys(input) });
    return updated;
  }),

  members: workspaceProcedure.query(async ({ ctx }) => {
    const members = await ctx.db
      .selectFrom("memberships")
      .innerJoin("users", "users.id", "memberships.user_id")
      .select(["users.id as userId", "users.email", "users.name", "memberships.role", "memberships.created_at as joinedAt"])
      .orderBy("memberships.created_at")
      .execute();
    const invitations = await ctx.db
      .selectFrom("invitations")
      .select(["id", "role", "email", "created_at as createdAt", "expires_at as expiresAt"])
      .where("accepted_at", "is", null)
      .where("revoked_at", "is", null)
      .where("expires_at", ">", ctx.clock.now())
      .orderBy("created_at", "desc")
      .execute();
    return { members, invitations };
  }),

  /** An invitation is a link with a single-use token, shown once to the inviter (no email is sent). */
  invite: workspaceProcedure
    .input(z.object({ role: z.enum(["admin", "agent"]).default("agent"), email: emailSchema.optional() }))
    .mutation(async ({ ctx, input }) => {
      requireRole(ctx.workspace, "admin");
      const token = newSecretToken("inv");
      const expiresAt = new Date(ctx.clock.now().getTime() + INVITATION_TTL_MS);
      const inv = await ctx.db
        .insertInto("invitations")
        .values({
          workspace_id: ctx.workspace.id,
          token_hash: hashToken(token),
          role: input.role,
          email: input.email?.toLowerCase() ?? null,
          created_by: ctx.auth.kind === "session" ? ctx.auth.userId : null,
          expires_at: expiresAt,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      return { id: inv.id, token, url: `${ctx.appUrl}/invite/${token}`, expiresAt };
    }),

  revokeInvitation: workspaceProcedure.input(z.object({ id: z.uuid() })).mutation(async ({ ctx, input }) => {
    requireRole(ctx.workspace, "admin");
    const res = await ctx.db
      .updateTable("invitations")
      .set({ revoked_at: ctx.clock.now() })
      .where("id", "=", input.id)
      .where("accepted_at", "is", null)
      .executeTakeFirst();
    if (!res.numUpdatedRows) throw new TRPCError({ code: "NOT_FOUND", message: "Invitation not found" });
    return { ok: true };
  }),

  removeMember: workspaceProcedure.input(z.object({ userId: z.uuid() })).mutation(async ({ ctx, input }) => {
    requireRole(ctx.workspace, "admin");
    // The workspace's memberships locked: two owners removing each other cannot both pass the last-owner check.
    const members = await ctx.db.selectFrom("memberships").select(["user_id", "role"]).forUpdate().execute();
    const target = members.find((m) => m.user_id === input.userId);
    if (!target) throw new TRPCError({ code: "NOT_FOUND", message: "Member not found" });
    if (target.role === "owner") {
      if (ctx.workspace.role !== "owner") throw new TRPCError({ code: "FORBIDDEN", message: "Only an owner can remove an owner" });
      if (members.filter((m) => m.role === "owner").length <= 1) throw new TRPCError({ code: "BAD_REQUEST", message: "A workspace keeps at least one owner" });
    }
    const now = ctx.clock.now();
    await ctx.db.deleteFrom("memberships").where("user_id", "=", input.userId).execute();
    // What the person made to act for this workspace leaves with them: their API tokens and open invitation links.
    await ctx.db.updateTable("api_tokens").set({ revoked_at: now }).where("created_by", "=", input.userId).where("revoked_at", "is", null).execute();
    await ctx.db
      .updateTable("invitations")
      .set({ revoked_at: now })
      .where("created_by", "=", input.userId)
      .where("accepted_at", "is", null)
      .where("revoked_at", "is", null)
      .execute();
    return { ok: true };
  }),

  /** Another workspace for the signed-in person, who becomes its owner. */
  create: userProcedure.input(z.object({ name: workspaceNameSchema })).mutation(async ({ ctx, input }) => {
    return ctx.db.transaction().execute(async (trx) => {
      const ws = await trx
        .insertInto("workspaces")
        .values({ name: input.name, slug: await uniqueSlug(trx, slugify(input.name)) })
        .returning(["id", "slug", "name"])
        .executeTakeFirstOrThrow();
      await trx.insertInto("memberships").values({ workspace_id: ws.id, user_id: ctx.auth.userId, role: "owner" }).execute();
      return ws;
    });
  }),

  /** Joins a workspace with an invitation link's token (token-gated, so not scoped to a current workspace). */
  acceptInvitation: userProcedure.input(z.object({ token: tokenSchema({ min: 10, max: 200 }) })).mutation(async ({ ctx, input }) => {
    return ctx.db.transaction().execute((trx) => acceptInvitation(trx, input.token, ctx.auth.userId, ctx.clock.now()));
  }),

  /** Live events of the workspace (posts, inbox, settings…), resumable with the last event id. */
  events: workspaceSubscription
    .input(z.object({ lastEventId: z.coerce.number().int().nonnegative().nullish() }).optional())
    .subscription(async function* ({ ctx, input, signal }) {
      for await (const event of ctx.events.stream(ctx.workspace.id, { lastEventId: input?.lastEventId ?? undefined, signal })) {
        yield tracked(String(event.id), { type: event.type, payload: event.payload, createdAt: event.createdAt });
      }
    }),
});
