import {
  createWebhook,
  deleteWebhook,
  listWebhookDeliveries,
  listWebhooks,
  queueTestDelivery,
  redeliverWebhookDelivery,
  rotateWebhookSecret,
  STRICT_WEBHOOK_URL_POLICY,
  updateWebhookUrl,
  WebhookUrlError,
} from "@sillage/notifications";
import { apiError } from "../error-codes";
import { z } from "zod";
import { createTRPCRouter, requireRole, workspaceProcedure } from "../trpc";

/** Any http(s) address a receiver listens on (Slack-compatible incoming webhooks, automation tools…). */
const webhookUrl = z.url({ protocol: /^https?$/ }).max(2000);

/** The SSRF policy's refusal as a registry code (`webhook_url_private`…), anything else unchanged. */
async function urlChecked<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    if (err instanceof WebhookUrlError) throw apiError("BAD_REQUEST", err.reason);
    throw err;
  }
}

/**
 * `workspace.webhooks.*`: the workspace's outgoing notification webhooks and their delivery log (admins only: a
 * secret is shown once, at creation or rotation, and never read back).
 */
export const webhooksRouter = createTRPCRouter({
  /** Each webhook with its latest delivery (status, when, HTTP status or error code). */
  list: workspaceProcedure.query(async ({ ctx }) => {
    requireRole(ctx.workspace, "admin");
    return listWebhooks(ctx.db);
  }),

  /** Adds a webhook whose URL passes the SSRF policy (resolved now, again before each delivery); its secret is in the answer, once. */
  create: workspaceProcedure.input(z.object({ url: webhookUrl })).mutation(async ({ ctx, input }) => {
    requireRole(ctx.workspace, "admin");
    return urlChecked(() => createWebhook(ctx.db, ctx.secretBox, ctx.workspace.id, input.url, ctx.webhookUrls ?? STRICT_WEBHOOK_URL_POLICY));
  }),

  /** Points a webhook at another URL (checked like a new one); its secret stays. */
  update: workspaceProcedure.input(z.object({ id: z.uuid(), url: webhookUrl })).mutation(async ({ ctx, input }) => {
    requireRole(ctx.workspace, "admin");
    const row = await urlChecked(() => updateWebhookUrl(ctx.db, input.id, input.url, ctx.webhookUrls ?? STRICT_WEBHOOK_URL_POLICY));
    if (!row) throw apiError("NOT_FOUND", "webhook_not_found");
    return row;
  }),

  /** A new signing secret, in the answer once; the previous one stops verifying at once. */
  rotateSecret: workspaceProcedure.input(z.object({ id: z.uuid() })).mutation(async ({ ctx, input }) => {
    requireRole(ctx.workspace, "admin");
    const rotated = await rotateWebhookSecret(ctx.db, ctx.secretBox, input.id, ctx.clock.now());
    if (!rotated) throw apiError("NOT_FOUND", "webhook_not_found");
    return rotated;
  }),

  delete: workspaceProcedure.input(z.object({ id: z.uuid() })).mutation(async ({ ctx, input }) => {
    requireRole(ctx.workspace, "admin");
    if (!(await deleteWebhook(ctx.db, input.id))) throw apiError("NOT_FOUND", "webhook_not_found");
    return { id: input.id, deleted: true };
  }),

  /** Queues a signed test event (`type: "test"`) through the same job, retries and log as a notification. */
  test: workspaceProcedure.input(z.object({ id: z.uuid() })).mutation(async ({ ctx, input }) => {
    requireRole(ctx.workspace, "admin");
    const queued = await queueTestDelivery(ctx.db, ctx.workspace.id, input.id, ctx.clock.now());
    if (!queued) throw apiError("NOT_FOUND", "webhook_not_found");
    return { deliveryId: queued.id };
  }),

  /** Sends a failed delivery again (same body, fresh signature and attempts). */
  redeliver: workspaceProcedure.input(z.object({ id: z.uuid() })).mutation(async ({ ctx, input }) => {
    requireRole(ctx.workspace, "admin");
    const outcome = await redeliverWebhookDelivery(ctx.db, input.id);
    if (outcome === "not_found") throw apiError("NOT_FOUND", "webhook_delivery_not_found");
    if (outcome === "not_failed") throw apiError("CONFLICT", "webhook_delivery_not_failed");
    return { id: input.id, status: "pending" as const };
  }),

  /** The delivery log, newest first: event, status, attempts, last HTTP status or error code, the body sent. */
  deliveries: workspaceProcedure
    .input(z.object({ webhookId: z.uuid().optional(), limit: z.number().int().min(1).max(200).default(50) }).default({ limit: 50 }))
    .query(async ({ ctx, input }) => {
      requireRole(ctx.workspace, "admin");
      return listWebhookDeliveries(ctx.db, input);
    }),
});
