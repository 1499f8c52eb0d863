import type { Database } from "@sillage/db";
import type { Clock } from "@sillage/domain";
import type { JobHandler } from "@sillage/queue";

const handler: JobHandler<{ keepDays: number }, { db: Database; clock: Clock }> = async ({ keepDays }, { db, clock, logger }) => {
  const cutoff = new Date(clock.now().getTime() - keepDays * 86_400_000);
  const res = await db.deleteFrom("workspace_events").where("created_at", "<", cutoff).executeTakeFirst();
  logger.info({ deleted: Number(res.numDeletedRows) }, "pruned workspace events");
};
export default handler;
