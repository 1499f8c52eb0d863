import {
  acceptInvitation,
  changeMemberRole,
  createInvitation,
  createWorkspace,
  getWorkspace,
  listMembers,
  listOpenInvitations,
  removeMember,
  revokeInvitation,
  updateWorkspace,
} from "@sillage/accounts";
import { raiseWorkspaceEvent } from "@sillage/db";
import { emailSchema, workspaceNameSchema, workspaceUpdateSchema } from "@sillage/accounts";
import { tokenSchema } from "@sillage/validators";
import { tracked } from "@trpc/server";
import { z } from "zod";
import { accountsErrorToApi } from "../accounts-errors";
import { apiError } from "../error-codes";
import { gate } from "../billing-gate";
import { createTRPCRouter, requireRole, userProcedure, workspaceProcedure, workspaceSubscription } from "../trpc";
import { webhooksRouter } from "./webhooks";

export const workspaceRouter = createTRPCRouter({
  webhooks: webhooksRouter,
  get: workspaceProcedure.query(async ({ ctx }) => ({ ...(await getWorkspace(ctx.db, ctx.workspace.id)), role: ctx.workspace.role })),

  update: workspaceProcedure.input(workspaceUpdateSchema).mutation(async ({ ctx, input }) => {
    requireRole(ctx.workspace, "admin");
    const updated = await updateWorkspace(ctx.db, ctx.workspace.id, input);
    await raiseWorkspaceEvent(ctx.db, ctx.workspace.id, "workspace.updated", { fields: Object.keys(input) });
    return updated;
  }),

  members: workspaceProcedure.query(async ({ ctx }) => ({ members: await listMembers(ctx.db), invitations: await listOpenInvitations(ctx.db, ctx.clock.now()) })),

  /** An invitation is a link with a single-use token, shown once to the inviter (no email is sent). */
  invite: workspaceProcedure
    .input(z.object({ role: z.enum(["admin", "agent"]).default("agent"), email: emailSchema.optional() }))
    .mutation(async ({ ctx, input }) => {
      requireRole(ctx.workspace, "admin");
      // A pending invitation counts as a member: accepting it must not pass the plan's limit.
      await gate(ctx, "members", 1);
      const inv = await createInvitation(ctx.db, {
        workspaceId: ctx.workspace.id,
        role: input.role,
        email: input.email,
        createdBy: ctx.auth.kind === "session" ? ctx.auth.userId : null,
        now: ctx.clock.now(),
      });
      return { id: inv.id, token: inv.token, url: `${ctx.appUrl}/invite/${inv.token}`, expiresAt: inv.expiresAt };
    }),

  revokeInvitation: workspaceProcedure.input(z.object({ id: z.uuid() })).mutation(async ({ ctx, input }) => {
    requireRole(ctx.workspace, "admin");
    await revokeInvitation(ctx.db, input.id, ctx.clock.now()).catch(accountsErrorToApi);
    return { ok: true };
  }),

  removeMember: workspaceProcedure.input(z.object({ userId: z.uuid() })).mutation(async ({ ctx, input }) => {
    requireRole(ctx.workspace, "admin");
    await removeMember(ctx.db, { userId: input.userId, byRole: ctx.workspace.role, now: ctx.clock.now() }).catch(accountsErrorToApi);
    return { ok: true };
  }),

  /** Gives a member another role; the owner role is given and taken only by an owner, and the last owner stays. */
  changeRole: workspaceProcedure.input(z.object({ userId: z.uuid(), role: z.enum(["owner", "admin", "agent"]) })).mutation(async ({ ctx, input }) => {
    requireRole(ctx.workspace, "admin");
    const changed = await changeMemberRole(ctx.db, { userId: input.userId, role: input.role, byRole: ctx.workspace.role }).catch(accountsErrorToApi);
    await raiseWorkspaceEvent(ctx.db, ctx.workspace.id, "member.role_changed", { userId: input.userId, role: changed.role });
    return changed;
  }),

  /** The signed-in person leaves this workspace (the last owner cannot: promote someone first). */
  leave: workspaceProcedure.mutation(async ({ ctx }) => {
    if (ctx.auth.kind !== "session") throw apiError("FORBIDDEN", "person_only");
    await removeMember(ctx.db, { userId: ctx.auth.userId, byRole: ctx.workspace.role, now: ctx.clock.now() }).catch(accountsErrorToApi);
    return { ok: true };
  }),

  /** Another workspace for the signed-in person, who becomes its owner. */
  create: userProcedure
    .input(z.object({ name: workspaceNameSchema }))
    .mutation(({ ctx, input }) => ctx.db.transaction().execute((trx) => createWorkspace(trx, { name: input.name, ownerId: ctx.auth.userId }))),

  /** Joins a workspace with an invitation link's token (token-gated, so not scoped to a current workspace). */
  acceptInvitation: userProcedure.input(z.object({ token: tokenSchema({ min: 10, max: 200 }) })).mutation(async ({ ctx, input }) => {
    return ctx.db
      .transaction()
      .execute((trx) => acceptInvitation(trx, input.token, ctx.auth.userId, ctx.clock.now()))
      .catch(accountsErrorToApi);
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
