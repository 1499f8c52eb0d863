// What a member sees and chooses (the API's reads and writes), always inside the caller's workspace-scoped transaction.
import { sql, type ScopedDb } from "@sillage/db";
import { defaultPreference, NOTIFICATION_KINDS, type MemberRole, type NotificationKind } from "./kinds";

export interface Preference {
  kind: NotificationKind;
  inApp: boolean;
  email: boolean;
  /** No choice stored: the role's default applies. */
  isDefault: boolean;
}

/** A member's preferences for every kind, defaults filled in. */
export async function getPreferences(db: ScopedDb, userId: string, role: MemberRole): Promise<Preference[]> {
  const rows = await db.selectFrom("notification_preferences").select(["kind", "in_app", "email"]).where("user_id", "=", userId).execute();
  const chosen = new Map(rows.map((r) => [r.kind, r]));
  return NOTIFICATION_KINDS.map((kind) => {
    const row = chosen.get(kind);
    return row ? { kind, inApp: row.in_app, email: row.email, isDefault: false } : { kind, ...defaultPreference(role, kind), isDefault: true };
  });
}

/** Stores a member's choice for some kinds (the others keep theirs); returns every preference. */
export async function setPreferences(
  db: ScopedDb,
  workspaceId: string,
  userId: string,
  role: MemberRole,
  changes: { kind: NotificationKind; inApp: boolean; email: boolean }[],
): Promise<Preference[]> {
  for (const c of changes) {
    await db
      .insertInto("notification_preferences")
      .values({ workspace_id: workspaceId, user_id: userId, kind: c.kind, in_app: c.inApp, email: c.email })
      .onConflict((oc) => oc.columns(["workspace_id", "user_id", "kind"]).doUpdateSet({ in_app: c.inApp, email: c.email }))
      .execute();
  }
  return getPreferences(db, userId, role);
}

/** Kinds a member receives on a medium. */
async function kindsOn(db: ScopedDb, userId: string, role: MemberRole, medium: "inApp" | "email"): Promise<NotificationKind[]> {
  return (await getPreferences(db, userId, role)).filter((p) => p[medium]).map((p) => p.kind);
}

export interface NotificationItem {
  id: string;
  kind: NotificationKind;
  objectType: string;
  objectId: string;
  linkId: string | null;
  params: Record<string, unknown>;
  occurrences: number;
  openedAt: Date;
  lastSeenAt: Date;
  resolvedAt: Date | null;
  read: boolean;
}

/**
 * A member's notifications, newest first: the kinds they chose in-app; escalations only when assigned to them or
 * to nobody. Open ones and those resolved in the last `resolvedDays` days.
 */
export async function listNotifications(
  db: ScopedDb,
  userId: string,
  role: MemberRole,
  opts: { limit: number; unreadOnly?: boolean; now: Date; resolvedDays?: number },
): Promise<{ items: NotificationItem[]; unread: number }> {
  const kinds = await kindsOn(db, userId, role, "inApp");
  if (kinds.length === 0) return { items: [], unread: 0 };
  const since = new Date(opts.now.getTime() - (opts.resolvedDays ?? 7) * 86_400_000);
  const base = db
    .selectFrom("notifications as n")
    .leftJoin("notification_reads as r", (j) => j.onRef("r.notification_id", "=", "n.id").on("r.user_id", "=", userId))
    .where("n.kind", "in", kinds)
    .where((eb) => eb.or([eb("n.kind", "!=", "escalation_waiting"), eb("n.assignee_id", "is", null), eb("n.assignee_id", "=", userId)]))
    .where((eb) => eb.or([eb("n.resolved_at", "is", null), eb("n.resolved_at", ">", since)]));
  const unreadExpr = sql<boolean>`(r.read_at IS NULL OR r.read_at < n.last_seen_at)`;
  const countRow = await base.select((eb) => eb.fn.countAll<string>().as("n")).where("n.resolved_at", "is", null).where(unreadExpr).executeTakeFirst();
  let q = base
    .select(["n.id", "n.kind", "n.object_type", "n.object_id", "n.link_id", "n.params", "n.occurrences", "n.opened_at", "n.last_seen_at", "n.resolved_at", unreadExpr.as("unread")])
    .orderBy("n.last_seen_at", "desc")
    .orderBy("n.id")
    .limit(opts.limit);
  if (opts.unreadOnly) q = q.where(unreadExpr);
  const rows = await q.execute();
  return {
    unread: Number(countRow?.n ?? 0),
    items: rows.map((r) => ({
      id: r.id,
      kind: r.kind as NotificationKind,
      objectType: r.object_type,
      objectId: r.object_id,
      linkId: r.link_id,
      params: r.params as Record<string, unknown>,
      occurrences: r.occurrences,
      openedAt: new Date(r.opened_at),
      lastSeenAt: new Date(r.last_seen_at),
      resolvedAt: r.resolved_at ? new Date(r.resolved_at) : null,
      read: !r.unread,
    })),
  };
}

/** Marks notifications read for one member (ids of another workspace match nothing); `all` marks every one. */
export async function markRead(db: ScopedDb, workspaceId: string, userId: string, target: { ids: string[] } | { all: true }, now: Date): Promise<number> {
  let q = db.selectFrom("notifications").select("id");
  if ("ids" in target) q = q.where("id", "in", target.ids.length > 0 ? target.ids : ["00000000-0000-0000-0000-000000000000"]);
  const ids = (await q.execute()).map((r) => r.id);
  if (ids.length === 0) return 0;
  await db
    .insertInto("notification_reads")
    .values(ids.map((id) => ({ workspace_id: workspaceId, notification_id: id, user_id: userId, read_at: now })))
    .onConflict((oc) => oc.columns(["notification_id", "user_id"]).doUpdateSet({ read_at: now }))
    .execute();
  return ids.length;
}
