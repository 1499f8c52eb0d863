/** Decisions taken (`ai_decisions`) as the API lists them. */
import type { Database, ScopedDb } from "@sillage/db";
import type { Triage } from "../types";

export interface DecisionPage {
  limit: number;
  triage?: Triage;
  /** Decisions strictly older than this one (newest first). */
  before?: { createdAt: Date; id: string };
}

/** Decisions of the workspace `db` is scoped to, newest first; `hasMore` when another page follows. */
export async function listDecisions(db: ScopedDb, page: DecisionPage) {
  let q = db
    .selectFrom("ai_decisions")
    .select(["id", "conversation_id", "comment_id", "batch_key", "triage", "confidence", "rule_id", "rule_name", "reason", "reason_code", "reason_params", "reply", "sources", "snapshot", "outcome", "outcome_error", "outcome_message", "superseded_by", "created_at"])
    .orderBy("created_at", "desc")
    .orderBy("id", "desc")
    .limit(page.limit + 1);
  if (page.triage) q = q.where("triage", "=", page.triage);
  const before = page.before;
  if (before) q = q.where((eb) => eb.or([eb("created_at", "<", before.createdAt), eb.and([eb("created_at", "=", before.createdAt), eb("id", "<", before.id)])]));
  const rows = await q.execute();
  const items = rows.slice(0, page.limit).map((r) => ({
    id: r.id,
    conversationId: r.conversation_id,
    commentId: r.comment_id,
    batchKey: r.batch_key,
    triage: r.triage,
    confidence: r.confidence,
    rule: r.rule_id || r.rule_name ? { id: r.rule_id, name: r.rule_name } : null,
    reason: r.reason,
    // The reason as a code with parameters (null before issue 12): the web app renders it in the reader's language.
    reasonCode: r.reason_code,
    reasonParams: r.reason_params as Record<string, string | number>,
    // Messages of the burst a deny rule set aside (with the rule and the words matched); the rest was triaged.
    ignored: ((r.snapshot as { ignored?: unknown } | null)?.ignored ?? []) as { messageId: string; rule: { id: string; name: string }; reasonCode: string; reasonParams: Record<string, string | number> }[],
    reply: r.reply,
    sources: r.sources,
    snapshot: r.snapshot,
    outcome: r.outcome,
    /** Why the reply did not go out: the error class (worded by the SPA) and the gate's or platform's sentence. */
    outcomeError: r.outcome_error,
    outcomeMessage: r.outcome_message,
    /** The decision that replaced this one after the customer edited the burst (null while it is the current one). */
    supersededBy: r.superseded_by,
    createdAt: r.created_at,
  }));
  return { items, hasMore: rows.length > page.limit };
}

/**
 * Locks a decision whose reply is still to go out (`outcome = pending`), in the caller's transaction: whoever holds
 * it queues the reply once. Null when the decision has an outcome already.
 */
export async function lockPendingDecision(trx: ScopedDb, decisionId: string): Promise<{ id: string } | null> {
  const row = await trx.selectFrom("ai_decisions").select("id").where("id", "=", decisionId).where("outcome", "=", "pending").forUpdate().executeTakeFirst();
  return row ?? null;
}

/** What became of a decision's reply, and why it did not go out (the error class and the sentence given). */
export interface DecisionOutcomeRecord {
  outcome: "pending" | "sent" | "blocked_ai_off" | "suppressed_human" | "window_closed" | "not_applicable" | "failed" | "superseded" | "withdrawn";
  outcome_error: string | null;
  outcome_message: string | null;
}

export async function recordDecisionOutcome(db: Database | ScopedDb, decisionId: string, record: DecisionOutcomeRecord): Promise<void> {
  await db.updateTable("ai_decisions").set(record).where("id", "=", decisionId).execute();
}
