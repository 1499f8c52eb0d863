import { type Database, type ScopedDb } from "@sillage/db";
import type { SecretBox } from "@sillage/crypto";
import type { Channel as ConnectorChannel } from "@sillage/connectors";
import { PUBLIC_CHANNEL_COLUMNS, toConnectorChannel } from "./store";

type Db = Database | ScopedDb;
export type Platform = "whatsapp" | "instagram";

/** Connected channels of the workspace `db` is scoped to, oldest first (never the token). */
export async function listChannels(db: Db) {
  return db.selectFrom("channels").select(PUBLIC_CHANNEL_COLUMNS).where("status", "<>", "disconnected").orderBy("created_at").execute();
}

/** Stops using the account and erases its token; false when there is no such connected channel. */
export async function disconnectChannel(db: Db, channelId: string, now: Date): Promise<boolean> {
  const res = await db
    .updateTable("channels")
    .set({ status: "disconnected", disconnected_at: now, token_ciphertext: Buffer.alloc(0) })
    .where("id", "=", channelId)
    .where("status", "<>", "disconnected")
    .executeTakeFirst();
  return Boolean(res.numUpdatedRows);
}

/** What `health()` reads, for one channel or every connected one. */
export async function channelHealthRows(db: Db, channelId?: string) {
  let q = db
    .selectFrom("channels")
    .select(["id", "platform", "status", "token_expiry", "token_expires_at", "token_checked_at", "last_error", "last_error_kind", "last_error_at"])
    .where("status", "<>", "disconnected");
  if (channelId) q = q.where("id", "=", channelId);
  return q.execute();
}

/** Each connected channel's AI switch (an automatic reply needs the workspace's switch and the channel's on). */
export async function channelAiSwitches(db: Db) {
  const rows = await db.selectFrom("channels").select(["id", "platform", "display_name", "username", "ai_enabled", "status"]).where("status", "<>", "disconnected").orderBy("created_at").execute();
  return rows.map((c) => ({ id: c.id, platform: c.platform, displayName: c.display_name, username: c.username, status: c.status, aiEnabled: c.ai_enabled }));
}

/** False when there is no such connected channel. */
export async function setChannelAiEnabled(db: Db, channelId: string, enabled: boolean): Promise<boolean> {
  const res = await db.updateTable("channels").set({ ai_enabled: enabled }).where("id", "=", channelId).where("status", "<>", "disconnected").executeTakeFirst();
  return Boolean(res.numUpdatedRows);
}

/** The most recently connected active channel of a platform (the demo simulator plays a customer writing to it). */
export async function latestActiveChannel(db: Db, platform: Platform) {
  return db.selectFrom("channels").select(["id", "external_id"]).where("platform", "=", platform).where("status", "=", "active").orderBy("created_at", "desc").executeTakeFirst();
}

/** The channels a post names, when connected, with what content validation needs. */
export async function channelsForPost(db: Db, channelIds: string[]) {
  return db.selectFrom("channels").select(["id", "platform", "status", "display_name"]).where("id", "in", channelIds).where("status", "<>", "disconnected").execute();
}

/**
 * Which app an Instagram account was connected through ("instagram" Login or "facebook" Login), so its webhooks are
 * checked against that app's secret; null for an account no workspace has connected.
 */
export async function instagramVariantOf(db: Database, accountId: string): Promise<"instagram" | "facebook" | null> {
  const row = await db
    .selectFrom("channels")
    .select("variant")
    .where("platform", "=", "instagram")
    .where("external_id", "=", accountId)
    .where("status", "<>", "disconnected")
    .executeTakeFirst();
  return row ? (row.variant === "facebook" ? "facebook" : "instagram") : null;
}

/**
 * Every connected channel of every workspace with its token opened in memory, for demo mode's start: the built-in
 * fake Graph API starts empty, so it is told again of each account the database holds and the channels keep working.
 */
export async function connectedChannelsWithTokens(
  db: Database,
  box: SecretBox,
): Promise<(ConnectorChannel & { workspaceId: string; displayName: string; username: string | null; appScopedId: string | null })[]> {
  const rows = await db.selectFrom("channels").selectAll().where("status", "<>", "disconnected").orderBy("created_at").execute();
  return rows.map((r) => ({ ...toConnectorChannel(r, box), workspaceId: r.workspace_id, displayName: r.display_name, username: r.username, appScopedId: r.app_scoped_id }));
}

/** Connected channels (all workspaces) whose token expires within `withinMs` of `now`, counted by platform. */
export async function countTokensExpiring(db: Database, now: Date, withinMs: number): Promise<{ platform: Platform; count: number }[]> {
  const rows = await db
    .selectFrom("channels")
    .select(["platform", (eb) => eb.fn.countAll<string>().as("count")])
    .where("status", "<>", "disconnected")
    .where("token_expires_at", "is not", null)
    .where("token_expires_at", "<", new Date(now.getTime() + withinMs))
    .groupBy("platform")
    .execute();
  return rows.map((r) => ({ platform: r.platform as Platform, count: Number(r.count) }));
}
