import { enqueueDuePosts } from "@sillage/publishing";
import type { JobHandler } from "../define";

const handler: JobHandler<unknown> = async (_payload, { db, clock, logger }) => {
  const summary = await enqueueDuePosts(db, clock.now());
  if (summary.requeued || summary.seriesAdvanced || summary.lookupsRequeued) logger.warn(summary, "repair sweep re-added missing publication jobs");
};
export default handler;
