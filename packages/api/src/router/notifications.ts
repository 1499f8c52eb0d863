import {
  EMAIL_MODES,
  getEmailSettings,
  getEscalationThresholds,
  getPreferences,
  listNotifications,
  markRead,
  notificationKindSchema,
  setEmailSettings,
  setEscalationThresholds,
  setPreferences,
  type MemberRole,
} from "@sillage/notifications";
import { timeZoneSchema } from "@sillage/time";
import { z } from "zod";
import { apiError } from "../error-codes";
import { createTRPCRouter, requireRole, workspaceProcedure } from "../trpc";

/** Notifications are a person's: an API token has no bell. */
function personOf(auth: { kind: string; userId?: string }): string {
  if (auth.kind !== "session" || !auth.userId) throw apiError("FORBIDDEN", "person_only");
  return auth.userId;
}

const localHour = z.number().int().min(0).max(23);
/** From a minute to a day, like `notification_settings.escalation_minutes`. */
const escalationMinutes = z.number().int().min(1).max(1440);

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

  /** The member's e-mail settings in this workspace: their zone (null: the workspace's), quiet hours, immediate or digest. */
  emailSettings: createTRPCRouter({
    get: workspaceProcedure.query(({ ctx }) => getEmailSettings(ctx.db, ctx.workspace.id, personOf(ctx.auth))),

    /**
     * Replaces them. Quiet hours are local whole hours, `quietFrom` included, `quietTo` excluded (equal: none);
     * `hourly` digests go out at each local hour, `daily` ones at `digestHour`.
     */
    set: workspaceProcedure
      .input(
        z.object({
          timeZone: timeZoneSchema.nullable(),
          quietFrom: localHour,
          quietTo: localHour,
          emailMode: z.enum(EMAIL_MODES),
          digestHour: localHour,
        }),
      )
      .mutation(({ ctx, input }) => setEmailSettings(ctx.db, ctx.workspace.id, personOf(ctx.auth), input)),
  }),

  /** Minutes an escalated conversation or comment waits unanswered before it notifies: the workspace's, and per channel. */
  thresholds: createTRPCRouter({
    get: workspaceProcedure.query(({ ctx }) => getEscalationThresholds(ctx.db)),

    /** Admins: the default and/or some channels' own (`minutes: null`: back to the default); returns every threshold. */
    set: workspaceProcedure
      .input(
        z.object({
          defaultMinutes: escalationMinutes.optional(),
          channels: z.array(z.object({ channelId: z.uuid(), minutes: escalationMinutes.nullable() })).max(500).optional(),
        }),
      )
      .mutation(async ({ ctx, input }) => {
        requireRole(ctx.workspace, "admin");
        const result = await setEscalationThresholds(ctx.db, ctx.workspace.id, input);
        if ("unknownChannel" in result) throw apiError("NOT_FOUND", "channel_not_found");
        return result;
      }),
  }),
});
