import type { JobHandler } from "@sillage/queue";
import { triageComment, type CommentTriageDeps } from "../triage";

const handler: JobHandler<{ workspaceId: string; commentId: string }, Omit<CommentTriageDeps, "logger">> = async (payload, ctx) => {
  const result = await triageComment(ctx, payload);
  ctx.logger.info({ commentId: payload.commentId, ...result }, "comment triaged");
};
export default handler;
