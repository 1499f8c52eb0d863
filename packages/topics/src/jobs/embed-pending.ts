import type { JobHandler } from "@sillage/queue";
import { embedPendingTexts } from "../store/embeddings";
import { currentEmbedder } from "./embedder";
import type { TopicsJobServices } from "./services";

/** Texts per run: a provider change re-embeds a backlog over several runs rather than in one long job. */
export const EMBED_PER_RUN = 2000;

const handler: JobHandler<{ workspaceId?: string }, TopicsJobServices> = async (payload, services) => {
  const embedder = currentEmbedder(services);
  // The daily run reads at most the last 7 days: older texts wait for `pnpm cli topics backfill`.
  const since = new Date(services.clock.now().getTime() - 8 * 86_400_000);
  const count = await embedPendingTexts(services.db, embedder, { workspaceId: payload.workspaceId, maxTexts: EMBED_PER_RUN, since });
  if (count) services.logger.info({ count, embedder: embedder.id }, "customer texts embedded");
};
export default handler;
