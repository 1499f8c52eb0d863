import { runConversationBatch, type InboxDeps } from "@sillage/inbox";
import type { JobHandler } from "@sillage/queue";
import type { ModelProvider } from "@sillage/triage";
import { decideAndReply } from "../decide-and-reply";

const handler: JobHandler<{ workspaceId: string; conversationId: string }, InboxDeps & { ai: ModelProvider }> = async (payload, ctx) => {
  const handed = await runConversationBatch(ctx, payload, decideAndReply(ctx.ai));
  if (handed) ctx.logger.debug({ conversationId: payload.conversationId, batches: handed }, "conversation batch handed off");
};
export default handler;
