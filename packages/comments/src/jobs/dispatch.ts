import type { JobHandler } from "@sillage/queue";
import type { CommentsDeps } from "../deps";
import { dispatchDue } from "../dispatch";

const handler: JobHandler<Record<string, unknown>, CommentsDeps> = async (_payload, ctx) => {
  const summary = await dispatchDue({ ...ctx, logger: ctx.logger });
  if (summary.checks || summary.listings || summary.stopped) ctx.logger.debug({ ...summary }, "comments dispatched");
};
export default handler;
