import { raiseWorkspaceEvent, type Database } from "@sillage/db";
import type { JobHandler } from "@sillage/queue";

const handler: JobHandler<{ workspaceId: string; message: string }, { db: Database }> = async ({ workspaceId, message }, { db }) => {
  await raiseWorkspaceEvent(db, workspaceId, "workspace.ping", { message });
};
export default handler;
