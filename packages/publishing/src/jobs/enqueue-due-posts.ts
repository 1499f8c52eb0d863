import type { Database } from "@sillage/db";
import type { Clock } from "@sillage/time";
import { enqueueDuePosts } from "../store";
import type { JobHandler } from "@sillage/queue";

const handler: JobHandler<unknown, { db: Database; clock: Clock }> = async (_payload, { db, clock, logger }) => {
  const summary = await enqueueDuePosts(db, clock.now());
  if (summary.requeued || summary.seriesAdvanced || summary.lookupsRequeued) logger.warn(summary, "repair sweep re-added missing publication jobs");
};
export default handler;
