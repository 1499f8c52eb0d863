/** A conversation's own state as agents change it (status, assignee, unread count). */
import { raiseWorkspaceEvent, type Database, type ScopedDb } from "@sillage/db";

type Db = Database | ScopedDb;

/** Which channel and platform a conversation is on, or undefined when there is no such conversation. */
export async function conversationChannel(db: Db, conversationId: string) {
  const row = await db.selectFrom("conversations").select(["channel_id", "platform"]).where("id", "=", conversationId).executeTakeFirst();
  return row && { channelId: row.channel_id, platform: row.platform as "whatsapp" | "instagram" };
}

export interface ConversationChange {
  status?: "open" | "resolved";
  assigneeId?: string | null;
  unreadCount?: number;
}

/** Applies an agent's change and tells open pages (`inbox.conversation`); undefined when there is no such conversation. */
export async function updateConversation(db: Db, workspaceId: string, conversationId: string, set: ConversationChange, change: string) {
  const row = await db
    .updateTable("conversations")
    .set({ status: set.status, assignee_id: set.assigneeId, unread_count: set.unreadCount })
    .where("id", "=", conversationId)
    .returning(["id", "status", "assignee_id"])
    .executeTakeFirst();
  if (!row) return undefined;
  await raiseWorkspaceEvent(db, workspaceId, "inbox.conversation", { conversationId, change });
  return { id: row.id, status: row.status, assigneeId: row.assignee_id };
}
