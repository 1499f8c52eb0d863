// Rows written straight to the owners' tables (tests and the benchmark's checks only), with explicit instants.
import { sql, type Database } from "@sillage/db";

let seq = 0;
const uid = () => `${Date.now().toString(36)}-${++seq}`;

export async function workspaceWithConversation(db: Database) {
  const ws = await db.insertInto("workspaces").values({ slug: `arc-${uid()}`, name: "Archive", time_zone: "UTC" }).returning(["id", "slug"]).executeTakeFirstOrThrow();
  const channelId = (
    await db.insertInto("channels").values({ workspace_id: ws.id, platform: "whatsapp", external_id: `ext-${uid()}`, display_name: "wa", token_ciphertext: Buffer.from("x"), token_key_id: "k" }).returning("id").executeTakeFirstOrThrow()
  ).id;
  const contact = await db.insertInto("contacts").values({ workspace_id: ws.id, channel_id: channelId, platform: "whatsapp", platform_user_id: `u-${uid()}` }).returning("id").executeTakeFirstOrThrow();
  const conversationId = (await db.insertInto("conversations").values({ workspace_id: ws.id, channel_id: channelId, contact_id: contact.id, platform: "whatsapp" }).returning("id").executeTakeFirstOrThrow()).id;
  return { workspaceId: ws.id, slug: ws.slug, channelId, conversationId };
}

export async function message(db: Database, w: { workspaceId: string; channelId: string; conversationId: string }, at: Date, text = "bonjour") {
  return (
    await db
      .insertInto("messages")
      .values({ workspace_id: w.workspaceId, channel_id: w.channelId, conversation_id: w.conversationId, direction: "in", author: "customer", type: "text", text, platform_timestamp: at, created_at: at, updated_at: at, platform_message_id: `wamid-${uid()}` })
      .returning("id")
      .executeTakeFirstOrThrow()
  ).id;
}

/** Every row of the workspace's messages, media, reactions and edits as JSON text, to compare before and after. */
export async function snapshot(db: Database, workspaceId: string) {
  const { rows } = await sql<{ t: string }>`select to_jsonb(m)::text as t from messages m where workspace_id = ${workspaceId}
    union all select to_jsonb(mm)::text from message_media mm where workspace_id = ${workspaceId}
    union all select to_jsonb(mr)::text from message_reactions mr where workspace_id = ${workspaceId}
    union all select to_jsonb(me)::text from message_edits me where workspace_id = ${workspaceId}
    order by 1`.execute(db);
  return rows.map((r) => r.t);
}
