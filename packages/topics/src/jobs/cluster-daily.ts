import type { JobHandler } from "@sillage/queue";
import { dueRunDate } from "../schedule";
import { workspacesDue } from "../store/daily";
import { queueWorkspaceRun } from "./index";
import type { TopicsJobServices } from "./services";

const handler: JobHandler<unknown, TopicsJobServices> = async (_payload, { db, clock, logger }) => {
  const now = clock.now();
  const due = await workspacesDue(db, now, (tz) => dueRunDate(now, tz));
  for (const d of due) await queueWorkspaceRun(db, d.workspaceId, d.runDate);
  if (due.length) logger.info({ workspaces: due.length }, "daily topic runs queued");
};
export default handler;
