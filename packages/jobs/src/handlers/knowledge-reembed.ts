import { OfflineProvider } from "@sillage/triage";
import { reembedChunks } from "@sillage/triage/store";
import type { JobHandler } from "../define";

const handler: JobHandler<{ workspaceId?: string }> = async (payload, { db, ai, logger }) => {
  const embedder = (ai ?? new OfflineProvider()).embedder;
  const count = await reembedChunks(db, embedder, { workspaceId: payload.workspaceId });
  logger.info({ count, embedder: embedder.id }, "knowledge chunks re-embedded");
};
export default handler;
