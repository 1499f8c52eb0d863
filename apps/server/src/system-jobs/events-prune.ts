import { pruneWorkspaceEvents, type Database } from "@sillage/db";
import type { Clock } from "@sillage/time";
import type { JobHandler } from "@sillage/queue";

const handler: JobHandler<{ keepDays: number }, { db: Database; clock: Clock }> = async ({ keepDays }, { db, clock, logger }) => {
  const deleted = await pruneWorkspaceEvents(db, new Date(clock.now().getTime() - keepDays * 86_400_000));
  logger.info({ deleted }, "pruned workspace events");
};
export default handler;
