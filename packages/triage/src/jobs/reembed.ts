import type { Database } from "@sillage/db";
import type { JobHandler } from "@sillage/queue";
import { OfflineProvider } from "../providers/offline";
import type { ModelProvider } from "../providers/provider";
import { reembedChunks } from "../store/knowledge";

const handler: JobHandler<{ workspaceId?: string }, { db: Database; ai?: ModelProvider }> = async (payload, { db, ai, logger }) => {
  const embedder = (ai ?? new OfflineProvider()).embedder;
  const count = await reembedChunks(db, embedder, { workspaceId: payload.workspaceId });
  logger.info({ count, embedder: embedder.id }, "knowledge chunks re-embedded");
};
export default handler;
