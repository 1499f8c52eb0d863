import type { Database } from "@sillage/db";
import type { JobHandler } from "@sillage/queue";
import type { Clock } from "@sillage/time";
import { sendDueDigests } from "../digest";
import type { NotificationServices } from "./email";

const handler: JobHandler<Record<string, unknown>, { db: Database; clock: Clock; notifications?: NotificationServices }> = async (_payload, { db, clock, notifications, logger }) => {
  const outcomes = await sendDueDigests({ db, clock, mailer: notifications?.mailer, appUrl: notifications?.appUrl ?? "" });
  // Ids and counts only: addresses stay out of the logs; members not due yet are not news.
  const news = outcomes.filter((o) => o.outcome !== "not_due" && o.outcome !== "quiet_hours");
  if (news.length > 0) logger.info({ outcomes: news }, "notification digests");
};
export default handler;
