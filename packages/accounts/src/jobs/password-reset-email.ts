import type { Database } from "@sillage/db";
import type { JobHandler } from "@sillage/queue";
import type { Clock } from "@sillage/time";
import { sendPasswordResetEmail, type AccountsMailServices } from "../password-reset-email";

const handler: JobHandler<{ email: string }, { db: Database; clock: Clock; accounts?: AccountsMailServices }> = async ({ email }, { db, clock, accounts, logger }) => {
  const outcome = await sendPasswordResetEmail({ db, clock, mailer: accounts?.mailer, appUrl: accounts?.appUrl ?? "" }, email);
  // The outcome only: neither the address nor, above all, the link (its token opens the account) reach the logs.
  if (outcome === "email_off") logger.warn({ outcome }, "password reset: e-mail is off (SMTP_URL unset), no link sent");
  else logger.info({ outcome }, "password reset e-mail");
};
export default handler;
