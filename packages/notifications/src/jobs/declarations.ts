import { defineJob } from "@sillage/queue";
import { z } from "zod";

/** Opens, updates and resolves every workspace's notifications from the current states. */
export const scanNotificationsJob = defineJob({
  id: "notifications.scan",
  schema: z.object({ workspaceId: z.uuid().optional() }).passthrough(),
  maxAttempts: 3,
  handler: () => import("./scan"),
});

/** E-mails one notification's occurrence to the members who chose it (or one member held back earlier). */
export const emailDeliverJob = defineJob({
  id: "notifications.email",
  schema: z.object({ notificationId: z.uuid(), userId: z.uuid().optional() }),
  maxAttempts: 8,
  handler: () => import("./email"),
});

/** POSTs one logged webhook delivery; graphile-worker's exponential backoff spaces the retries. */
export const webhookDeliverJob = defineJob({
  id: "notifications.webhook",
  schema: z.object({ deliveryId: z.uuid() }),
  maxAttempts: 8,
  handler: () => import("./webhook"),
});

/** Sends the e-mail digests due this minute (members in hourly or daily mode, outside their quiet hours). */
export const digestJob = defineJob({
  id: "notifications.digest",
  schema: z.object({}).passthrough(),
  maxAttempts: 3,
  handler: () => import("./digest"),
});
