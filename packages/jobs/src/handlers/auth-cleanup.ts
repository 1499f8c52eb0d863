import type { JobHandler } from "../define";

const handler: JobHandler<unknown> = async (_payload, { db, clock, logger }) => {
  const now = clock.now();
  const sessions = await db
    .deleteFrom("sessions")
    .where((eb) => eb.or([eb("expires_at", "<", now), eb("revoked_at", "<", new Date(now.getTime() - 86_400_000))]))
    .executeTakeFirst();
  const attempts = await db
    .deleteFrom("auth_attempts")
    .where("created_at", "<", new Date(now.getTime() - 86_400_000))
    .executeTakeFirst();
  logger.info({ sessions: Number(sessions.numDeletedRows), attempts: Number(attempts.numDeletedRows) }, "auth cleanup");
};
export default handler;
