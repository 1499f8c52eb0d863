import type { InboxDeps } from "../deps";
import { sweepInbox } from "../sweep";
import type { JobHandler } from "@sillage/queue";

const handler: JobHandler<unknown, InboxDeps> = async (_payload, ctx) => {
  const summary = await sweepInbox(ctx);
  if (summary.deliveries || summary.events || summary.media) ctx.logger.warn(summary, "inbox sweep re-queued work left behind");
  if (summary.parked) ctx.logger.error(summary, "inbox sweep parked webhook work whose job gave up (pnpm cli dead-letters)");
};
export default handler;
