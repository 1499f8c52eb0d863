// E-mail for notifications: one message per member and occurrence (`notification_emails` is written before the
// send and kept only when it went out), held back during the member's quiet hours and past the hourly limit.
import { enqueue } from "@sillage/queue";
import { sql, type Database } from "@sillage/db";
import type { Clock } from "@sillage/time";
import { FAILURE_REASONS, failureReasonOf, publicationReasonOf } from "@sillage/wording";
import nodemailer from "nodemailer";
import { defaultPreference, type MemberRole, type NotificationKind } from "./kinds";
import { emailDeliverJob } from "./jobs/declarations";

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  /** An HTML twin of `text` (password reset e-mails); notifications send text alone. */
  html?: string;
}
export interface Mailer {
  send(message: MailMessage): Promise<void>;
}

/** nodemailer over `SMTP_URL` (smtp:// or smtps://, credentials in the URL), from `MAIL_FROM`. */
export function createSmtpMailer(smtpUrl: string, from: string): Mailer {
  const transport = nodemailer.createTransport(smtpUrl);
  return {
    async send(m) {
      await transport.sendMail({ from, to: m.to, subject: m.subject, text: m.text, html: m.html });
    },
  };
}

export interface EmailServices {
  db: Database;
  clock: Clock;
  /** Unset (no SMTP_URL): e-mail is off and the job only logs. */
  mailer?: Mailer;
  appUrl: string;
  /** E-mails per member per hour before the rest waits (default 10). */
  hourlyLimit?: number;
}

const COPY = {
  en: {
    publication_failed: (p: Params) => [`A post could not be published`, `A post could not be published${p.count > 1 ? ` (${p.count} times)` : ""}${whyOf(p.reason)}\nRetry it: ${p.link}`],
    quota_waiting: (p: Params) => [`A post is waiting for the publishing quota`, `A post has waited over an hour for Instagram's publishing quota.\n${p.link}`],
    channel_reconnect: (p: Params) => [`Reconnect ${p.channel}`, `The channel ${p.channel} must be reconnected before it can publish or answer.\n${p.link}`],
    token_expiring: (p: Params) => [`${p.channel}: access expires soon`, `The access to ${p.channel} expires on ${p.expiresAt}. Reconnect it before then.\n${p.link}`],
    escalation_waiting: (p: Params) => [`A customer is waiting for a person`, `A customer has waited for a person since ${p.since}.\n${p.link}`],
    credits_low: (p: Params) => [
      p.balance <= 0 ? `No credits left for automatic replies` : `Credits running low: ${p.balance} left`,
      `${p.balance <= 0 ? "Automatic replies have stopped: no credits are left" : `Only ${p.balance} credits are left for automatic replies`} (${p.monthlyGrant} a month on your plan). Top up or change plan.\n${p.link}`,
    ],
  },
  fr: {
    publication_failed: (p: Params) => [`Une publication a échoué`, `Une publication n'a pas pu être publiée${p.count > 1 ? ` (${p.count} fois)` : ""}${whyOf(p.reason, " ")}\nRéessayer : ${p.link}`],
    quota_waiting: (p: Params) => [`Une publication attend le quota`, `Une publication attend le quota de publication d'Instagram depuis plus d'une heure.\n${p.link}`],
    channel_reconnect: (p: Params) => [`Reconnectez ${p.channel}`, `Le canal ${p.channel} doit être reconnecté pour publier et répondre.\n${p.link}`],
    token_expiring: (p: Params) => [`${p.channel} : l'accès expire bientôt`, `L'accès à ${p.channel} expire le ${p.expiresAt}. Reconnectez-le avant.\n${p.link}`],
    escalation_waiting: (p: Params) => [`Un client attend une personne`, `Un client attend une personne depuis ${p.since}.\n${p.link}`],
    credits_low: (p: Params) => [
      p.balance <= 0 ? `Plus de crédits pour les réponses automatiques` : `Crédits bientôt épuisés : ${p.balance} restants`,
      `${p.balance <= 0 ? "Les réponses automatiques sont arrêtées : il ne reste aucun crédit" : `Il ne reste que ${p.balance} crédits pour les réponses automatiques`} (${p.monthlyGrant} par mois dans votre offre). Rechargez ou changez d'offre.\n${p.link}`,
    ],
  },
} satisfies Record<"en" | "fr", Record<NotificationKind, (p: Params) => [string, string]>>;

/** Why a post failed: a clause after the colon (an error class), or whole sentences of their own (a coded reason). */
type Why = { clause: string } | { sentences: string };
const whyOf = (why: Why, beforeColon = "") => ("clause" in why ? `${beforeColon}: ${why.clause}.` : `.\n${why.sentences}`);

interface Params {
  count: number;
  reason: Why;
  channel: string;
  expiresAt: string;
  since: string;
  balance: number;
  monthlyGrant: number;
  link: string;
}

export type MailLanguage = "en" | "fr";
export const languageOf = (locale: string | null): MailLanguage => (locale === "fr" ? "fr" : "en");

/** A notification's subject line and text in one language, dates in the member's zone. */
export function renderNotification(
  lang: MailLanguage,
  zone: string,
  appUrl: string,
  n: { kind: NotificationKind; objectType: string; objectId: string; occurrences: number; params: Record<string, unknown> },
): [subject: string, text: string, link: string] {
  const p = n.params;
  const fmt = new Intl.DateTimeFormat(lang === "fr" ? "fr-FR" : "en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: zone });
  const params: Params = {
    count: n.occurrences,
    reason: reasonOf(lang, p),
    channel: typeof p.channelName === "string" ? p.channelName : "",
    expiresAt: typeof p.expiresAt === "string" ? fmt.format(new Date(p.expiresAt)) : "",
    since: typeof p.waitingSince === "string" ? fmt.format(new Date(p.waitingSince)) : "",
    balance: typeof p.balance === "number" ? p.balance : 0,
    monthlyGrant: typeof p.monthlyGrant === "number" ? p.monthlyGrant : 0,
    link: linkOf(appUrl, n.objectType, n.objectId),
  };
  const [subject, text] = COPY[lang][n.kind](params);
  return [subject, text, params.link];
}

/**
 * Why it failed, in the member's language: the reason publishing coded (`publication.<code>` with its parameters) as
 * the SPA words it, else the error class (@sillage/wording); Meta's words (`detail`) and the stored English sentence
 * only in an English e-mail, never inside a French one.
 */
function reasonOf(lang: MailLanguage, p: Record<string, unknown>): Why {
  const params = p.reasonParams !== null && typeof p.reasonParams === "object" ? (p.reasonParams as Record<string, unknown>) : {};
  const coded = publicationReasonOf(lang, p.reasonCode, params);
  if (coded) return { sentences: lang === "en" && typeof params.detail === "string" && params.detail ? `${coded} (${params.detail})` : coded };
  const worded = failureReasonOf(lang, p.errorClass);
  if (worded) return { clause: worded };
  return { clause: lang === "en" && typeof p.reason === "string" && p.reason ? p.reason : FAILURE_REASONS[lang].unknown };
}

function linkOf(appUrl: string, objectType: string, objectId: string): string {
  if (objectType === "channel") return `${appUrl}/settings/channels`;
  if (objectType === "conversation") return `${appUrl}/inbox?c=${objectId}`;
  if (objectType === "comment") return `${appUrl}/comments`;
  if (objectType === "workspace") return `${appUrl}/settings/billing`;
  return `${appUrl}/schedule`;
}

/** The local hour at `at` in `zone`. */
export function localHour(at: Date, zone: string): number {
  return Number(new Intl.DateTimeFormat("en-GB", { hour: "numeric", hourCycle: "h23", timeZone: zone }).format(at));
}

/** When quiet hours end, or null outside them (checked hour by hour: zones with DST shifts stay right). */
export function quietUntil(at: Date, zone: string, from: number, to: number): Date | null {
  const quiet = (h: number) => (from === to ? false : from < to ? h >= from && h < to : h >= from || h < to);
  if (!quiet(localHour(at, zone))) return null;
  let t = new Date(Math.floor(at.getTime() / 3_600_000) * 3_600_000);
  for (let i = 0; i < 26 && quiet(localHour(t, zone)); i++) t = new Date(t.getTime() + 3_600_000);
  return t;
}

export type EmailOutcome = { userId: string; outcome: "sent" | "already_sent" | "quiet_hours" | "rate_limited" | "no_mailer" | "digest" };

/**
 * Sends a notification's current occurrence to the members who chose e-mail for its kind (or `onlyUserId`, a
 * member held back earlier). Held-back members get their own job at the instant they may receive it.
 */
export async function deliverNotificationEmails(svc: EmailServices, notificationId: string, onlyUserId?: string): Promise<EmailOutcome[]> {
  const { db, clock } = svc;
  const n = await db
    .selectFrom("notifications as n")
    .innerJoin("workspaces as w", "w.id", "n.workspace_id")
    .select(["n.id", "n.workspace_id", "n.kind", "n.object_type", "n.object_id", "n.assignee_id", "n.params", "n.occurrences", "n.resolved_at", "w.time_zone"])
    .where("n.id", "=", notificationId)
    .executeTakeFirst();
  if (!n || n.resolved_at) return [];
  const kind = n.kind as NotificationKind;
  let members = db
    .selectFrom("memberships as m")
    .innerJoin("users as u", "u.id", "m.user_id")
    .leftJoin("notification_preferences as p", (j) => j.onRef("p.user_id", "=", "m.user_id").onRef("p.workspace_id", "=", "m.workspace_id").on("p.kind", "=", kind))
    .leftJoin("notification_members as s", (j) => j.onRef("s.user_id", "=", "m.user_id").onRef("s.workspace_id", "=", "m.workspace_id"))
    .select(["m.user_id", "m.role", "u.email", "u.locale", "p.email as chosen", "s.time_zone", "s.quiet_from", "s.quiet_to", "s.email_mode"])
    .where("m.workspace_id", "=", n.workspace_id);
  if (onlyUserId) members = members.where("m.user_id", "=", onlyUserId);
  if (kind === "escalation_waiting" && n.assignee_id) members = members.where("m.user_id", "=", n.assignee_id);
  const now = clock.now();
  const p = n.params as Record<string, unknown>;
  const out: EmailOutcome[] = [];
  for (const m of await members.execute()) {
    const wants = m.chosen ?? defaultPreference(m.role as MemberRole, kind).email;
    if (!wants) continue;
    if (m.email_mode === "hourly" || m.email_mode === "daily") {
      // A digest member: collected for their next digest (quiet hours apply when it is sent, not now).
      await db
        .insertInto("notification_digest_items")
        .values({ workspace_id: n.workspace_id, user_id: m.user_id, notification_id: n.id, occurrence: n.occurrences, collected_at: now })
        .onConflict((oc) => oc.doNothing())
        .execute();
      out.push({ userId: m.user_id, outcome: "digest" });
      continue;
    }
    const zone = m.time_zone ?? n.time_zone;
    const later = quietUntil(now, zone, m.quiet_from ?? 22, m.quiet_to ?? 7);
    if (later) {
      await enqueue(db, emailDeliverJob, { notificationId: n.id, userId: m.user_id }, { runAt: later, jobKey: `notify-email:${n.id}:${m.user_id}` });
      out.push({ userId: m.user_id, outcome: "quiet_hours" });
      continue;
    }
    if (!svc.mailer) {
      out.push({ userId: m.user_id, outcome: "no_mailer" });
      continue;
    }
    const limit = svc.hourlyLimit ?? 10;
    const outcome = await db.transaction().execute(async (trx) => {
      // Serialises this member's sends so the hourly count holds under concurrent jobs.
      await sql`SELECT pg_advisory_xact_lock(hashtext(${`notify-email:${m.user_id}`}))`.execute(trx);
      const recent = await trx
        .selectFrom("notification_emails")
        .select((eb) => eb.fn.countAll<string>().as("n"))
        .where("user_id", "=", m.user_id)
        .where("sent_at", ">", new Date(now.getTime() - 3_600_000))
        .executeTakeFirst();
      const claimed = await trx
        .insertInto("notification_emails")
        .values({ workspace_id: n.workspace_id, notification_id: n.id, user_id: m.user_id, occurrence: n.occurrences, sent_at: now })
        .onConflict((oc) => oc.doNothing())
        .returning("user_id")
        .executeTakeFirst();
      if (!claimed) return "already_sent" as const;
      if (Number(recent?.n ?? 0) >= limit) throw new RateLimited();
      const lang = languageOf(m.locale);
      const [subject, text] = renderNotification(lang, zone, svc.appUrl, { kind, objectType: n.object_type, objectId: n.object_id, occurrences: n.occurrences, params: p });
      // Sent inside the transaction: a failed send rolls the claim back and the job's retry sends it.
      await svc.mailer!.send({ to: m.email, subject: `Sillage · ${subject}`, text });
      return "sent" as const;
    }).catch(async (err: unknown) => {
      if (!(err instanceof RateLimited)) throw err;
      await enqueue(db, emailDeliverJob, { notificationId: n.id, userId: m.user_id }, { runAt: new Date(now.getTime() + 3_600_000), jobKey: `notify-email:${n.id}:${m.user_id}` });
      return "rate_limited" as const;
    });
    out.push({ userId: m.user_id, outcome });
  }
  return out;
}

class RateLimited extends Error {}
