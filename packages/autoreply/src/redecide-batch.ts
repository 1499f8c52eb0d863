// A burst its customer edited (or partly unsent) after it was decided: decided again when it is still the
// conversation's latest and nothing answered it yet; the old decision's reply, if still queued, is cancelled, or
// goes out as the new decision's when the new one says the same. All of it in the transaction storing the new
// decision, so a crash or a retry finds either nothing done or everything done (the revision's key is unique).
import { consumeCredit, refundCredit } from "@sillage/billing";
import { raiseWorkspaceEvent, retryTransactionConflicts, withWorkspace } from "@sillage/db";
import { answeredSince, cancelQueuedReply, handOverQueuedReply, loadChangedBatch, recordTriage, withdrawUnsentBatch, type InboxDeps } from "@sillage/inbox";
import type { ModelProvider } from "@sillage/triage";
import { queueReembed } from "@sillage/triage/jobs";
import { KeepDecisionError, redecideBatch, type RedecideResult, type StoredDecision } from "@sillage/triage/store";
import { queueAutomaticReply } from "./queue-reply";

export interface BatchChange {
  workspaceId: string;
  conversationId: string;
  batchId: string;
}

/** Its first decision is still being taken: the job is retried (graphile-worker's backoff) until it is stored. */
export class BatchNotDecidedYetError extends Error {}

/** The old decision's reply is in the send job's hands: the job is retried once it is sent or back in the queue. */
export class ReplyInFlightError extends Error {}

/** Same words for the customer: the queued reply may answer the edited burst as well. */
function saysTheSame(previous: StoredDecision, next: StoredDecision): boolean {
  return previous.outcome === "pending" && next.outcome === "pending" && previous.reply !== null && previous.reply === next.reply;
}

type ChangeOutcome = RedecideResult["kind"] | "not_latest" | "answered" | "withdrawn";

/**
 * The `inbox.batch_changed` job's work. A deadlock or serialization failure against the ingest of another change of
 * the same burst rolled its transaction back whole: it runs again at once, so the change is not left to a failed
 * attempt and the queue's backoff.
 */
export function redecideChangedBatch(deps: InboxDeps & { ai: ModelProvider }, change: BatchChange): Promise<ChangeOutcome> {
  return retryTransactionConflicts(() => redecideOnce(deps, change));
}

async function redecideOnce(deps: InboxDeps & { ai: ModelProvider }, change: BatchChange): Promise<ChangeOutcome> {
  const { workspaceId, conversationId } = change;
  const batch = await loadChangedBatch(deps.db, change);
  // A later burst was recorded: its own decision reads the conversation as it is now.
  if (!batch?.latest) return "not_latest";
  if (await answeredSince(deps.db, conversationId, batch.messageIds)) return "answered";
  const consume = (trx: Parameters<typeof consumeCredit>[0], decisionId: string) => consumeCredit(trx, workspaceId, decisionId, deps.clock);
  let handedOver = false;
  const result = await redecideBatch(
    deps.db,
    { ai: deps.ai, clock: deps.clock, consumeCredit: consume },
    { workspaceId, conversationId, messageIds: batch.messageIds, batchKey: batch.batchKey },
    {
      alsoRecord: recordTriage,
      supersede: async (trx, { previous, next }) => {
        // Answered while the model was thinking: the agent sees the edit, the old decision stands.
        if (await answeredSince(trx, conversationId, batch.messageIds)) throw new KeepDecisionError("answered meanwhile");
        handedOver = saysTheSame(previous, next) && (await handOverQueuedReply(trx, previous.id, next.id));
        const cancel = handedOver ? "none" : await cancelQueuedReply(trx, workspaceId, previous.id, "superseded");
        if (cancel === "sent") throw new KeepDecisionError("the reply went out meanwhile");
        // Held by the send job right now: it goes out, or comes back queued after a refusal. Decided again after it.
        if (cancel === "sending") throw new ReplyInFlightError(`The reply of decision ${previous.id} is being sent`);
        // The old decision's reply will not go out as its own: its credit goes back (the new one took its own).
        if (previous.outcome === "pending") await refundCredit(trx, workspaceId, previous.id, deps.clock, "refund_superseded_edited");
        await raiseWorkspaceEvent(trx, workspaceId, "inbox.decision", { conversationId, decisionId: next.id, outcome: next.outcome });
      },
    },
  );
  if (result.kind === "undecided") {
    if (!batch.handedOff) throw new BatchNotDecidedYetError(`Batch ${batch.id} is not decided yet`);
    return result.kind;
  }
  if (result.kind === "kept") return result.kind;
  // Nothing of the burst left: two unsends of its last messages, each seeing the other's message still there, both
  // left it to this job. Withdrawn here (a no-op when something is left or nothing is pending).
  if (result.kind === "current" && !result.decision) {
    const left = await withWorkspace(deps.db, workspaceId, (trx) => withdrawUnsentBatch(trx, deps.clock, workspaceId, batch.id));
    if (!left) return "withdrawn";
  }
  if (result.kind === "decided" && result.staleKnowledge) await queueReembed(deps.db, workspaceId);
  // Queued once under the decision's lock: a retry after a crash between storing and queueing queues it then.
  if (result.decision?.outcome === "pending" && !handedOver) await queueAutomaticReply(deps, { workspaceId, conversationId, messageIds: batch.messageIds }, result.decision);
  return result.kind;
}
