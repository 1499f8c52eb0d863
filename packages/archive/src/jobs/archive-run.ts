import type { Database } from "@sillage/db";
import type { JobHandler } from "@sillage/queue";
import type { Clock } from "@sillage/time";
import { runArchive } from "../run";
import type { ArchiveStore } from "../storage";

const handler: JobHandler<{ before?: string }, { db: Database; clock: Clock; archive?: ArchiveStore }> = async (payload, { db, clock, archive, logger }) => {
  if (!archive) throw new Error("archive.run needs the archive store in the worker's services");
  const result = await runArchive(db, archive, clock, { before: payload.before ? new Date(payload.before) : undefined, logger });
  logger.info({ ...result, storage: archive.kind }, "archive run");
};
export default handler;
