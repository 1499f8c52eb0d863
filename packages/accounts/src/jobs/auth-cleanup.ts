import type { Database } from "@sillage/db";
import type { Clock } from "@sillage/time";
import type { JobHandler } from "@sillage/queue";
import { pruneAuthAttempts } from "../login-throttle";
import { prunePasswordResets } from "../password-resets";
import { pruneSessions } from "../sessions";

const handler: JobHandler<unknown, { db: Database; clock: Clock }> = async (_payload, { db, clock, logger }) => {
  const now = clock.now();
  const sessions = await pruneSessions(db, now);
  const attempts = await pruneAuthAttempts(db, now);
  const passwordResets = await prunePasswordResets(db, now);
  logger.info({ sessions, attempts, passwordResets }, "auth cleanup");
};
export default handler;
