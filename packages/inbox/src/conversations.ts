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

/** A triage decision's mark on what it decided (the decision itself is triage's row, `ai_decisions`). */
export interface TriageLabels {
  decisionId: string;
  triage: "IGNORE" | "ESCALATE" | "AUTO_REPLY";
  confidence: number;
  conversationId: string | null;
  commentId: string | null;
  /** Messages of the burst that carry the decision. */
  decidedMessageIds: string[];
  /** Messages a deny rule set aside within the burst: IGNORE on their own. */
  ignoredMessageIds: string[];
}

/** Marks the messages (or the comment) a decision decided, and the conversation's last triage, in the caller's transaction. */
export async function recordTriage(db: Db, labels: TriageLabels): Promise<void> {
  const { decisionId, triage, confidence } = labels;
  // Comments are marked by their owner (@sillage/comments' triage), never here.
  if (labels.commentId) return;
  if (labels.decidedMessageIds.length) {
    await db.updateTable("messages").set({ triage, confidence, ai_decision_id: decisionId }).where("id", "in", labels.decidedMessageIds).execute();
  }
  if (labels.ignoredMessageIds.length) {
    await db.updateTable("messages").set({ triage: "IGNORE", confidence: 1, ai_decision_id: decisionId }).where("id", "in", labels.ignoredMessageIds).execute();
  }
  if (labels.conversationId) await db.updateTable("conversations").set({ last_triage: triage }).where("id", "=", labels.conversationId).execute();
}
