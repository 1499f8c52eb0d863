// Burst batching. Every new customer message moves one debounced job per conversation (job key
// `batch:<conversationId>`, replace mode) to "now + the workspace's quiet window". When it finally runs, it takes
// every customer message not yet batched, records them as ONE batch, and hands that batch downstream (triage).
// A message arriving while a batch runs either makes it into this batch (committed before the claim) or gets the
// new job its own arrival scheduled: never lost, never in two batches (the claim is one UPDATE … WHERE batch_id IS NULL).

import { raiseWorkspaceEvent, sql } from "@sillage/db";
import type { InboxDeps } from "./deps";

export interface BatchMessage {
  id: string;
  type: string;
  text: string | null;
  platformMessageId: string | null;
  platformTimestamp: Date;
}

/** What triage receives: one burst of one conversation. `batchKey` is unique per workspace (ai_decisions.batch_key). */
export interface ConversationBatch {
  id: string;
  batchKey: string;
  workspaceId: string;
  conversationId: string;
  channelId: string;
  platform: "whatsapp" | "instagram";
  messages: BatchMessage[];
}

/** What is done with each recorded batch: the caller of `runConversationBatch` says (see `handOffBatch`). */
export type BatchHandler = (batch: ConversationBatch, deps: InboxDeps) => Promise<void>;

/**
 * Hand-off that only announces the batch on the live stream. The product's handler of the batch job
 * (`@sillage/autoreply`) passes its own: decide, then reply.
 */
export const handOffBatch: BatchHandler = async (batch, deps) => {
  await raiseWorkspaceEvent(deps.db, batch.workspaceId, "inbox.batch", {
    conversationId: batch.conversationId,
    batchId: batch.id,
    messages: batch.messages.length,
  });
};

/** Claims the conversation's unbatched customer messages as one batch (null when there are none). */
export async function recordBatch(deps: InboxDeps, workspaceId: string, conversationId: string): Promise<string | null> {
  return deps.db.transaction().execute(async (trx) => {
    // Serialises two batch runs of one conversation (a replaced job and its successor).
    const conv = await trx
      .selectFrom("conversations")
      .select(["id"])
      .where("id", "=", conversationId)
      .where("workspace_id", "=", workspaceId)
      .forUpdate()
      .executeTakeFirst();
    if (!conv) return null;
    const pending = await trx
      .selectFrom("messages")
      .select(["id", "platform_timestamp"])
      .where("conversation_id", "=", conversationId)
      .where("direction", "=", "in")
      .where("author", "=", "customer")
      .where("batch_id", "is", null)
      // Unsent before it was batched (or a deletion's tombstone): nothing to answer.
      .where("deleted_at", "is", null)
      // An edit's placeholder (no `raw`): its message, not received yet, is batched when it comes.
      .where((eb) => eb.or([eb("raw", "is not", null), eb("edited_at", "is", null)]))
      .orderBy("platform_timestamp")
      .orderBy("created_at")
      .execute();
    if (pending.length === 0) return null;
    const first = pending[0]!;
    const last = pending[pending.length - 1]!;
    const batch = await trx
      .insertInto("message_batches")
      .values({
        workspace_id: workspaceId,
        conversation_id: conversationId,
        batch_key: `${conversationId}:${last.id}`,
        message_ids: pending.map((m) => m.id),
        message_count: pending.length,
        first_message_at: first.platform_timestamp,
        last_message_at: last.platform_timestamp,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await trx
      .updateTable("messages")
      .set({ batch_id: batch.id })
      .where(
        "id",
        "in",
        pending.map((m) => m.id),
      )
      .where("batch_id", "is", null)
      .execute();
    return batch.id;
  });
}

/**
 * The `inbox.conversation_batch` job: record the burst, then hand off every batch of the conversation not handed
 * off yet (a crash between the two, or a failing hook, is retried without re-batching).
 */
export async function runConversationBatch(
  deps: InboxDeps,
  input: { workspaceId: string; conversationId: string },
  handler: BatchHandler = handOffBatch,
): Promise<number> {
  await recordBatch(deps, input.workspaceId, input.conversationId);
  const pending = await deps.db
    .selectFrom("message_batches")
    .innerJoin("conversations", "conversations.id", "message_batches.conversation_id")
    .select([
      "message_batches.id",
      "message_batches.batch_key",
      "message_batches.message_ids",
      "conversations.channel_id",
      "conversations.platform",
    ])
    .where("message_batches.conversation_id", "=", input.conversationId)
    .where("message_batches.workspace_id", "=", input.workspaceId)
    .where("message_batches.handed_off_at", "is", null)
    .orderBy("message_batches.created_at")
    .execute();
  for (const b of pending) {
    const messages = await deps.db
      .selectFrom("messages")
      .select(["id", "type", "text", "platform_message_id", "platform_timestamp"])
      .where("id", "=", sql<string>`any(${b.message_ids}::uuid[])`)
      // Unsent since the batch was claimed, before it was decided: never answered.
      .where("deleted_at", "is", null)
      .orderBy("platform_timestamp")
      .orderBy("created_at")
      .execute();
    if (messages.length > 0) {
      await handler(
        {
          id: b.id,
          batchKey: b.batch_key,
          workspaceId: input.workspaceId,
          conversationId: input.conversationId,
          channelId: b.channel_id,
          platform: b.platform as "whatsapp" | "instagram",
          messages: messages.map((m) => ({
            id: m.id,
            type: m.type,
            text: m.text,
            platformMessageId: m.platform_message_id,
            platformTimestamp: m.platform_timestamp,
          })),
        },
        deps,
      );
    }
    await deps.db.updateTable("message_batches").set({ handed_off_at: deps.clock.now() }).where("id", "=", b.id).execute();
  }
  return pending.length;
}
