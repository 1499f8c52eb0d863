import type { JobHandler } from "@sillage/queue";
import type { CommentsDeps } from "../deps";
import { listAccountMedia } from "../dispatch";

const handler: JobHandler<{ workspaceId: string; channelId: string }, CommentsDeps> = async (payload, ctx) => {
  const res = await listAccountMedia({ ...ctx, logger: ctx.logger }, payload.channelId);
  ctx.logger.debug({ channelId: payload.channelId, ...res }, "account media listed");
};
export default handler;
