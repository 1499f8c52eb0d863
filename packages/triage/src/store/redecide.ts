/**
 * An edited burst decided again. The customer changed a burst after its decision (an edit, or an unsend leaving the
 * rest): when its latest decision read an older revision, the burst is triaged again on what it says now (the same
 * rules, model and AI switches as `decideBatch`), and the new decision, keyed `<batch key>#rev<n>`, supersedes the
 * old one, which stays as history (`superseded_by`, `outcome` `superseded`; why its reply did not go out, if it says, stays
 * in `outcome_error`).
 * Idempotent per revision: a redelivered edit or a retried job finds the revision decided and does nothing.
 */
import { sql, withWorkspace, type Database, type ScopedDb } from "@sillage/db";
import { loadBurst, NothingToTriageError } from "./burst";
import { loadDecisionContext, runTriage, type DecideServices } from "./decide";
import { storeDecision, toStored, type DecisionLabels, type StoredDecision } from "./decision-record";

export interface RedecideInput {
  workspaceId: string;
  conversationId: string;
  messageIds: string[];
  /** The burst's own key (message_batches.batch_key): its first decision's. */
  batchKey: string;
}

export type RedecideResult =
  /** The burst has no decision yet (its first one is being taken): try again later. */
  | { kind: "undecided" }
  /** Its latest decision (given) already read this revision, or every message was unsent (none given). */
  | { kind: "current"; decision: StoredDecision | null }
  /** The caller's check refused in the transaction (an answer went out meanwhile): nothing changed. */
  | { kind: "kept" }
  | { kind: "decided"; decision: StoredDecision; previous: StoredDecision; staleKnowledge: number };

/** Thrown by `supersede` to leave the old decision standing: the transaction is rolled back whole. */
export class KeepDecisionError extends Error {}

/** Retried by its job: another run replaced the decision between reading and storing. */
export class DecisionMovedError extends Error {}

/** The customer changed the burst again (an edit, an unsend) while it was being decided: it is read and decided anew. */
class BurstMovedError extends Error {}

/** Reads of a burst that changed under a re-decision before it gives up to its job's retry. */
const BURST_MOVES = 5;

export interface RedecideHooks {
  /** The inbox's marks of the new decision on the messages (`recordTriage`). */
  alsoRecord?: (trx: ScopedDb, labels: DecisionLabels) => Promise<void>;
  /**
   * Runs in the storing transaction, the old decision locked, the new one stored: the caller deals with the old
   * decision's reply (cancel it, or hand it over when the new decision says the same). Throw KeepDecisionError to
   * keep the old decision.
   */
  supersede: (trx: ScopedDb, change: { previous: StoredDecision; next: StoredDecision }) => Promise<void>;
}

/** The burst's latest decision: its first one's key, or one of its revisions'. */
function latestDecisionOf(trx: ScopedDb, conversationId: string, batchKey: string) {
  return trx
    .selectFrom("ai_decisions")
    .selectAll()
    .where("conversation_id", "=", conversationId)
    .where(sql<boolean>`(batch_key = ${batchKey} or starts_with(batch_key, ${`${batchKey}#rev`}))`)
    .where("superseded_by", "is", null)
    .orderBy("created_at", "desc")
    .orderBy("id", "desc")
    .limit(1);
}

export async function redecideBatch(db: Database, services: DecideServices, input: RedecideInput, hooks: RedecideHooks): Promise<RedecideResult> {
  for (let read = 1; ; read++) {
    try {
      return await redecideOnce(db, services, input, hooks);
    } catch (err) {
      if (!(err instanceof BurstMovedError)) throw err;
      if (read >= BURST_MOVES) throw new DecisionMovedError(err.message);
    }
  }
}

/**
 * The burst's messages locked (id order), then its revision as it is now. Taken before the decision's row lock, in
 * the order an unsend takes them (its message, then the burst's decisions), so the two wait for each other instead
 * of deadlocking, and a change committed while the model was thinking is seen here.
 */
async function lockBurstRevision(trx: ScopedDb, messageIds: string[]): Promise<number> {
  const rows = await trx.selectFrom("messages").select(["edit_count", "deleted_at"]).where("id", "in", messageIds).orderBy("id").forUpdate().execute();
  return rows.reduce((n, m) => n + Number(m.edit_count ?? 0) + (m.deleted_at ? 1 : 0), 0);
}

async function redecideOnce(db: Database, services: DecideServices, input: RedecideInput, hooks: RedecideHooks): Promise<RedecideResult> {
  const { workspaceId } = input;
  const loaded = await withWorkspace(db, workspaceId, async (trx) => {
    let burst;
    try {
      burst = await loadBurst(trx, input);
    } catch (err) {
      if (err instanceof NothingToTriageError) return { current: null } as const;
      throw err;
    }
    const previous = await latestDecisionOf(trx, input.conversationId, input.batchKey).executeTakeFirst();
    if (!previous) return { previous: null } as const;
    // Decisions taken before revisions were recorded read revision 0.
    const seen = Number((previous.snapshot as { revision?: unknown } | null)?.revision ?? 0);
    if (seen >= burst.revision) return { current: toStored(previous, burst.channelId) } as const;
    return { ...burst, previous, ...(await loadDecisionContext(trx, services, workspaceId, burst.channelId)) } as const;
  });
  if ("current" in loaded) return { kind: "current", decision: loaded.current ?? null };
  if (!loaded.previous) return { kind: "undecided" };
  const previous = toStored(loaded.previous, loaded.channelId);

  const decision = await runTriage(services, loaded);
  try {
    return await withWorkspace(db, workspaceId, async (trx) => {
      // What the model read is what the burst says now, or it is read again.
      if ((await lockBurstRevision(trx, input.messageIds)) !== loaded.revision) throw new BurstMovedError(`The burst of ${previous.id} changed while it was decided`);
      // The old decision's row lock: queueing its reply (`lockPendingDecision`) and withdrawing it wait for us.
      const latest = await latestDecisionOf(trx, input.conversationId, input.batchKey).forUpdate().executeTakeFirst();
      if (latest?.id !== previous.id) throw new DecisionMovedError(`Decision ${previous.id} was replaced meanwhile`);
      const batchKey = `${input.batchKey}#rev${loaded.revision}`;
      const next = await storeDecision(trx, services, { workspaceId, ...loaded, commentId: null, decision, batchKey, supersedes: previous.id }, hooks.alsoRecord);
      // This revision was decided already (another run): it stands.
      if (!next) return { kind: "current", decision: null } as const;
      await hooks.supersede(trx, { previous: toStored(latest, loaded.channelId), next });
      await trx
        .updateTable("ai_decisions")
        // Replaced, whatever it said: only a reply that went out keeps its outcome (and then nothing is decided again).
        .set({ superseded_by: next.id, outcome: sql`case when outcome = 'sent' then outcome else 'superseded' end` })
        .where("id", "=", previous.id)
        .execute();
      return { kind: "decided", decision: next, previous, staleKnowledge: loaded.stale } as const;
    });
  } catch (err) {
    if (err instanceof KeepDecisionError) return { kind: "kept" };
    throw err;
  }
}
