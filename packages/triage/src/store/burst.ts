/** A conversation's burst as triage reads it, and how far its customer changed it since it arrived. */
import { sql, type ScopedDb } from "@sillage/db";
import type { TriageBatch } from "../types";

export class NothingToTriageError extends Error {}

/**
 * How far the customer changed a burst since it arrived: every edit of its messages and every message unsent. It only
 * grows (edits are kept, an unsend is final), so a decision taken at one revision is never mistaken for a later one.
 */
export async function batchRevision(trx: ScopedDb, messageIds: string[]): Promise<number> {
  const row = await trx
    .selectFrom("messages")
    .select(sql<number>`(coalesce(sum(edit_count), 0) + count(*) filter (where deleted_at is not null))::int`.as("revision"))
    .where("id", "in", messageIds)
    .executeTakeFirstOrThrow();
  return row.revision;
}

/** A burst of a conversation as triage reads it: its messages not unsent (their current text), and its revision. */
export async function loadBurst(trx: ScopedDb, input: { conversationId: string; messageIds: string[]; batchKey?: string }) {
  if (!input.messageIds.length) throw new NothingToTriageError("No messages in the batch");
  const conv = await trx.selectFrom("conversations").select(["id", "channel_id", "last_human_reply_at"]).where("id", "=", input.conversationId).executeTakeFirst();
  if (!conv) throw new NothingToTriageError(`Conversation ${input.conversationId} not found`);
  const msgs = await trx
    .selectFrom("messages")
    .select(["id", "text", sql<boolean>`coalesce(raw->>'standby' = 'true', false)`.as("standby")])
    .where("conversation_id", "=", conv.id)
    .where("id", "in", input.messageIds)
    .where("direction", "=", "in")
    // Unsent by the customer before the decision: not triaged, never answered.
    .where("deleted_at", "is", null)
    .orderBy("platform_timestamp")
    .orderBy("id")
    .execute();
  if (!msgs.length) throw new NothingToTriageError("None of the messages is an inbound message of this conversation not unsent");
  const lastAgent = await trx
    .selectFrom("messages")
    .select(sql<Date | null>`max(platform_timestamp)`.as("at"))
    .where("conversation_id", "=", conv.id)
    .where("author", "=", "agent")
    .executeTakeFirst();
  // Handover protocol: a message of the burst came in standby, or the latest inbound item (a message or a handover
  // notice, the inbox's `appliers/thread-control.ts`) leaves the thread to another app.
  const latest = await trx
    .selectFrom("messages")
    .select(sql<string | null>`coalesce(raw->>'threadOwner', case when raw->>'standby' = 'true' then 'other_app' else 'this_app' end)`.as("owner"))
    .where("conversation_id", "=", conv.id)
    .where("direction", "=", "in")
    .where("raw", "is not", null)
    .where((eb) => eb.or([eb("author", "=", "customer"), eb(sql`raw->>'threadOwner'`, "is not", null)]))
    .orderBy("platform_timestamp", "desc")
    .orderBy("id", "desc")
    .limit(1)
    .executeTakeFirst();
  const otherAppThread = msgs.some((m) => m.standby) || latest?.owner === "other_app";
  const human = [conv.last_human_reply_at, lastAgent?.at ?? null].filter((d): d is Date => d !== null).sort((a, b) => b.getTime() - a.getTime())[0] ?? null;
  const batch: TriageBatch = { key: input.batchKey ?? `conv:${conv.id}:${msgs[msgs.length - 1]!.id}`, messages: msgs.map((m) => ({ id: m.id, text: m.text ?? "" })), lastHumanReplyAt: human, ...(otherAppThread ? { otherAppThread } : {}) };
  return { batch, channelId: conv.channel_id, conversationId: conv.id as string | null, revision: await batchRevision(trx, input.messageIds) };
}
