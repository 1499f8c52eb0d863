import { withWorkspace } from "@sillage/db";
import { decisionOutcomeOf, InboxError, sendOutbound, type BatchHandler } from "@sillage/inbox";
import type { ModelProvider } from "@sillage/triage";
import { decideBatch } from "@sillage/triage/store";
import { knowledgeReembed } from "./definitions/knowledge";
import { enqueue } from "./enqueue";

/**
 * Triage downstream of burst batching: one decision per batch (stored with its snapshot, never twice), and for an
 * AUTO_REPLY the reply queued on the single outbound path, which checks the AI control again at send time.
 */
export function triageBatches(ai: ModelProvider): BatchHandler {
  return async (batch, deps) => {
    const result = await decideBatch(deps.db, { ai, clock: deps.clock }, {
      workspaceId: batch.workspaceId,
      conversationId: batch.conversationId,
      messageIds: batch.messages.map((m) => m.id),
      batchKey: batch.batchKey,
    });
    if (result.staleKnowledge) {
      await enqueue(deps.db, knowledgeReembed, { workspaceId: batch.workspaceId }, { jobKey: `reembed:${batch.workspaceId}` });
    }
    const reply = result.decision.reply;
    if (!result.send || !reply) return;
    try {
      await withWorkspace(deps.db, batch.workspaceId, (trx) =>
        sendOutbound(trx, deps, {
          workspaceId: batch.workspaceId,
          conversationId: batch.conversationId,
          body: { type: "text", text: reply },
          automatic: true,
          aiDecisionId: result.decision.id,
        }),
      );
    } catch (err) {
      if (!(err instanceof InboxError)) throw err;
      // Refused before queueing (AI turned off meanwhile, a person took over, window closed): say why on the decision.
      await deps.db.updateTable("ai_decisions").set({ outcome: decisionOutcomeOf(err) }).where("id", "=", result.decision.id).execute();
    }
  };
}
