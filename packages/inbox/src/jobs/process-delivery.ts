import { availableParallelism } from "node:os";
import type { InboxDeps } from "../deps";
import { processDelivery } from "../ingest";
import { bulkhead } from "cockatiel";
import type { JobHandler } from "@sillage/queue";

// Processing is CPU work on our side (parse, route, a dozen statements): running more deliveries at once than there
// are cores only takes CPU from the HTTP path that answers Meta's webhooks, the path that must stay fast. Measured
// with bench/webhooks on 2 cores: 8 at once accepted ≈ 1,250 events/s, 2 at once ≈ 1,800/s (docs/benchmarks.md).
const processing = bulkhead(Math.max(1, availableParallelism()), Number.MAX_SAFE_INTEGER);

// A failure of the delivery as a whole is thrown (graphile-worker retries with backoff) until processDelivery parks
// it; an event failing on its own does not fail the job (its own retry job has it).
const handler: JobHandler<{ deliveryId: number }, InboxDeps> = async ({ deliveryId }, ctx) => {
  const result = await processing.execute(() => processDelivery({ ...ctx, logger: ctx.logger }, deliveryId));
  if (result && !result.parked) ctx.logger.debug({ deliveryId, ...result }, "webhook delivery processed");
};
export default handler;
