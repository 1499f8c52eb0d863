import { z } from "zod";

/** What notifies. One open notification per (workspace, kind, object): a state seen again updates it. */
export const NOTIFICATION_KINDS = ["publication_failed", "quota_waiting", "channel_reconnect", "token_expiring", "escalation_waiting", "credits_low"] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];
export const notificationKindSchema = z.enum(NOTIFICATION_KINDS);

export const MEDIA = ["inApp", "email"] as const;
export type Medium = (typeof MEDIA)[number];

export type MemberRole = "owner" | "admin" | "agent";

/**
 * Defaults when a member chose nothing: admins hear about publishing, channels and credits (they fix them), agents about
 * customers waiting for a person (they answer them).
 */
export function defaultPreference(role: MemberRole, kind: NotificationKind): { inApp: boolean; email: boolean } {
  const forAdmins = kind !== "escalation_waiting";
  const on = role === "agent" ? !forAdmins : forAdmins;
  return { inApp: on, email: on };
}

/** How long a post may wait for the publishing quota before someone hears about it. */
export const QUOTA_WAIT_MS = 60 * 60_000;
/** A token expiring within this notifies (its owner must reconnect before it lapses). */
export const TOKEN_EXPIRY_WARNING_MS = 7 * 86_400_000;
/** Escalated comments older than this are history, not a customer waiting. */
export const ESCALATION_LOOKBACK_MS = 7 * 86_400_000;
export const DEFAULT_ESCALATION_MINUTES = 15;

/**
 * Credits run low when the balance is at or below max(5, floor(10 % of the plan's monthly grant)): free 5, pro 200,
 * business 2,000 (the 5 keeps a small plan's warning before its last replies). Reaching 0 is the same notification
 * seen again, so members hear once more when automatic replies stop.
 */
export const CREDITS_LOW_RATIO = 0.1;
export const CREDITS_LOW_MIN = 5;
export function creditsLowThreshold(monthlyGrant: number): number {
  return Math.max(CREDITS_LOW_MIN, Math.floor(monthlyGrant * CREDITS_LOW_RATIO));
}
