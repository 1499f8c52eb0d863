import type { Database } from "@sillage/db";
import type { JobHandler } from "@sillage/queue";
import type { Clock } from "@sillage/time";
import { sendPasswordResetEmail, type AccountsMailServices } from "../password-reset-email";

const handler: JobHandler<{ requestId: number }, { db: Database; clock: Clock; accounts?: AccountsMailServices }> = async ({ requestId }, { db, clock, accounts, logger }) => {
  const request = await db.selectFrom("password_reset_requests").select("email").where("id", "=", requestId).executeTakeFirst();
  // A request pruned before its job ran (a day later) is not worth a link any more.
  const outcome = request ? await sendPasswordResetEmail({ db, clock, mailer: accounts?.mailer, appUrl: accounts?.appUrl ?? "" }, request.email) : "request_gone";
  // The outcome only: neither the address nor, above all, the link (its token opens the account) reach the logs.
  if (outcome === "email_off") logger.warn({ outcome }, "password reset: e-mail is off (SMTP_URL unset), no link sent");
  else logger.info({ outcome }, "password reset e-mail");
};
export default handler;
