// Internal notes: what members write on a conversation for each other. A note never reaches the customer: it is its
// own table, which nothing on the send path (`outbound.ts`) reads.

import { raiseWorkspaceEvent, type ScopedDb } from "@sillage/db";
import { sql } from "kysely";

/** Notes a thread shows at most (oldest dropped): notes are few next to messages. */
const NOTES_PER_THREAD = 200;
/** How far back a mention still marks a conversation in the list. */
const MENTION_LOOKBACK_DAYS = 14;

export interface NewNote {
  conversationId: string;
  authorUserId: string | null;
  text: string;
  /** Members the note @mentions: the caller checks that each belongs to the workspace. */
  mentionedUserIds: readonly string[];
}

/**
 * Stores a note and tells open pages (`inbox.note`; `inbox.mention` too when it mentions someone, so the mentioned
 * member's list marks the conversation). Undefined when the conversation is not this workspace's.
 */
export async function addNote(db: ScopedDb, workspaceId: string, note: NewNote) {
  const conv = await db.selectFrom("conversations").select("id").where("id", "=", note.conversationId).executeTakeFirst();
  if (!conv) return undefined;
  const mentionedUserIds = [...new Set(note.mentionedUserIds)];
  const row = await db
    .insertInto("conversation_notes")
    .values({ workspace_id: workspaceId, conversation_id: conv.id, author_user_id: note.authorUserId, text: note.text, mentioned_user_ids: mentionedUserIds })
    .returning(["id", "created_at"])
    .executeTakeFirstOrThrow();
  await raiseWorkspaceEvent(db, workspaceId, "inbox.note", { conversationId: conv.id, noteId: row.id });
  if (mentionedUserIds.length) {
    await raiseWorkspaceEvent(db, workspaceId, "inbox.mention", { conversationId: conv.id, noteId: row.id, mentionedUserIds });
  }
  return { id: row.id, conversationId: conv.id, createdAt: row.created_at, mentionedUserIds };
}

/** A conversation's notes, oldest first, with their author's and mentioned members' names; null when there is no such conversation. */
export async function listNotes(db: ScopedDb, conversationId: string) {
  if (!(await db.selectFrom("conversations").select("id").where("id", "=", conversationId).executeTakeFirst())) return null;
  const rows = await db
    .selectFrom("conversation_notes as n")
    .leftJoin("users as u", "u.id", "n.author_user_id")
    .select(["n.id", "n.text", "n.author_user_id as authorUserId", "u.name as authorName", "n.mentioned_user_ids as mentionedUserIds", "n.created_at as createdAt"])
    .where("n.conversation_id", "=", conversationId)
    .orderBy("n.created_at", "desc")
    .orderBy("n.id", "desc")
    .limit(NOTES_PER_THREAD)
    .execute();
  const ids = [...new Set(rows.flatMap((r) => r.mentionedUserIds))];
  const names = ids.length ? new Map((await db.selectFrom("users").select(["id", "name"]).where("id", "in", ids).execute()).map((u) => [u.id, u.name])) : new Map<string, string>();
  return rows.reverse().map(({ mentionedUserIds, ...note }) => ({
    ...note,
    mentions: mentionedUserIds.map((userId) => ({ userId, name: names.get(userId) ?? null })),
  }));
}

/** Conversations not resolved where a note mentioned this member lately, with the latest such mention. */
export async function listMentions(db: ScopedDb, userId: string, now: Date) {
  const since = new Date(now.getTime() - MENTION_LOOKBACK_DAYS * 86_400_000);
  const rows = await db
    .selectFrom("conversation_notes as n")
    .innerJoin("conversations as c", "c.id", "n.conversation_id")
    .select(["n.conversation_id as conversationId", (eb) => eb.fn.max("n.created_at").as("mentionedAt")])
    // `@>` on the array, so the GIN index serves it.
    .where(sql<boolean>`n.mentioned_user_ids @> ARRAY[${userId}]::uuid[]`)
    .where("n.created_at", ">=", since)
    .where("c.status", "!=", "resolved")
    .groupBy("n.conversation_id")
    .orderBy("mentionedAt", "desc")
    .limit(100)
    .execute();
  return rows.map((r) => ({ conversationId: r.conversationId, mentionedAt: new Date(r.mentionedAt) }));
}
