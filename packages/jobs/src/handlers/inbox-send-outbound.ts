import { deliverOutbound } from "@sillage/inbox";
import type { JobHandler } from "../define";

const handler: JobHandler<{ workspaceId: string; outboundId: string }> = async (payload, ctx) => {
  const { attempts, max_attempts } = ctx.helpers.job;
  const { outcome, error } = await deliverOutbound(ctx, payload, { attempt: attempts, maxAttempts: max_attempts });
  ctx.logger.info({ outboundId: payload.outboundId, outcome, error }, "outbound message");
  if (outcome === "retry") throw new Error(`send refused for now: ${error ?? "retry"}`);
};
export default handler;
