import { processDelivery, RetryLaterError } from "@sillage/inbox";
import type { JobHandler } from "../define";

const handler: JobHandler<{ deliveryId: number }> = async ({ deliveryId }, ctx) => {
  try {
    const result = await processDelivery({ ...ctx, logger: ctx.logger }, deliveryId);
    if (result) ctx.logger.debug({ deliveryId, ...result }, "webhook delivery processed");
  } catch (err) {
    if (err instanceof RetryLaterError) ctx.logger.info({ deliveryId, reason: err.message }, "webhook delivery waits for a send in flight");
    throw err; // graphile-worker retries with backoff
  }
};
export default handler;
