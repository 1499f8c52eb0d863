import type { CommentEventPayload } from "@sillage/inbox";
import type { JobHandler } from "@sillage/queue";
import type { CommentsDeps } from "../deps";
import { storeWebhookComment } from "../webhook";

const handler: JobHandler<CommentEventPayload, CommentsDeps> = async (payload, ctx) => {
  const stored = await storeWebhookComment({ ...ctx, logger: ctx.logger }, payload);
  ctx.logger.debug({ channelId: payload.channelId, created: stored?.created ?? 0 }, "comment webhook stored");
};
export default handler;
