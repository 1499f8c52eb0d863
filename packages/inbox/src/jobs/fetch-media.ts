import type { InboxDeps } from "../deps";
import { fetchMessageMedia } from "../media";
import type { JobHandler } from "@sillage/queue";

const handler: JobHandler<{ workspaceId: string; mediaId: string }, InboxDeps> = async (payload, ctx) => {
  const { attempts, max_attempts } = ctx.helpers.job;
  const { outcome, error } = await fetchMessageMedia(ctx, payload, { attempt: attempts, maxAttempts: max_attempts });
  if (outcome === "retry") throw new Error(`media fetch failed, will retry: ${error ?? ""}`);
  if (outcome === "failed" || outcome === "rejected") ctx.logger.warn({ mediaId: payload.mediaId, outcome, error }, "inbound media not stored");
};
export default handler;
