// Routing an event to its channel (hence its workspace), and finding or creating the contact and conversation it belongs to.
import type { Platform, WebhookEvent } from "@sillage/connectors";
import { sql, type DB } from "@sillage/db";
import type { Transaction } from "kysely";

export type Trx = Transaction<DB>;

export interface RoutedChannel {
  id: string;
  workspaceId: string;
  platform: Platform;
  burstWindowSeconds: number;
}

/** Per-delivery lookups (a batched payload often names one account many times). */
export class Router {
  private channels = new Map<string, RoutedChannel | null>();
  constructor(private readonly trx: Trx) {}

  async channel(platform: Platform, accountId: string | null): Promise<RoutedChannel | null> {
    if (!accountId) return null;
    const key = `${platform}:${accountId}`;
    if (!this.channels.has(key)) {
      // A channel needing reconnection still receives messages; only a disconnected one stops routing.
      const row = await this.trx
        .selectFrom("channels")
        .innerJoin("workspaces", "workspaces.id", "channels.workspace_id")
        .select(["channels.id", "channels.workspace_id", "workspaces.burst_window_seconds"])
        .where("channels.platform", "=", platform)
        .where("channels.external_id", "=", accountId)
        .where("channels.status", "<>", "disconnected")
        .orderBy("channels.created_at", "desc")
        .executeTakeFirst();
      this.channels.set(
        key,
        row ? { id: row.id, workspaceId: row.workspace_id, platform, burstWindowSeconds: row.burst_window_seconds } : null,
      );
    }
    return this.channels.get(key) ?? null;
  }

  /** The workspace an event was routed to, if its lookup already ran (no query: used after a failure). */
  workspaceOf(e: WebhookEvent): string | null {
    return e.platform && e.accountId ? (this.channels.get(`${e.platform}:${e.accountId}`)?.workspaceId ?? null) : null;
  }
}

export async function upsertContact(trx: Trx, ch: RoutedChannel, who: { id: string; name?: string | null; username?: string | null }): Promise<string> {
  const row = await trx
    .insertInto("contacts")
    .values({
      workspace_id: ch.workspaceId,
      channel_id: ch.id,
      platform: ch.platform,
      platform_user_id: who.id,
      display_name: who.name ?? null,
      username: who.username ?? null,
    })
    .onConflict((oc) =>
      oc.columns(["channel_id", "platform_user_id"]).doUpdateSet({
        display_name: sql`coalesce(excluded.display_name, contacts.display_name)`,
        username: sql`coalesce(excluded.username, contacts.username)`,
      }),
    )
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function upsertConversation(trx: Trx, ch: RoutedChannel, contactId: string, at: Date): Promise<string> {
  const row = await trx
    .insertInto("conversations")
    .values({ workspace_id: ch.workspaceId, channel_id: ch.id, contact_id: contactId, platform: ch.platform, last_message_at: at })
    // A no-op update so RETURNING gives the existing row's id.
    .onConflict((oc) => oc.columns(["channel_id", "contact_id"]).doUpdateSet({ channel_id: sql`excluded.channel_id` }))
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}
