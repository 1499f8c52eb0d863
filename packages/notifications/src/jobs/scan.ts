import type { Database } from "@sillage/db";
import type { JobHandler } from "@sillage/queue";
import type { Clock } from "@sillage/time";
import { scanAllWorkspaces, scanWorkspace } from "../scan";

const handler: JobHandler<{ workspaceId?: string }, { db: Database; clock: Clock }> = async ({ workspaceId }, { db, clock, logger }) => {
  const result = workspaceId ? await scanWorkspace(db, clock, workspaceId) : await scanAllWorkspaces(db, clock);
  if (result.opened + result.updated + result.resolved > 0) logger.info(result, "notifications scanned");
};
export default handler;
