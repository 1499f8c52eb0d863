// The accounts' jobs that accounts code itself enqueues (kept apart from index.ts, which lists every job with its cron).
import { defineJob } from "@sillage/queue";
import { z } from "zod";

/** E-mails a password reset link to the account with the request's address, if there is one. */
export const passwordResetEmailJob = defineJob({
  id: "auth.password_reset_email",
  schema: z.object({ requestId: z.number().int().positive() }),
  maxAttempts: 5,
  handler: () => import("./password-reset-email"),
});
