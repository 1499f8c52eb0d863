import type { InboxDeps } from "../deps";
import { deliverOutbound } from "../outbound";
import type { JobHandler } from "@sillage/queue";

const handler: JobHandler<{ workspaceId: string; outboundId: string }, InboxDeps> = async (payload, ctx) => {
  const { attempts, max_attempts } = ctx.helpers.job;
  const { outcome, error } = await deliverOutbound(ctx, payload, { attempt: attempts, maxAttempts: max_attempts });
  ctx.logger.info({ outboundId: payload.outboundId, outcome, error }, "outbound message");
  if (outcome === "retry") throw new Error(`send refused for now: ${error ?? "retry"}`);
};
export default handler;
