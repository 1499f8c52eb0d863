import type { InboxDeps } from "../deps";
import { refreshContactProfile } from "../profiles";
import type { JobHandler } from "@sillage/queue";

const handler: JobHandler<{ workspaceId: string; contactId: string }, InboxDeps> = async (payload, ctx) => {
  const { outcome, error } = await refreshContactProfile(ctx, payload);
  if (outcome === "retry") throw new Error(`profile read failed, will retry: ${error ?? ""}`);
  ctx.logger.debug({ contactId: payload.contactId, outcome, error }, "contact profile");
};
export default handler;
