import type { InboxDeps } from "../deps";
import { queueStaleProfiles } from "../profiles";
import type { JobHandler } from "@sillage/queue";

const handler: JobHandler<unknown, InboxDeps> = async (_payload, ctx) => {
  const queued = await queueStaleProfiles(ctx);
  ctx.logger.info({ queued }, "stale contact profiles queued for a refresh");
};
export default handler;
