import { createWebhook, deleteWebhook, listWebhookDeliveries, listWebhooks } from "@sillage/notifications";
import { apiError } from "../error-codes";
import { z } from "zod";
import { createTRPCRouter, requireRole, workspaceProcedure } from "../trpc";

/** Any http(s) address a receiver listens on (Slack-compatible incoming webhooks, automation tools…). */
const webhookUrl = z.url({ protocol: /^https?$/ }).max(2000);

/** `workspace.webhooks.*`: the workspace's outgoing notification webhooks and their delivery log (admins). */
export const webhooksRouter = createTRPCRouter({
  list: workspaceProcedure.query(async ({ ctx }) => {
    requireRole(ctx.workspace, "admin");
    return listWebhooks(ctx.db);
  }),

  /** Adds a webhook; its signing secret is in the answer, once. */
  create: workspaceProcedure.input(z.object({ url: webhookUrl })).mutation(async ({ ctx, input }) => {
    requireRole(ctx.workspace, "admin");
    return createWebhook(ctx.db, ctx.secretBox, ctx.workspace.id, input.url);
  }),

  delete: workspaceProcedure.input(z.object({ id: z.uuid() })).mutation(async ({ ctx, input }) => {
    requireRole(ctx.workspace, "admin");
    if (!(await deleteWebhook(ctx.db, input.id))) throw apiError("NOT_FOUND", "webhook_not_found");
    return { id: input.id, deleted: true };
  }),

  /** The delivery log, newest first: status, attempts, last HTTP status or error. */
  deliveries: workspaceProcedure
    .input(z.object({ webhookId: z.uuid().optional(), limit: z.number().int().min(1).max(200).default(50) }).default({ limit: 50 }))
    .query(async ({ ctx, input }) => {
      requireRole(ctx.workspace, "admin");
      return listWebhookDeliveries(ctx.db, input);
    }),
});
