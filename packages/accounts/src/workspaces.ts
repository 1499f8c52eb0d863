import { sql, type Database } from "@sillage/db";
import type { Role } from "./roles";
import { slugify, type Locale } from "./schemas";
import { randomBytes } from "node:crypto";

/** The slug itself if free, else the slug with a short random suffix. */
export async function uniqueSlug(db: Database, base: string): Promise<string> {
  let slug = base;
  for (let i = 0; i < 5; i++) {
    const taken = await db.selectFrom("workspaces").select("id").where("slug", "=", slug).executeTakeFirst();
    if (!taken) return slug;
    slug = `${base.slice(0, 50)}-${randomBytes(3).toString("hex")}`;
  }
  return `${base.slice(0, 40)}-${randomBytes(8).toString("hex")}`;
}

/**
 * A workspace and its first owner; call inside the caller's transaction. Two shops named alike at the same moment
 * both find the slug free: the insert decides (ON CONFLICT waits for the other transaction, then skips), and the
 * one that lost tries a suffixed slug, instead of failing on the unique index.
 */
export async function createWorkspace(db: Database, input: { name: string; ownerId: string; locale?: Locale; timeZone?: string }) {
  const base = slugify(input.name);
  let slug = await uniqueSlug(db, base);
  for (let attempt = 0; ; attempt++) {
    const ws = await db
      .insertInto("workspaces")
      .values({ name: input.name, slug, ...(input.locale ? { locale: input.locale } : {}), ...(input.timeZone ? { time_zone: input.timeZone } : {}) })
      .onConflict((oc) => oc.column("slug").doNothing())
      .returning(["id", "slug", "name"])
      .executeTakeFirst();
    if (ws) {
      await db.insertInto("memberships").values({ workspace_id: ws.id, user_id: input.ownerId, role: "owner" }).execute();
      return ws;
    }
    if (attempt >= 5) throw new Error(`no free workspace slug after ${attempt + 1} attempts`);
    slug = `${base.slice(0, 40)}-${randomBytes(attempt < 2 ? 3 : 8).toString("hex")}`;
  }
}

/** The demo workspace with this person as its owner (idempotent). */
export async function ensureWorkspace(db: Database, input: { slug: string; name: string; ownerId: string }): Promise<{ id: string }> {
  let ws = await db.selectFrom("workspaces").select("id").where("slug", "=", input.slug).executeTakeFirst();
  ws ??= await db.insertInto("workspaces").values({ slug: input.slug, name: input.name }).returning("id").executeTakeFirstOrThrow();
  await db
    .insertInto("memberships")
    .values({ workspace_id: ws.id, user_id: input.ownerId, role: "owner" })
    .onConflict((oc) => oc.columns(["workspace_id", "user_id"]).doNothing())
    .execute();
  return ws;
}

export async function findWorkspaceBySlug(db: Database, slug: string) {
  return db.selectFrom("workspaces").select(["id", "name"]).where("slug", "=", slug).executeTakeFirst();
}

export async function getWorkspace(db: Database, workspaceId: string) {
  return db
    .selectFrom("workspaces")
    .select([
      "id",
      "slug",
      "name",
      "time_zone as timeZone",
      "locale",
      "plan",
      "burst_window_seconds as burstWindowSeconds",
      "human_takeover_hours as humanTakeoverHours",
      "comment_reply_mode as commentReplyMode",
      "comment_hide_spam as commentHideSpam",
      "created_at as createdAt",
    ])
    .where("id", "=", workspaceId)
    .executeTakeFirstOrThrow();
}

export interface WorkspaceSettings {
  name?: string;
  timeZone?: string;
  locale?: Locale;
  burstWindowSeconds?: number;
  humanTakeoverHours?: number;
  commentReplyMode?: "public" | "private";
  commentHideSpam?: boolean;
}

export async function updateWorkspace(db: Database, workspaceId: string, input: WorkspaceSettings) {
  return db
    .updateTable("workspaces")
    .set({
      name: input.name,
      time_zone: input.timeZone,
      locale: input.locale,
      burst_window_seconds: input.burstWindowSeconds,
      human_takeover_hours: input.humanTakeoverHours,
      comment_reply_mode: input.commentReplyMode,
      comment_hide_spam: input.commentHideSpam,
    })
    .where("id", "=", workspaceId)
    .returning(["id", "name", "time_zone as timeZone", "locale"])
    .executeTakeFirstOrThrow();
}

/** The workspaces a person belongs to (with their role), or the one an API token belongs to (with its role). */
export async function workspacesOf(db: Database, who: { userId: string } | { workspaceId: string; role: string }) {
  const q = db.selectFrom("workspaces").select(["workspaces.id", "workspaces.slug", "workspaces.name", "workspaces.time_zone as timeZone", "workspaces.locale"]);
  if ("userId" in who) {
    return q
      .innerJoin("memberships", "memberships.workspace_id", "workspaces.id")
      .select("memberships.role")
      .where("memberships.user_id", "=", who.userId)
      .orderBy("workspaces.created_at")
      .execute();
  }
  return (await q.where("workspaces.id", "=", who.workspaceId).execute()).map((w) => ({ ...w, role: who.role }));
}

/** A person's role in a workspace, or null when they are not a member (or there is no such workspace). */
export async function membershipRole(db: Database, workspaceId: string, userId: string): Promise<Role | null> {
  const row = await db.selectFrom("memberships").select("role").where("workspace_id", "=", workspaceId).where("user_id", "=", userId).executeTakeFirst();
  return row ? (row.role as Role) : null;
}

// The AI switches live on the workspace row; triage reads them (loadAiState), only these functions write them.

export async function workspaceAiSwitches(db: Database, workspaceId: string) {
  const w = await db.selectFrom("workspaces").select(["ai_enabled", "safety_disabled", "rules_version"]).where("id", "=", workspaceId).executeTakeFirstOrThrow();
  return { aiEnabled: w.ai_enabled, safetyDisabled: w.safety_disabled, rulesVersion: w.rules_version };
}

export async function setWorkspaceAiEnabled(db: Database, workspaceId: string, enabled: boolean): Promise<void> {
  await db.updateTable("workspaces").set({ ai_enabled: enabled }).where("id", "=", workspaceId).execute();
}

/** Switches one built-in safety category on or off; returns the categories now off. */
export async function setSafetyCategory(db: Database, workspaceId: string, category: string, enabled: boolean): Promise<string[]> {
  const { safetyDisabled } = await workspaceAiSwitches(db, workspaceId);
  const next = enabled ? safetyDisabled.filter((c) => c !== category) : [...new Set([...safetyDisabled, category])];
  await db.updateTable("workspaces").set({ safety_disabled: next }).where("id", "=", workspaceId).execute();
  return next;
}

/** Every rules change bumps rules_version (kept in each decision's snapshot); returns the new version. */
export async function bumpRulesVersion(db: Database, workspaceId: string): Promise<number> {
  const { rules_version } = await db
    .updateTable("workspaces")
    .set({ rules_version: sql<number>`rules_version + 1` })
    .where("id", "=", workspaceId)
    .returning("rules_version")
    .executeTakeFirstOrThrow();
  return rules_version;
}

/** When an admin dismissed the workspace's getting-started checklist (null: still shown until every step is done). */
export async function onboardingDismissedAt(db: Database, workspaceId: string): Promise<Date | null> {
  const w = await db.selectFrom("workspaces").select("onboarding_dismissed_at").where("id", "=", workspaceId).executeTakeFirstOrThrow();
  return w.onboarding_dismissed_at;
}

/** Hides the getting-started checklist for every member (idempotent: the first dismissal's time stays). */
export async function dismissOnboarding(db: Database, workspaceId: string, now: Date): Promise<void> {
  await db.updateTable("workspaces").set({ onboarding_dismissed_at: now }).where("id", "=", workspaceId).where("onboarding_dismissed_at", "is", null).execute();
}
