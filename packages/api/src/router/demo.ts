import { createSession, userIdByEmail } from "@sillage/accounts";
import { latestActiveChannel } from "@sillage/channels";
import { customerMessageOrigin } from "@sillage/inbox";
import { multiLineTextSchema, oneLineNameSchema } from "@sillage/validators";
import { z } from "zod";
import type { TRPCError } from "@trpc/server";
import { apiError } from "../error-codes";
import { createTRPCRouter, publicProcedure, workspaceProcedure } from "../trpc";

/** Outside demo mode the demo's procedures answer as if they did not exist. */
export function demoOff(): TRPCError {
  return apiError("NOT_FOUND", "demo_off");
}

/**
 * Demo mode only (SILLAGE_DEMO=1): plays a customer through the built-in fake Graph API, so the real webhook →
 * inbox path runs live (signed POST, store-first, jobs, live events). Elsewhere it does not exist (NOT_FOUND).
 */
export const demoRouter = createTRPCRouter({
  /** Whether this server runs in demo mode (the SPA shows the simulator only then). */
  status: workspaceProcedure.query(({ ctx }) => ({ enabled: Boolean(ctx.demo) })),

  /** Whether this server runs in demo mode, before signing in (the login page offers "Explore the demo" then). */
  available: publicProcedure.query(({ ctx }) => ({ enabled: Boolean(ctx.demo) })),

  /**
   * "Explore the demo": a session for the demo person, no password typed (its workspace holds only sandbox data).
   * Exists only in demo mode: anywhere else it is NOT_FOUND, so no real server can be entered this way.
   */
  login: publicProcedure.mutation(async ({ ctx }) => {
    if (!ctx.demo) throw demoOff();
    const userId = await userIdByEmail(ctx.db, ctx.demo.loginEmail);
    if (!userId) throw apiError("NOT_FOUND", "demo_not_seeded");
    const session = await createSession(ctx.db, userId, { ip: ctx.ip, userAgent: ctx.userAgent, now: ctx.clock.now() });
    ctx.cookies.set(session.token, session.expiresAt);
    ctx.logger.info({ userId }, "demo explored");
    return { userId };
  }),

  simulate: workspaceProcedure
    .input(
      z.object({
        kind: z.enum(["whatsapp_message", "instagram_message", "instagram_comment"]),
        text: multiLineTextSchema({ max: 1000, min: 1, trim: true }),
        customerName: oneLineNameSchema({ max: 80 }).optional(),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      if (!ctx.demo) throw demoOff();
      const platform = input.kind === "whatsapp_message" ? "whatsapp" : "instagram";
      const channel = await latestActiveChannel(ctx.db, platform);
      if (!channel) throw apiError("PRECONDITION_FAILED", "demo_connect_first", { platform });
      return ctx.demo.simulate({ kind: input.kind, accountId: channel.external_id, text: input.text, customerName: input.customerName });
    }),

  /**
   * The customer edits or unsends a message they sent (one of this workspace's): the fake sends Meta's webhook for it
   * (Instagram `message_edit` / `is_deleted`, WhatsApp `edit` / `revoke`), which comes back through the signed path.
   */
  simulateMessageChange: workspaceProcedure
    .input(
      z.discriminatedUnion("kind", [
        z.object({ kind: z.literal("edit"), messageId: z.uuid(), text: multiLineTextSchema({ max: 1000, min: 1, trim: true }) }),
        z.object({ kind: z.literal("unsend"), messageId: z.uuid() }),
      ]),
    )
    .mutation(async ({ ctx, input }) => {
      if (!ctx.demo) throw demoOff();
      const message = await customerMessageOrigin(ctx.db, ctx.workspace.id, input.messageId);
      if (!message) throw apiError("NOT_FOUND", "message_not_found");
      // Customers edit what they wrote; a photo or a voice note has no text to change.
      if (input.kind === "edit" && message.type !== "text") throw apiError("PRECONDITION_FAILED", "demo_edit_text_only");
      const change = input.kind === "edit" ? { kind: "edit" as const, text: input.text } : { kind: "unsend" as const };
      await ctx.demo.changeMessage({ change, platform: message.platform, accountId: message.accountId, customerId: message.customerId, platformMessageId: message.platformMessageId });
      return { messageId: input.messageId };
    }),
});
