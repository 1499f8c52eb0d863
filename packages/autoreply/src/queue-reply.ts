import { refundCredit } from "@sillage/billing";
import { raiseWorkspaceEvent, withWorkspace } from "@sillage/db";
import { ANSWERED_BY_PERSON, batchAnswerable, decisionRefusedBy, InboxError, personAnsweredSince, replyQueuedFor, sendOutbound, type InboxDeps } from "@sillage/inbox";
import { lockPendingDecision, recordDecisionOutcome, type StoredDecision } from "@sillage/triage/store";

/**
 * Queues a decision's automatic reply on the outbound path, once: under the decision's row lock, only while it is
 * `pending` (not superseded, withdrawn or refused) and has no reply queued, and only while something of the burst
 * is left to answer and no person answered it. A refusal of the gate is recorded on the decision and its credit
 * refunded.
 */
export async function queueAutomaticReply(
  deps: InboxDeps,
  target: { workspaceId: string; conversationId: string; messageIds: string[] },
  decision: Pick<StoredDecision, "id" | "reply">,
): Promise<void> {
  const { workspaceId, conversationId } = target;
  const reply = decision.reply;
  if (!reply) return;
  try {
    await withWorkspace(deps.db, workspaceId, async (trx) => {
      // The decision's row lock makes queueing its reply a one-time act, whoever gets here first.
      if (!(await lockPendingDecision(trx, decision.id))) return;
      if (await replyQueuedFor(trx, decision.id)) return;
      // Every message it answered was unsent since it was decided: nothing goes out, the credit goes back.
      if (!(await batchAnswerable(trx, target.messageIds))) {
        await recordDecisionOutcome(trx, decision.id, { outcome: "withdrawn", outcome_error: "message_unsent", outcome_message: "The customer unsent every message this reply answered." });
        await refundCredit(trx, workspaceId, decision.id, deps.clock, "refund_cancelled_unsent");
        // Open threads show the decision as pending until told otherwise: the same event as the other outcomes.
        await raiseWorkspaceEvent(trx, workspaceId, "inbox.decision", { conversationId, decisionId: decision.id, outcome: "withdrawn" });
        return;
      }
      // A person answered the burst meanwhile (from Sillage, or from the Instagram app: an echo): the reply would go
      // out on top of their answer, even with no takeover window. Held back, the credit goes back.
      if (await personAnsweredSince(trx, conversationId, target.messageIds)) {
        await recordDecisionOutcome(trx, decision.id, { outcome: "suppressed_human", outcome_error: "answered", outcome_message: ANSWERED_BY_PERSON });
        await refundCredit(trx, workspaceId, decision.id, deps.clock, "refund_refused_before_sending");
        await raiseWorkspaceEvent(trx, workspaceId, "inbox.decision", { conversationId, decisionId: decision.id, outcome: "suppressed_human" });
        return;
      }
      await sendOutbound(trx, deps, { workspaceId, conversationId, body: { type: "text", text: reply }, automatic: true, aiDecisionId: decision.id });
    });
  } catch (err) {
    if (!(err instanceof InboxError)) throw err;
    // Refused before queueing (AI turned off meanwhile, a person took over, window closed): say why on the decision.
    const refused = decisionRefusedBy(err);
    // The outcome and its refund in one transaction: a failure between them left the decision settled with its credit
    // still taken, and the retry, finding the decision no longer pending, never gave the credit back.
    await withWorkspace(deps.db, workspaceId, async (trx) => {
      await recordDecisionOutcome(trx, decision.id, refused);
      // Nothing will be sent for this decision: its credit goes back.
      await refundCredit(trx, workspaceId, decision.id, deps.clock, "refund_refused_before_sending");
      // No outbound message moves here, so no status event: the open thread learns of the outcome by this one.
      await raiseWorkspaceEvent(trx, workspaceId, "inbox.decision", { conversationId, decisionId: decision.id, outcome: refused.outcome });
    });
  }
}
