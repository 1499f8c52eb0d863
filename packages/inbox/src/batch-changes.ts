// A burst changed by its customer after it was recorded: an edit of one of its messages, or an unsend. The appliers
// queue `inbox.batch_changed` (handled by @sillage/autoreply: decide again); these are the inbox's reads it needs.
import { sql, type Database, type ScopedDb } from "@sillage/db";
import { enqueue } from "@sillage/queue";
import type { Transaction } from "kysely";
import type { DB } from "@sillage/db";
import { batchChangedJob } from "./jobs";

type Db = Database | ScopedDb | Transaction<DB>;

/**
 * Queues the burst's new decision, debounced by the workspace's quiet window (edits in a row are decided once), in
 * the applier's transaction: a replayed webhook, which writes nothing, queues nothing.
 */
export async function queueBatchChange(trx: Db, input: { workspaceId: string; conversationId: string; batchId: string }, burstWindowSeconds: number): Promise<void> {
  // The runner compares run_at with the database's clock: real time, as for the burst itself.
  await enqueue(trx, batchChangedJob, input, {
    jobKey: `batch-changed:${input.batchId}`,
    jobKeyMode: "replace",
    runAt: new Date(Date.now() + burstWindowSeconds * 1000),
    queueName: `batch-changed:${input.conversationId}`,
  });
}

export interface ChangedBatch {
  id: string;
  batchKey: string;
  messageIds: string[];
  /** The batch job handed it to triage (its first decision is stored, or there was nothing to decide). */
  handedOff: boolean;
  /** No later burst of the conversation was recorded. */
  latest: boolean;
}

export async function loadChangedBatch(db: Db, input: { workspaceId: string; conversationId: string; batchId: string }): Promise<ChangedBatch | null> {
  const row = await db
    .selectFrom("message_batches as b")
    .select(["b.id", "b.batch_key", "b.message_ids", "b.handed_off_at"])
    .select(
      sql<boolean>`not exists (select 1 from message_batches l where l.conversation_id = b.conversation_id and (l.created_at, l.id) > (b.created_at, b.id))`.as("latest"),
    )
    .where("b.id", "=", input.batchId)
    .where("b.workspace_id", "=", input.workspaceId)
    .where("b.conversation_id", "=", input.conversationId)
    .executeTakeFirst();
  return row ? { id: row.id, batchKey: row.batch_key, messageIds: row.message_ids, handedOff: row.handed_off_at !== null, latest: row.latest } : null;
}

/**
 * Whether the customer got an answer after the burst's first message: a person's reply or an echo (not failed), or
 * an automatic reply sent. An automatic reply queued is no answer yet (it can still be cancelled), nor is one the
 * send job holds (`cancelQueuedReply` says "sending": the caller waits for it). Both times are the database's clock.
 */
export async function answeredSince(db: Db, conversationId: string, messageIds: string[]): Promise<boolean> {
  const { rows } = await sql<{ answered: boolean }>`
    select exists (
      select 1 from messages o
        left join outbound_messages ob on ob.message_id = o.id
       where o.conversation_id = ${conversationId} and o.direction = 'out'
         and o.created_at > (select min(f.created_at) from messages f where f.id = any(${messageIds}::uuid[]))
         and o.status is distinct from 'failed'
         and (o.author <> 'ai' or ob.status = 'sent' or (ob.id is null and o.status <> 'pending'))
    ) as answered`.execute(db);
  return rows[0]?.answered ?? false;
}

/**
 * Whether a person answered after the burst's first message: a reply written in Sillage or sent from the Instagram
 * app (an echo), not failed. Automatic replies do not count: one answering an earlier burst may go out after this
 * burst began, and this burst still deserves its own. Both times are the database's clock.
 */
export async function personAnsweredSince(db: Db, conversationId: string, messageIds: string[]): Promise<boolean> {
  const { rows } = await sql<{ answered: boolean }>`
    select exists (
      select 1 from messages o
       where o.conversation_id = ${conversationId} and o.direction = 'out' and o.author = 'agent'
         and o.created_at > (select min(f.created_at) from messages f where f.id = any(${messageIds}::uuid[]))
         and o.status is distinct from 'failed'
    ) as answered`.execute(db);
  return rows[0]?.answered ?? false;
}

/** Whether anything of the burst is left to answer (not every message was unsent). */
export async function batchAnswerable(db: Db, messageIds: string[]): Promise<boolean> {
  const row = await db.selectFrom("messages").select("id").where("id", "in", messageIds).where("deleted_at", "is", null).limit(1).executeTakeFirst();
  return row !== undefined;
}
