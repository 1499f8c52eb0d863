import type { Database } from "@sillage/db";
import type { JobHandler } from "@sillage/queue";
import type { Clock } from "@sillage/time";
import { scanAllWorkspaces, scanWorkspace } from "../scan";

const handler: JobHandler<{ workspaceId?: string }, { db: Database; clock: Clock; notifications?: { appUrl: string } }> = async ({ workspaceId }, { db, clock, notifications, logger }) => {
  const opts = { appUrl: notifications?.appUrl };
  const result = workspaceId ? await scanWorkspace(db, clock, workspaceId, opts) : await scanAllWorkspaces(db, clock, opts);
  if (result.opened + result.updated + result.resolved > 0) logger.info(result, "notifications scanned");
};
export default handler;
