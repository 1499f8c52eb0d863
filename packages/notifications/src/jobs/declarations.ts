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
