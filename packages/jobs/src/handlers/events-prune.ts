import type { JobHandler } from "../define";

const handler: JobHandler<{ keepDays: number }> = async ({ keepDays }, { db, clock, logger }) => {
  const cutoff = new Date(clock.now().getTime() - keepDays * 86_400_000);
  const res = await db.deleteFrom("workspace_events").where("created_at", "<", cutoff).executeTakeFirst();
  logger.info({ deleted: Number(res.numDeletedRows) }, "pruned workspace events");
};
export default handler;
