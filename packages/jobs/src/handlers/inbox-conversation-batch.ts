import { handOffBatch, runConversationBatch } from "@sillage/inbox";
import type { JobHandler } from "../define";

const handler: JobHandler<{ workspaceId: string; conversationId: string }> = async (payload, ctx) => {
  // The downstream hook (triage): JobServices.onConversationBatch when the process provides one.
  const handed = await runConversationBatch(ctx, payload, ctx.onConversationBatch ?? handOffBatch);
  if (handed) ctx.logger.debug({ conversationId: payload.conversationId, batches: handed }, "conversation batch handed off");
};
export default handler;
