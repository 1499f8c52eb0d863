import { raiseWorkspaceEvent } from "@sillage/db";
import type { JobHandler } from "../define";

const handler: JobHandler<{ workspaceId: string; message: string }> = async ({ workspaceId, message }, { db }) => {
  await raiseWorkspaceEvent(db, workspaceId, "workspace.ping", { message });
};
export default handler;
