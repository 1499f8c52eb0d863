// A member's e-mail settings (zone, quiet hours, immediate or digest) and the workspace's escalation thresholds
// (its default and one per channel): the API's reads and writes, inside the caller's workspace-scoped transaction.
import type { ScopedDb } from "@sillage/db";
import { DEFAULT_ESCALATION_MINUTES } from "./kinds";

export const EMAIL_MODES = ["immediate", "hourly", "daily"] as const;
export type EmailMode = (typeof EMAIL_MODES)[number];

/** No `notification_members` row: 22 h → 7 h, immediate, digest at 8 h, the workspace's zone. */
export const DEFAULT_EMAIL_SETTINGS = { quietFrom: 22, quietTo: 7, emailMode: "immediate" as EmailMode, digestHour: 8 };

export interface EmailSettings {
  /** The member's own zone; null follows the workspace's. */
  timeZone: string | null;
  workspaceTimeZone: string;
  quietFrom: number;
  quietTo: number;
  emailMode: EmailMode;
  digestHour: number;
}

export async function getEmailSettings(db: ScopedDb, workspaceId: string, userId: string): Promise<EmailSettings> {
  const ws = await db.selectFrom("workspaces").select("time_zone").where("id", "=", workspaceId).executeTakeFirstOrThrow();
  const row = await db
    .selectFrom("notification_members")
    .select(["time_zone", "quiet_from", "quiet_to", "email_mode", "digest_hour"])
    .where("user_id", "=", userId)
    .executeTakeFirst();
  if (!row) return { timeZone: null, workspaceTimeZone: ws.time_zone, ...DEFAULT_EMAIL_SETTINGS };
  return {
    timeZone: row.time_zone,
    workspaceTimeZone: ws.time_zone,
    quietFrom: row.quiet_from,
    quietTo: row.quiet_to,
    emailMode: row.email_mode as EmailMode,
    digestHour: row.digest_hour,
  };
}

export async function setEmailSettings(
  db: ScopedDb,
  workspaceId: string,
  userId: string,
  s: { timeZone: string | null; quietFrom: number; quietTo: number; emailMode: EmailMode; digestHour: number },
): Promise<EmailSettings> {
  const values = { time_zone: s.timeZone, quiet_from: s.quietFrom, quiet_to: s.quietTo, email_mode: s.emailMode, digest_hour: s.digestHour };
  await db
    .insertInto("notification_members")
    .values({ workspace_id: workspaceId, user_id: userId, ...values })
    .onConflict((oc) => oc.columns(["workspace_id", "user_id"]).doUpdateSet(values))
    .execute();
  return getEmailSettings(db, workspaceId, userId);
}

export interface EscalationThresholds {
  /** The workspace's threshold, used by channels without their own. */
  defaultMinutes: number;
  channels: { channelId: string; name: string; platform: string; username: string | null; minutes: number | null }[];
}

export async function getEscalationThresholds(db: ScopedDb): Promise<EscalationThresholds> {
  const settings = await db.selectFrom("notification_settings").select("escalation_minutes").executeTakeFirst();
  const channels = await db
    .selectFrom("channels as ch")
    .leftJoin("notification_channel_settings as cs", "cs.channel_id", "ch.id")
    .select(["ch.id", "ch.display_name", "ch.platform", "ch.username", "cs.escalation_minutes"])
    .orderBy("ch.display_name")
    .orderBy("ch.id")
    .execute();
  return {
    defaultMinutes: settings?.escalation_minutes ?? DEFAULT_ESCALATION_MINUTES,
    channels: channels.map((c) => ({ channelId: c.id, name: c.display_name, platform: c.platform, username: c.username, minutes: c.escalation_minutes })),
  };
}

/**
 * Sets the workspace's default and some channels' thresholds (`minutes: null` makes a channel follow the default
 * again). A channel id the workspace does not have answers `{ unknownChannel }` and changes nothing.
 */
export async function setEscalationThresholds(
  db: ScopedDb,
  workspaceId: string,
  change: { defaultMinutes?: number; channels?: { channelId: string; minutes: number | null }[] },
): Promise<EscalationThresholds | { unknownChannel: string }> {
  const wanted = change.channels ?? [];
  if (wanted.length > 0) {
    const known = new Set((await db.selectFrom("channels").select("id").where("id", "in", wanted.map((c) => c.channelId)).execute()).map((c) => c.id));
    const unknown = wanted.find((c) => !known.has(c.channelId));
    if (unknown) return { unknownChannel: unknown.channelId };
  }
  if (change.defaultMinutes !== undefined) {
    await db
      .insertInto("notification_settings")
      .values({ workspace_id: workspaceId, escalation_minutes: change.defaultMinutes })
      .onConflict((oc) => oc.column("workspace_id").doUpdateSet({ escalation_minutes: change.defaultMinutes! }))
      .execute();
  }
  for (const c of wanted) {
    if (c.minutes === null) {
      await db.deleteFrom("notification_channel_settings").where("channel_id", "=", c.channelId).execute();
    } else {
      await db
        .insertInto("notification_channel_settings")
        .values({ workspace_id: workspaceId, channel_id: c.channelId, escalation_minutes: c.minutes })
        .onConflict((oc) => oc.column("channel_id").doUpdateSet({ escalation_minutes: c.minutes! }))
        .execute();
    }
  }
  return getEscalationThresholds(db);
}
