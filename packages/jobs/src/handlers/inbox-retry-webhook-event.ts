import { retryWebhookEvent } from "@sillage/inbox";
import type { JobHandler } from "../define";

// The next attempt, when one is due, is a new job at its time (the policy's delay), so this job ends either way.
const handler: JobHandler<{ failureId: number }> = async ({ failureId }, ctx) => {
  const status = await retryWebhookEvent({ ...ctx, logger: ctx.logger }, failureId);
  if (status === "resolved") ctx.logger.info({ failureId }, "failed webhook event applied on retry");
};
export default handler;
