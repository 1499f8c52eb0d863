import { availableParallelism } from "node:os";
import { processDelivery, RetryLaterError } from "@sillage/inbox";
import { bulkhead } from "cockatiel";
import type { JobHandler } from "../define";

// Processing is CPU work on our side (parse, route, a dozen statements): running more deliveries at once than there
// are cores only takes CPU from the HTTP path that answers Meta's webhooks, the path that must stay fast. Measured
// with bench/webhooks on 2 cores: 8 at once accepted ≈ 1,250 events/s, 2 at once ≈ 1,800/s (docs/benchmarks.md).
const processing = bulkhead(Math.max(1, availableParallelism()), Number.MAX_SAFE_INTEGER);

const handler: JobHandler<{ deliveryId: number }> = async ({ deliveryId }, ctx) => {
  try {
    const result = await processing.execute(() => processDelivery({ ...ctx, logger: ctx.logger }, deliveryId));
    if (result) ctx.logger.debug({ deliveryId, ...result }, "webhook delivery processed");
  } catch (err) {
    if (err instanceof RetryLaterError) ctx.logger.info({ deliveryId, reason: err.message }, "webhook delivery waits for a send in flight");
    throw err; // graphile-worker retries with backoff
  }
};
export default handler;
