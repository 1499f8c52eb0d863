/** Decisions taken (`ai_decisions`) as the API lists them. */
import type { ScopedDb } from "@sillage/db";
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
    .select(["id", "conversation_id", "comment_id", "batch_key", "triage", "confidence", "rule_id", "rule_name", "reason", "reply", "sources", "snapshot", "outcome", "created_at"])
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
    reply: r.reply,
    sources: r.sources,
    snapshot: r.snapshot,
    outcome: r.outcome,
    createdAt: r.created_at,
  }));
  return { items, hasMore: rows.length > page.limit };
}
