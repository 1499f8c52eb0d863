import { consumeCredit } from "@sillage/billing";
import { raiseWorkspaceEvent, type Database } from "@sillage/db";
import { recordTriage, type BatchHandler } from "@sillage/inbox";
import type { ModelProvider } from "@sillage/triage";
import { queueReembed } from "@sillage/triage/jobs";
import { queueAutomaticReply } from "./queue-reply";
import { decideBatch as decideAndStore, NothingToTriageError, type DecideBatchInput, type DecideBatchResult, type DecideServices } from "@sillage/triage/store";

/**
 * Decides a burst (or a comment) once: triage stores its decision, and in the same transaction the inbox marks the
 * messages, the comment and the conversation with it (each table written by its owner) and raises `inbox.triaged`:
 * an escalation or an ignored burst sends nothing, so without it the list's « waiting for a person » and the open
 * thread's decision stayed unseen until a reload (`inbox.decision` stays the outcome's event: sent, refused…).
 */
export function decideBatch(db: Database, services: DecideServices, input: DecideBatchInput): Promise<DecideBatchResult> {
  return decideAndStore(db, services, input, async (trx, labels) => {
    await recordTriage(trx, labels);
    if (labels.conversationId) {
      await raiseWorkspaceEvent(trx, input.workspaceId, "inbox.triaged", { conversationId: labels.conversationId, decisionId: labels.decisionId, triage: labels.triage });
    }
  });
}

/**
 * Triage downstream of burst batching: one decision per batch (stored with its snapshot, never twice), and for an
 * AUTO_REPLY the reply queued on the single outbound path, which checks the AI control again at send time.
 */
export function decideAndReply(ai: ModelProvider): BatchHandler {
  return async (batch, deps) => {
    // An automatic reply costs one credit, taken with its decision (once per decision); none left → ESCALATE "no_credits".
    const consume = (trx: Parameters<typeof consumeCredit>[0], decisionId: string) => consumeCredit(trx, batch.workspaceId, decisionId, deps.clock);
    let result: DecideBatchResult;
    try {
      result = await decideBatch(deps.db, { ai, clock: deps.clock, consumeCredit: consume }, {
        workspaceId: batch.workspaceId,
        conversationId: batch.conversationId,
        messageIds: batch.messages.map((m) => m.id),
        batchKey: batch.batchKey,
      });
    } catch (err) {
      // Every message of the burst was unsent after the inbox read it: nothing to decide, nothing to answer.
      if (err instanceof NothingToTriageError) return;
      throw err;
    }
    if (result.staleKnowledge) {
      await queueReembed(deps.db, batch.workspaceId);
    }
    const reply = result.decision.reply;
    // A retried batch whose reply was decided but never queued (the worker died in between) still gets it.
    const resumed = !result.created && result.decision.outcome === "pending";
    if (!(result.send || resumed) || !reply) return;
    await queueAutomaticReply(deps, { workspaceId: batch.workspaceId, conversationId: batch.conversationId, messageIds: batch.messages.map((m) => m.id) }, result.decision);
  };
}
