// Replies that did not go out, for the workspace admins' failures page: list them, and send one again.
import { sql, type ScopedDb } from "@sillage/db";
import { enqueue } from "@sillage/queue";
import type { Clock } from "@sillage/time";
import { InboxError } from "./errors";
import { sendOutboundJob } from "./jobs";
import { assertMaySend } from "./outbound";
import { STATUS_RANK } from "./model";

/** Failed outgoing messages of the workspace `db` is scoped to, newest first (never the message text). */
export async function listFailedOutbound(db: ScopedDb, limit: number) {
  return db
    .selectFrom("outbound_messages as o")
    .innerJoin("channels as c", "c.id", "o.channel_id")
    .select(["o.id", "o.conversation_id as conversationId", "o.channel_id as channelId", "c.platform", "c.display_name as channelName", "o.error_class as errorClass", "o.error_message as errorMessage", "o.automatic", "o.updated_at as failedAt"])
    .where("o.status", "=", "failed")
    .orderBy("o.updated_at", "desc")
    .orderBy("o.id", "desc")
    .limit(limit)
    .execute();
}

export type RetryOutboundResult = "queued" | "not_failed" | "uncertain";

/**
 * Sends a failed reply again, on the conversation's send queue, after the same checks as a new one (window,
 * channel, takeover). A reply whose first try may have reached the customer ("uncertain": the process stopped
 * mid-send) is not sent again from here: a second copy is worse than a visible failure.
 */
export async function retryFailedOutbound(db: ScopedDb, deps: { clock: Clock }, workspaceId: string, outboundId: string): Promise<RetryOutboundResult> {
  const row = await db
    .selectFrom("outbound_messages as o")
    .innerJoin("conversations as v", "v.id", "o.conversation_id")
    .innerJoin("channels as c", "c.id", "o.channel_id")
    .leftJoin("messages as m", "m.id", "o.message_id")
    .select("m.platform_message_id as failedPlatformId")
    .select(["o.id", "o.status", "o.error_class", "o.message_id", "o.conversation_id", "o.automatic", "o.ai_decision_id", "o.body", "c.platform", "c.status as channel_status", "c.human_agent", "v.last_inbound_at"])
    .where("o.id", "=", outboundId)
    .where("o.workspace_id", "=", workspaceId)
    .forUpdate("o")
    .executeTakeFirst();
  if (!row || !row.conversation_id) throw new InboxError("not_found", "message_not_found");
  if (row.status !== "failed") return "not_failed";
  if (row.error_class === "uncertain") return "uncertain";
  await assertMaySend(db, {
    workspaceId,
    conversationId: row.conversation_id,
    platform: row.platform as "whatsapp" | "instagram",
    channelStatus: row.channel_status,
    humanAgent: row.human_agent,
    lastInboundAt: row.last_inbound_at,
    body: row.body as never,
    automatic: row.automatic,
    aiDecisionId: row.ai_decision_id ?? undefined,
    now: deps.clock.now(),
  });
  // A new attempt: the failed one is set aside, so its late or redelivered statuses are not taken for this one's.
  await db
    .updateTable("outbound_messages")
    .set({
      status: "queued",
      error_class: null,
      error_message: null,
      updated_at: deps.clock.now(),
      platform_id: null,
      platform_confirmed_at: null,
      ...(row.failedPlatformId ? { superseded_platform_ids: sql<string[]>`array_append(superseded_platform_ids, ${row.failedPlatformId}::text)` } : {}),
    })
    .where("id", "=", row.id)
    .execute();
  if (row.message_id) {
    await db.updateTable("messages").set({ status: "pending", status_rank: STATUS_RANK.pending, error_code: null, error_message: null }).where("id", "=", row.message_id).execute();
  }
  await enqueue(db, sendOutboundJob, { workspaceId, outboundId: row.id }, { queueName: `outbound:${row.conversation_id}` });
  return "queued";
}
