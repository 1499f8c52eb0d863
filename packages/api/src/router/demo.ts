import { latestActiveChannel } from "@sillage/channels";
import { z } from "zod";
import { apiError } from "../error-codes";
import { createTRPCRouter, workspaceProcedure } from "../trpc";

/**
 * Demo mode only (SILLAGE_DEMO=1): plays a customer through the built-in fake Graph API, so the real webhook →
 * inbox path runs live (signed POST, store-first, jobs, live events). Elsewhere it does not exist (NOT_FOUND).
 */
export const demoRouter = createTRPCRouter({
  /** Whether this server runs in demo mode (the SPA shows the simulator only then). */
  status: workspaceProcedure.query(({ ctx }) => ({ enabled: Boolean(ctx.demo) })),

  simulate: workspaceProcedure
    .input(
      z.object({
        kind: z.enum(["whatsapp_message", "instagram_message", "instagram_comment"]),
        text: z.string().trim().min(1).max(1000),
        customerName: z.string().trim().max(80).optional(),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      if (!ctx.demo) throw apiError("NOT_FOUND", "demo_off");
      const platform = input.kind === "whatsapp_message" ? "whatsapp" : "instagram";
      const channel = await latestActiveChannel(ctx.db, platform);
      if (!channel) throw apiError("PRECONDITION_FAILED", "demo_connect_first", { platform });
      return ctx.demo.simulate({ kind: input.kind, accountId: channel.external_id, text: input.text, customerName: input.customerName });
    }),
});
