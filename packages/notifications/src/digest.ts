// E-mail digests: a member in `hourly` or `daily` mode gets the notifications they would have been e-mailed
// (collected by `deliverNotificationEmails` into `notification_digest_items`) as ONE e-mail at their digest time, in
// their zone and language. Never twice: the digest row (member, slot) and the items it covered are written in the
// transaction that sends; a failed send rolls both back and the next minute's run sends; a run after the send finds
// the slot taken. Left out, because nobody wants to read about them any more: notifications resolved before the
// digest, and occurrences the member already read in the app (recorded as `skipped`).
import { sql } from "@sillage/db";
import { DateTime } from "luxon";
import { languageOf, quietUntil, renderNotification, type EmailServices, type MailLanguage } from "./email";
import type { NotificationKind } from "./kinds";
import { DEFAULT_EMAIL_SETTINGS, type EmailMode } from "./settings";

/**
 * The digest slot `now` belongs to: the start of the current local hour (hourly), or the latest local `hour`
 * o'clock at or before `now` (daily). luxon resolves the DST edges: on a day that skips that hour the slot is the
 * first hour after it; on a day that repeats it, the second one only, so a daily digest never goes out twice.
 */
export function digestSlot(now: Date, zone: string, mode: EmailMode, hour: number): Date {
  const local = DateTime.fromJSDate(now, { zone }).startOf("hour");
  if (mode !== "daily") return local.toJSDate();
  const at = (d: DateTime) => DateTime.fromObject({ year: d.year, month: d.month, day: d.day, hour }, { zone });
  const today = at(local);
  return (today > local ? at(local.minus({ days: 1 })) : today).toJSDate();
}

export type DigestOutcome = {
  workspaceId: string;
  userId: string;
  outcome: "sent" | "already_sent" | "quiet_hours" | "not_due" | "nothing_left" | "no_mailer";
  items?: number;
  skipped?: number;
};

const DIGEST_COPY = {
  fr: {
    subject: (ws: string, n: number) => `${ws} — récapitulatif : ${n} notification${n > 1 ? "s" : ""}`,
    intro: (ws: string) => `Depuis votre dernier récapitulatif, dans ${ws} :`,
    rhythm: (mode: EmailMode, hour: number) => (mode === "daily" ? `chaque jour à ${hour} h` : "toutes les heures"),
    footer: (rhythm: string, link: string) => `Vous recevez ce récapitulatif ${rhythm}. Pour le changer : ${link}`,
  },
  en: {
    subject: (ws: string, n: number) => `${ws} — digest: ${n} notification${n > 1 ? "s" : ""}`,
    intro: (ws: string) => `Since your last digest, in ${ws}:`,
    rhythm: (mode: EmailMode, hour: number) => (mode === "daily" ? `every day at ${String(hour).padStart(2, "0")}:00` : "every hour"),
    footer: (rhythm: string, link: string) => `You receive this digest ${rhythm}. To change it: ${link}`,
  },
} satisfies Record<MailLanguage, unknown>;

/**
 * Sends every digest due at the clock's instant (the minute cron): members with collected items whose slot
 * started after them and who are outside their quiet hours.
 */
export async function sendDueDigests(svc: EmailServices): Promise<DigestOutcome[]> {
  const { db, clock } = svc;
  const now = clock.now();
  const members = await db
    .selectFrom("notification_digest_items as i")
    .innerJoin("memberships as m", (j) => j.onRef("m.workspace_id", "=", "i.workspace_id").onRef("m.user_id", "=", "i.user_id"))
    .innerJoin("users as u", "u.id", "i.user_id")
    .innerJoin("workspaces as w", "w.id", "i.workspace_id")
    .leftJoin("notification_members as s", (j) => j.onRef("s.workspace_id", "=", "i.workspace_id").onRef("s.user_id", "=", "i.user_id"))
    .select(["i.workspace_id", "i.user_id", "u.email", "u.locale", "w.name as workspace_name", "w.time_zone as workspace_zone", "s.time_zone", "s.quiet_from", "s.quiet_to", "s.email_mode", "s.digest_hour"])
    .select((eb) => eb.fn.min("i.collected_at").as("first_collected"))
    .where("i.digest_id", "is", null)
    .where("i.skipped", "is", null)
    .groupBy(["i.workspace_id", "i.user_id", "u.email", "u.locale", "w.name", "w.time_zone", "s.time_zone", "s.quiet_from", "s.quiet_to", "s.email_mode", "s.digest_hour"])
    .execute();
  const out: DigestOutcome[] = [];
  for (const m of members) {
    const zone = m.time_zone ?? m.workspace_zone;
    // A member back to immediate e-mail still gets what was collected, as one last hourly digest.
    const mode = (m.email_mode ?? DEFAULT_EMAIL_SETTINGS.emailMode) as EmailMode;
    const hour = m.digest_hour ?? DEFAULT_EMAIL_SETTINGS.digestHour;
    const slot = digestSlot(now, zone, mode, hour);
    const who = { workspaceId: m.workspace_id, userId: m.user_id };
    // Nothing collected before the slot started: not due yet (no transaction opened).
    if (new Date(m.first_collected) >= slot) {
      out.push({ ...who, outcome: "not_due" });
      continue;
    }
    // Held in quiet hours: the minute cron tries again, and the first run after they end sends.
    if (quietUntil(now, zone, m.quiet_from ?? DEFAULT_EMAIL_SETTINGS.quietFrom, m.quiet_to ?? DEFAULT_EMAIL_SETTINGS.quietTo)) {
      out.push({ ...who, outcome: "quiet_hours" });
      continue;
    }
    if (!svc.mailer) {
      out.push({ ...who, outcome: "no_mailer" });
      continue;
    }
    const outcome = await db.transaction().execute(async (trx): Promise<DigestOutcome> => {
      // Serialises this member's digests: two workers racing send one.
      await sql`SELECT pg_advisory_xact_lock(hashtext(${`notify-digest:${m.workspace_id}:${m.user_id}`}))`.execute(trx);
      const items = await trx
        .selectFrom("notification_digest_items as i")
        .innerJoin("notifications as n", "n.id", "i.notification_id")
        .leftJoin("notification_reads as r", (j) => j.onRef("r.notification_id", "=", "n.id").onRef("r.user_id", "=", "i.user_id"))
        .select(["i.notification_id", "i.occurrence", "n.kind", "n.object_type", "n.object_id", "n.occurrences", "n.params", "n.resolved_at", "n.last_seen_at", "r.read_at"])
        .where("i.workspace_id", "=", m.workspace_id)
        .where("i.user_id", "=", m.user_id)
        .where("i.digest_id", "is", null)
        .where("i.skipped", "is", null)
        .where("i.collected_at", "<", slot)
        .orderBy("n.last_seen_at")
        .orderBy("n.id")
        .execute();
      if (items.length === 0) return { ...who, outcome: "not_due" };
      const claimed = await trx
        .insertInto("notification_digests")
        .values({ workspace_id: m.workspace_id, user_id: m.user_id, slot, items: 0, sent_at: now })
        .onConflict((oc) => oc.columns(["workspace_id", "user_id", "slot"]).doNothing())
        .returning("id")
        .executeTakeFirst();
      // This slot's digest went out already: what was collected since waits for the next slot.
      if (!claimed) return { ...who, outcome: "already_sent" };

      const skip = (reason: "resolved" | "read", ids: string[]) =>
        ids.length === 0
          ? Promise.resolve()
          : trx
              .updateTable("notification_digest_items")
              .set({ skipped: reason })
              .where("user_id", "=", m.user_id)
              .where("notification_id", "in", ids)
              .where("digest_id", "is", null)
              .where("skipped", "is", null)
              .where("collected_at", "<", slot)
              .execute();
      const resolved = items.filter((i) => i.resolved_at).map((i) => i.notification_id);
      const read = items.filter((i) => !i.resolved_at && i.read_at && new Date(i.read_at) >= new Date(i.last_seen_at)).map((i) => i.notification_id);
      await skip("resolved", resolved);
      await skip("read", read);
      const left = new Set([...resolved, ...read]);
      const kept = new Map<string, (typeof items)[number]>();
      for (const i of items) if (!left.has(i.notification_id)) kept.set(i.notification_id, i);
      if (kept.size === 0) {
        await trx.deleteFrom("notification_digests").where("id", "=", claimed.id).execute();
        return { ...who, outcome: "nothing_left", skipped: left.size };
      }
      await trx.updateTable("notification_digests").set({ items: kept.size }).where("id", "=", claimed.id).execute();
      await trx
        .updateTable("notification_digest_items")
        .set({ digest_id: claimed.id })
        .where("user_id", "=", m.user_id)
        .where("notification_id", "in", [...kept.keys()])
        .where("digest_id", "is", null)
        .where("skipped", "is", null)
        .where("collected_at", "<", slot)
        .execute();

      const lang = languageOf(m.locale);
      const copy = DIGEST_COPY[lang];
      const lines = [...kept.values()].map((n) => {
        const [subject, , link] = renderNotification(lang, zone, svc.appUrl, {
          kind: n.kind as NotificationKind,
          objectType: n.object_type,
          objectId: n.object_id,
          occurrences: n.occurrences,
          params: n.params as Record<string, unknown>,
        });
        return `• ${subject}\n  ${link}`;
      });
      const text = [copy.intro(m.workspace_name), "", ...lines, "", copy.footer(copy.rhythm(mode, hour), `${svc.appUrl}/settings/notifications`)].join("\n");
      // Sent inside the transaction: a failed send rolls the digest back and the next run sends it.
      await svc.mailer!.send({ to: m.email, subject: `Sillage · ${copy.subject(m.workspace_name, kept.size)}`, text });
      return { ...who, outcome: "sent", items: kept.size, skipped: left.size };
    });
    out.push(outcome);
  }
  return out;
}
