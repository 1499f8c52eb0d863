import type { Database } from "@sillage/db";
import type { JobHandler } from "@sillage/queue";
import type { Clock } from "@sillage/time";
import { deliverNotificationEmails, type Mailer } from "../email";

export interface NotificationServices {
  /** Unset without SMTP_URL: e-mails are skipped (logged). */
  mailer?: Mailer;
  appUrl: string;
  hourlyLimit?: number;
}

const handler: JobHandler<{ notificationId: string; userId?: string }, { db: Database; clock: Clock; notifications?: NotificationServices }> = async (
  { notificationId, userId },
  { db, clock, notifications, logger },
) => {
  const outcomes = await deliverNotificationEmails({ db, clock, mailer: notifications?.mailer, appUrl: notifications?.appUrl ?? "", hourlyLimit: notifications?.hourlyLimit }, notificationId, userId);
  // Ids and outcomes only: addresses stay out of the logs.
  if (outcomes.length > 0) logger.info({ notificationId, outcomes }, "notification e-mails");
};
export default handler;
