import type { InboxDeps } from "../deps";
import { retryWebhookEvent } from "../ingest";
import type { JobHandler } from "@sillage/queue";

// The next attempt, when one is due, is a new job at its time (the policy's delay), so this job ends either way.
const handler: JobHandler<{ failureId: number }, InboxDeps> = async ({ failureId }, ctx) => {
  const status = await retryWebhookEvent({ ...ctx, logger: ctx.logger }, failureId);
  if (status === "resolved") ctx.logger.info({ failureId }, "failed webhook event applied on retry");
};
export default handler;
