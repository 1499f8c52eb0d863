import { sweepInbox } from "@sillage/inbox";
import type { JobHandler } from "../define";

const handler: JobHandler<unknown> = async (_payload, ctx) => {
  const summary = await sweepInbox(ctx);
  if (summary.deliveries || summary.media) ctx.logger.warn(summary, "inbox sweep re-queued work left behind");
};
export default handler;
