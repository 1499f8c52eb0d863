import type { JobHandler } from "@sillage/queue";
import { DEFAULT_TIME_ZONE } from "@sillage/time";
import { runInstant } from "../schedule";
import { runDailyTopics } from "../store/daily";
import { embedPendingTexts } from "../store/embeddings";
import { currentEmbedder } from "./embedder";
import type { TopicsJobServices } from "./services";

const handler: JobHandler<{ workspaceId: string; runDate: string }, TopicsJobServices> = async (payload, services) => {
  const { db, logger } = services;
  const ws = await db.selectFrom("workspaces").select(["time_zone", "locale"]).where("id", "=", payload.workspaceId).executeTakeFirst();
  if (!ws) return;
  const timeZone = ws.time_zone ?? DEFAULT_TIME_ZONE;
  const embedder = currentEmbedder(services);
  // Whatever arrived since the last 5-minute batch is clustered too.
  const embedded = await embedPendingTexts(db, embedder, { workspaceId: payload.workspaceId, since: new Date(runInstant(payload.runDate, timeZone).getTime() - 7 * 86_400_000) });
  const result = await runDailyTopics(db, embedder, { workspaceId: payload.workspaceId, runDate: payload.runDate, timeZone, ai: services.ai, language: ws.locale?.startsWith("en") ? "en" : "fr" });
  logger.info({ runDate: result.runDate, texts: result.texts, embedded, scopes: result.scopes, modelLabels: result.modelLabels }, "daily topics found");
};
export default handler;
