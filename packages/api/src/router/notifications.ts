import { getPreferences, listNotifications, markRead, notificationKindSchema, setPreferences, type MemberRole } from "@sillage/notifications";
import { apiError } from "../error-codes";
import { z } from "zod";
import { createTRPCRouter, workspaceProcedure } from "../trpc";

/** Notifications are a person's: an API token has no bell. */
function personOf(auth: { kind: string; userId?: string }): string {
  if (auth.kind !== "session" || !auth.userId) throw apiError("FORBIDDEN", "person_only");
  return auth.userId;
}

/** The signed-in member's notification centre and choices (list, read marks, preferences per kind and medium). */
export const notificationsRouter = createTRPCRouter({
  /** Newest first: open notifications and those resolved in the last 7 days, with the unread count of open ones. */
  list: workspaceProcedure
    .input(z.object({ limit: z.number().int().min(1).max(100).default(30), unreadOnly: z.boolean().default(false) }).default({ limit: 30, unreadOnly: false }))
    .query(({ ctx, input }) => listNotifications(ctx.db, personOf(ctx.auth), ctx.workspace.role as MemberRole, { ...input, now: ctx.clock.now() })),

  /** Marks some notifications read (ids of another workspace match nothing), or all of them. */
  markRead: workspaceProcedure
    .input(z.union([z.object({ ids: z.array(z.uuid()).min(1).max(100) }), z.object({ all: z.literal(true) })]))
    .mutation(async ({ ctx, input }) => ({ marked: await markRead(ctx.db, ctx.workspace.id, personOf(ctx.auth), input, ctx.clock.now()) })),

  preferences: createTRPCRouter({
    /** Every kind with its in-app and e-mail switches; `isDefault` when the role's default applies. */
    get: workspaceProcedure.query(({ ctx }) => getPreferences(ctx.db, personOf(ctx.auth), ctx.workspace.role as MemberRole)),

    /** Sets some kinds' switches (the others keep theirs); returns every preference. */
    set: workspaceProcedure
      .input(z.object({ preferences: z.array(z.object({ kind: notificationKindSchema, inApp: z.boolean(), email: z.boolean() })).min(1).max(20) }))
      .mutation(({ ctx, input }) => setPreferences(ctx.db, ctx.workspace.id, personOf(ctx.auth), ctx.workspace.role as MemberRole, input.preferences)),
  }),
});
