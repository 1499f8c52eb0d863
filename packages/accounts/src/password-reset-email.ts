// The reset link's e-mail: sent by the `auth.password_reset_email` job, in the person's language.
import type { Database } from "@sillage/db";
import type { Clock } from "@sillage/time";
import { issuePasswordReset, PASSWORD_RESET_POLICY, passwordResetLink } from "./password-resets";

export interface AccountMail {
  to: string;
  subject: string;
  text: string;
  html: string;
}
/** What sends the accounts' e-mails (the server passes the same SMTP mailer as notifications'). */
export interface AccountsMailer {
  send(message: AccountMail): Promise<void>;
}

export interface AccountsMailServices {
  /** Unset without SMTP_URL: e-mail is off and the job only says so. */
  mailer?: AccountsMailer;
  /** `APP_URL`: the link's origin. */
  appUrl: string;
}

const COPY = {
  fr: {
    subject: "Sillage · Réinitialiser votre mot de passe",
    hello: (name: string) => `Bonjour ${name},`,
    body: "Quelqu’un (vous, espérons-le) a demandé à changer le mot de passe de votre compte Sillage. Ouvrez ce lien pour en choisir un nouveau :",
    button: "Choisir un nouveau mot de passe",
    expiry: (minutes: number) => `Le lien est valable ${minutes} minutes et ne sert qu’une fois.`,
    ignore: "Si vous n’avez rien demandé, ignorez cet e-mail : votre mot de passe ne change pas.",
  },
  en: {
    subject: "Sillage · Reset your password",
    hello: (name: string) => `Hello ${name},`,
    body: "Someone (hopefully you) asked to change the password of your Sillage account. Open this link to choose a new one:",
    button: "Choose a new password",
    expiry: (minutes: number) => `The link is valid for ${minutes} minutes and works once.`,
    ignore: "If you did not ask for this, ignore this e-mail: your password stays the same.",
  },
} as const;

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The reset e-mail in one language: plain text and a simple HTML twin. */
export function renderPasswordResetEmail(lang: "fr" | "en", p: { to: string; name: string; link: string }): AccountMail {
  const c = COPY[lang];
  const minutes = PASSWORD_RESET_POLICY.ttlMs / 60_000;
  const text = [c.hello(p.name), "", c.body, p.link, "", c.expiry(minutes), c.ignore, ""].join("\n");
  const html = [
    `<!doctype html><html lang="${lang}"><body style="font-family:sans-serif;line-height:1.5">`,
    `<p>${escapeHtml(c.hello(p.name))}</p>`,
    `<p>${escapeHtml(c.body)}</p>`,
    `<p><a href="${escapeHtml(p.link)}">${escapeHtml(c.button)}</a></p>`,
    `<p>${escapeHtml(c.expiry(minutes))}<br>${escapeHtml(c.ignore)}</p>`,
    `</body></html>`,
  ].join("\n");
  return { to: p.to, subject: c.subject, text, html };
}

export type PasswordResetEmailOutcome = "sent" | "no_account" | "email_off";

/**
 * Issues a link for the account with this address and e-mails it. Nothing happens without an account (the request
 * already answered as if there were one), nor without a mailer: no link is made that nobody could receive.
 */
export async function sendPasswordResetEmail(svc: AccountsMailServices & { db: Database; clock: Clock }, email: string): Promise<PasswordResetEmailOutcome> {
  const user = await svc.db.selectFrom("users").select(["id", "email", "name", "locale"]).where("email", "=", email).executeTakeFirst();
  if (!user) return "no_account";
  const mailer = svc.mailer;
  if (!mailer) return "email_off";
  return svc.db.transaction().execute(async (trx) => {
    const { token } = await issuePasswordReset(trx, user.id, svc.clock.now());
    const link = passwordResetLink(svc.appUrl, token);
    // Sent inside the transaction: a failed send leaves no link behind, and the job's retry issues another.
    await mailer.send(renderPasswordResetEmail(user.locale === "en" ? "en" : "fr", { to: user.email, name: user.name, link }));
    return "sent" as const;
  });
}
