import type { Database } from "@sillage/db";
import { enqueue, type JobHandler } from "@sillage/queue";
import type { Clock } from "@sillage/time";
import { nextRunAfterWindowEnd, runIncremental, workspaceZones } from "../run";
import { kpiAggregateJob, WINDOW_END_JOB_KEY } from "./index";

const handler: JobHandler<{ reason?: string }, { db: Database; clock: Clock }> = async (payload, { db, clock, logger }) => {
  const started = Date.now();
  const result = await runIncremental(db);
  // The next run starts a minute after the earliest window end among the zones in use (half-hour zones included).
  const runAt = nextRunAfterWindowEnd(await workspaceZones(db), clock.now());
  await enqueue(db, kpiAggregateJob, { reason: "window_end" }, { runAt, jobKey: WINDOW_END_JOB_KEY, jobKeyMode: "replace" });
  logger.info({ reason: payload.reason, windows: result.windows, upserted: result.upserted, deleted: result.deleted, ms: Date.now() - started, nextRunAt: runAt.toISOString() }, "kpi aggregate");
};
export default handler;
