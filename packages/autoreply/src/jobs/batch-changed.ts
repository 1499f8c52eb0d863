import type { InboxDeps } from "@sillage/inbox";
import type { JobHandler } from "@sillage/queue";
import type { ModelProvider } from "@sillage/triage";
import { redecideChangedBatch } from "../redecide-batch";

const handler: JobHandler<{ workspaceId: string; conversationId: string; batchId: string }, InboxDeps & { ai: ModelProvider }> = async (payload, ctx) => {
  const outcome = await redecideChangedBatch(ctx, payload);
  ctx.logger.debug({ conversationId: payload.conversationId, batchId: payload.batchId, outcome }, "changed batch");
};
export default handler;
