/** A decision as stored (`ai_decisions`): written once per batch key, with its credit and the inbox's marks. */
import type { DB, ScopedDb } from "@sillage/db";
import type { Selectable } from "kysely";
import { reasonText } from "../reasons";
import type { TriageBatch, TriageDecision } from "../types";
import type { DecideServices, DecisionContext } from "./decide";

export interface StoredDecision {
  id: string;
  batchKey: string;
  triage: TriageDecision["triage"];
  confidence: number;
  reason: string;
  /** The reason as a code with parameters (null for decisions stored before codes existed). */
  reasonCode: string | null;
  reasonParams: Record<string, unknown>;
  reply: string | null;
  ruleId: string | null;
  ruleName: string | null;
  outcome: string;
  channelId: string;
  conversationId: string | null;
  commentId: string | null;
}

/** What a new decision means for the messages (or the comment) it decided: the inbox records it (`recordTriage`). */
export interface DecisionLabels {
  decisionId: string;
  triage: TriageDecision["triage"];
  confidence: number;
  conversationId: string | null;
  commentId: string | null;
  /** Messages of the burst that carry the decision. */
  decidedMessageIds: string[];
  /** Messages a deny rule set aside: IGNORE on their own. */
  ignoredMessageIds: string[];
}

type DecisionRow = Selectable<DB["ai_decisions"]>;

export function toStored(row: DecisionRow, channelId: string): StoredDecision {
  return {
    id: row.id,
    batchKey: row.batch_key,
    triage: row.triage as TriageDecision["triage"],
    confidence: row.confidence,
    reason: row.reason,
    reasonCode: row.reason_code,
    reasonParams: (row.reason_params ?? {}) as Record<string, unknown>,
    reply: row.reply,
    ruleId: row.rule_id,
    ruleName: row.rule_name,
    outcome: row.outcome,
    channelId,
    conversationId: row.conversation_id,
    commentId: row.comment_id,
  };
}

/**
 * Stores a new decision under `batchKey` in the caller's transaction, takes its credit and lets the caller mark what
 * it decided (`alsoRecord`). Null when a decision under that key exists already (nothing is written).
 */
export async function storeDecision(
  trx: ScopedDb,
  services: DecideServices,
  d: DecisionContext & {
    workspaceId: string;
    batchKey: string;
    batch: TriageBatch;
    decision: TriageDecision;
    channelId: string;
    conversationId: string | null;
    commentId: string | null;
    revision: number;
    /** The decision this one replaces (an edited burst decided again). */
    supersedes?: string;
  },
  alsoRecord?: (trx: ScopedDb, labels: DecisionLabels) => Promise<void>,
): Promise<StoredDecision | null> {
  const { decision } = d;
  const outcome = decision.triage !== "AUTO_REPLY" ? "not_applicable" : d.aiOn ? "pending" : "blocked_ai_off";
  const inserted = await trx
    .insertInto("ai_decisions")
    .values({
      workspace_id: d.workspaceId,
      conversation_id: d.conversationId,
      comment_id: d.commentId,
      batch_key: d.batchKey,
      triage: decision.triage,
      confidence: decision.confidence,
      rule_id: decision.rule?.id ?? null,
      rule_name: decision.rule?.name ?? null,
      reason: decision.reason,
      reason_code: decision.reasonCode,
      reason_params: JSON.stringify(decision.reasonParams),
      reply: decision.reply,
      sources: JSON.stringify(decision.sources),
      snapshot: JSON.stringify({ ...decision.snapshot, aiEnabled: d.aiOn, channelId: d.channelId, revision: d.revision, ...(d.supersedes ? { supersedes: d.supersedes } : {}) }),
      outcome,
    })
    .onConflict((oc) => oc.columns(["workspace_id", "batch_key"]).doNothing())
    .returningAll()
    .executeTakeFirst();
  if (!inserted) return null;
  let stored = inserted;
  if (outcome === "pending" && services.consumeCredit && !(await services.consumeCredit(trx, inserted.id))) {
    const reason = { code: "no_credits" as const, params: {} };
    stored = await trx
      .updateTable("ai_decisions")
      .set({ triage: "ESCALATE", outcome: "not_applicable", reason_code: reason.code, reason_params: JSON.stringify(reason.params), reason: reasonText(d.state.settings.locale, reason) })
      .where("id", "=", inserted.id)
      .returningAll()
      .executeTakeFirstOrThrow();
  }
  // Messages a deny rule set aside within the burst are IGNORE on their own; the rest carry the decision.
  const ignoredIds = decision.ignored.map((i) => i.messageId);
  await alsoRecord?.(trx, {
    decisionId: inserted.id,
    triage: stored.triage as TriageDecision["triage"],
    confidence: decision.confidence,
    conversationId: d.conversationId,
    commentId: d.commentId,
    decidedMessageIds: d.batch.messages.map((m) => m.id).filter((id) => !ignoredIds.includes(id)),
    ignoredMessageIds: ignoredIds,
  });
  return toStored(stored, d.channelId);
}

