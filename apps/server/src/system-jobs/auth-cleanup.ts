import type { Database } from "@sillage/db";
import type { Clock } from "@sillage/domain";
import type { JobHandler } from "@sillage/queue";

const handler: JobHandler<unknown, { db: Database; clock: Clock }> = async (_payload, { db, clock, logger }) => {
  const now = clock.now();
  const sessions = await db
    .deleteFrom("sessions")
    .where((eb) => eb.or([eb("expires_at", "<", now), eb("revoked_at", "<", new Date(now.getTime() - 86_400_000))]))
    .executeTakeFirst();
  // Failures matter for an hour (login throttling); successes for 30 days, as the addresses an account signs in
  // from, which may still sign in while the account is under a distributed attack (packages/api/src/auth/rate-limit.ts).
  const attempts = await db
    .deleteFrom("auth_attempts")
    .where((eb) =>
      eb.or([
        eb.and([eb("succeeded", "=", false), eb("created_at", "<", new Date(now.getTime() - 86_400_000))]),
        eb("created_at", "<", new Date(now.getTime() - 30 * 86_400_000)),
      ]),
    )
    .executeTakeFirst();
  logger.info({ sessions: Number(sessions.numDeletedRows), attempts: Number(attempts.numDeletedRows) }, "auth cleanup");
};
export default handler;
