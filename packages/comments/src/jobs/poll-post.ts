import type { JobHandler } from "@sillage/queue";
import type { CommentsDeps } from "../deps";
import { pollPost } from "../poll";

const handler: JobHandler<{ workspaceId: string; postId: string }, CommentsDeps> = async (payload, ctx) => {
  const outcome = await pollPost({ ...ctx, logger: ctx.logger }, payload.postId);
  ctx.logger.debug({ postId: payload.postId, ...outcome }, "comments checked");
};
export default handler;
