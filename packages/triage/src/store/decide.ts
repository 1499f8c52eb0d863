import { triageOutcomes } from "@sillage/observability";
/**
 * Triage with the database: load a workspace's rules, settings and knowledge, run the pipeline outside any
 * transaction (a model call may take seconds), then store the decision once per batch.
 */
import { sql, withWorkspace, type DB, type Database, type ScopedDb } from "@sillage/db";
import type { Selectable } from "kysely";
import { triage } from "../pipeline";
import type { ModelProvider } from "../providers/provider";
import { compileRules, type CompiledRules } from "../rules";
import type { Language } from "../text";
import type { AiRule, RuleType, TriageBatch, TriageDecision, TriageSettings } from "../types";
import { loadKnowledgeIndex } from "./knowledge";
import { reasonText } from "../reasons";

export interface AiRuleRow {
  id: string;
  type: string;
  name: string;
  keywords: string[];
  patterns: string[];
  examples: string[];
  similarity_threshold: number;
  confidence_min: number;
  enabled: boolean;
  priority: number;
  comment_reply_mode: string | null;
}

export function ruleFromRow(r: AiRuleRow): AiRule {
  return {
    id: r.id,
    type: r.type as RuleType,
    name: r.name,
    keywords: r.keywords,
    patterns: r.patterns,
    examples: r.examples,
    similarityThreshold: r.similarity_threshold,
    confidenceMin: r.confidence_min,
    enabled: r.enabled,
    priority: r.priority,
    commentReplyMode: r.comment_reply_mode === "public" || r.comment_reply_mode === "private" ? r.comment_reply_mode : null,
  };
}

export const RULE_COLUMNS = ["id", "type", "name", "keywords", "patterns", "examples", "similarity_threshold", "confidence_min", "enabled", "priority", "comment_reply_mode", "created_at", "updated_at"] as const;

export async function loadRules(db: ScopedDb | Database, workspaceId: string): Promise<AiRule[]> {
  const rows = await db.selectFrom("ai_rules").select(RULE_COLUMNS).where("workspace_id", "=", workspaceId).orderBy("priority").orderBy("created_at").orderBy("id").execute();
  return rows.map(ruleFromRow);
}

export interface WorkspaceAiState {
  settings: TriageSettings;
  aiEnabled: boolean;
}

export async function loadAiState(db: ScopedDb | Database, workspaceId: string): Promise<WorkspaceAiState> {
  const w = await db
    .selectFrom("workspaces")
    .select(["locale", "ai_enabled", "safety_disabled", "human_takeover_hours", "rules_version"])
    .where("id", "=", workspaceId)
    .executeTakeFirstOrThrow();
  return {
    aiEnabled: w.ai_enabled,
    settings: { locale: (w.locale === "en" ? "en" : "fr") as Language, safetyDisabled: w.safety_disabled, humanTakeoverHours: w.human_takeover_hours, rulesVersion: w.rules_version },
  };
}

// Compiled rule sets by workspace and rules version (rules_version changes with every edit).
const compiledCache = new Map<string, CompiledRules>();
const CACHE_SIZE = 200;

export async function compiledRulesFor(db: ScopedDb | Database, workspaceId: string, rulesVersion: number): Promise<CompiledRules> {
  const key = `${workspaceId}:${rulesVersion}`;
  const hit = compiledCache.get(key);
  if (hit) return hit;
  const compiled = compileRules(await loadRules(db, workspaceId));
  if (compiledCache.size >= CACHE_SIZE) compiledCache.delete(compiledCache.keys().next().value!);
  compiledCache.set(key, compiled);
  return compiled;
}

export type DecideBatchInput =
  /** `batchKey` defaults to `conv:<conversationId>:<last message id>`; pass the inbox's own key (message_batches.batch_key). */
  | { workspaceId: string; conversationId: string; messageIds: string[]; batchKey?: string }
  /** `context`: the caption of the comment's post (given by the comments package, which owns the posts). */
  | { workspaceId: string; commentId: string; context?: string | null };

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

export interface DecideBatchResult {
  decision: StoredDecision;
  /** False when the batch had already been decided (the stored decision is returned, nothing is redone). */
  created: boolean;
  /** AUTO_REPLY, AI control on for the workspace and the channel, decided now: the caller may send `decision.reply`. */
  send: boolean;
  /** Knowledge chunks waiting for re-embedding (the caller may enqueue `knowledge.reembed`). */
  staleKnowledge: number;
}

export interface DecideServices {
  ai: ModelProvider;
  clock: { now(): Date };
  /**
   * Takes one credit for a new AUTO_REPLY about to be sent, in the transaction that stores it (billing's
   * `consumeCredit`, given by the caller so triage does not depend on billing). False → the decision is stored as
   * ESCALATE with the reason `no_credits` (the reply kept as a draft for the person who takes it).
   */
  consumeCredit?: (trx: ScopedDb, decisionId: string) => Promise<boolean>;
}

export class NothingToTriageError extends Error {}

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

/**
 * The one call that triages a batch: a burst of inbound messages of one conversation, or one comment.
 * Idempotent per batch (`conv:<conversation>:<last message>` or `comment:<id>`): a second call returns the stored
 * decision with `created: false, send: false`, so no batch is ever answered twice. `alsoRecord` runs in the
 * transaction that stores a new decision: the caller marks the messages / comment with it there (their tables belong
 * to the inbox). Never throws for model errors (they are ESCALATE decisions).
 */
export async function decideBatch(
  db: Database,
  services: DecideServices,
  input: DecideBatchInput,
  /** Writes that must commit with a new decision (the inbox's triage labels), in its transaction. */
  alsoRecord?: (trx: ScopedDb, labels: DecisionLabels) => Promise<void>,
): Promise<DecideBatchResult> {
  const { workspaceId } = input;
  const loaded = await withWorkspace(db, workspaceId, async (trx) => {
    let batch: TriageBatch;
    let channelId: string;
    let conversationId: string | null = null;
    let commentId: string | null = null;
    let revision = 0;
    if ("commentId" in input) {
      const c = await trx.selectFrom("comments").select(["id", "text", "channel_id"]).where("id", "=", input.commentId).executeTakeFirst();
      if (!c) throw new NothingToTriageError(`Comment ${input.commentId} not found`);
      batch = { key: `comment:${c.id}`, messages: [{ id: c.id, text: c.text }], context: input.context ?? null };
      channelId = c.channel_id;
      commentId = c.id;
    } else {
      ({ batch, channelId, conversationId, revision } = await loadBurst(trx, input));
    }
    const existing = await trx.selectFrom("ai_decisions").selectAll().where("batch_key", "=", batch.key).executeTakeFirst();
    if (existing) return { existing, batch, channelId, conversationId, commentId } as const;
    return { existing: null, batch, channelId, conversationId, commentId, revision, ...(await loadDecisionContext(trx, services, workspaceId, channelId)) } as const;
  });

  if (loaded.existing) return { decision: toStored(loaded.existing, loaded.channelId), created: false, send: false, staleKnowledge: 0 };

  const decision = await runTriage(services, loaded);
  return withWorkspace(db, workspaceId, async (trx) => {
    const stored = await storeDecision(trx, services, { workspaceId, ...loaded, decision, batchKey: loaded.batch.key }, alsoRecord);
    if (stored) return { decision: stored, created: true, send: stored.outcome === "pending", staleKnowledge: loaded.stale };
    // Another worker decided this batch meanwhile: its decision stands.
    const row = await trx.selectFrom("ai_decisions").selectAll().where("batch_key", "=", loaded.batch.key).executeTakeFirstOrThrow();
    return { decision: toStored(row, loaded.channelId), created: false, send: false, staleKnowledge: loaded.stale };
  });
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
 * How far the customer changed a burst since it arrived: every edit of its messages and every message unsent. It only
 * grows (edits are kept, an unsend is final), so a decision taken at one revision is never mistaken for a later one.
 */
export async function batchRevision(trx: ScopedDb, messageIds: string[]): Promise<number> {
  const row = await trx
    .selectFrom("messages")
    .select(sql<number>`(coalesce(sum(edit_count), 0) + count(*) filter (where deleted_at is not null))::int`.as("revision"))
    .where("id", "in", messageIds)
    .executeTakeFirstOrThrow();
  return row.revision;
}

/** What deciding needs besides the batch: settings, the AI switches, compiled rules and the knowledge index. */
export async function loadDecisionContext(trx: ScopedDb, services: DecideServices, workspaceId: string, channelId: string) {
  const state = await loadAiState(trx, workspaceId);
  const channel = await trx.selectFrom("channels").select("ai_enabled").where("id", "=", channelId).executeTakeFirst();
  const rules = await compiledRulesFor(trx, workspaceId, state.settings.rulesVersion);
  const { index, stale } = await loadKnowledgeIndex(trx, services.ai.embedder, workspaceId);
  return { state, aiOn: state.aiEnabled && (channel?.ai_enabled ?? false), rules, index, stale };
}

type DecisionContext = Awaited<ReturnType<typeof loadDecisionContext>>;

/** The pipeline, outside any transaction (a model call may take seconds). */
export async function runTriage(services: DecideServices, loaded: DecisionContext & { batch: TriageBatch }): Promise<TriageDecision> {
  const decision = await triage(loaded.batch, {
    rules: loaded.rules,
    provider: services.ai,
    retriever: loaded.index,
    settings: loaded.state.settings,
    now: services.clock.now(),
  });
  triageOutcomes.inc({ action: decision.triage });
  return decision;
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

/** A burst of a conversation as triage reads it: its messages not unsent (their current text), and its revision. */
export async function loadBurst(trx: ScopedDb, input: { conversationId: string; messageIds: string[]; batchKey?: string }) {
  if (!input.messageIds.length) throw new NothingToTriageError("No messages in the batch");
  const conv = await trx.selectFrom("conversations").select(["id", "channel_id", "last_human_reply_at"]).where("id", "=", input.conversationId).executeTakeFirst();
  if (!conv) throw new NothingToTriageError(`Conversation ${input.conversationId} not found`);
  const msgs = await trx
    .selectFrom("messages")
    .select(["id", "text"])
    .where("conversation_id", "=", conv.id)
    .where("id", "in", input.messageIds)
    .where("direction", "=", "in")
    // Unsent by the customer before the decision: not triaged, never answered.
    .where("deleted_at", "is", null)
    .orderBy("platform_timestamp")
    .orderBy("id")
    .execute();
  if (!msgs.length) throw new NothingToTriageError("None of the messages is an inbound message of this conversation not unsent");
  const lastAgent = await trx
    .selectFrom("messages")
    .select(sql<Date | null>`max(platform_timestamp)`.as("at"))
    .where("conversation_id", "=", conv.id)
    .where("author", "=", "agent")
    .executeTakeFirst();
  const human = [conv.last_human_reply_at, lastAgent?.at ?? null].filter((d): d is Date => d !== null).sort((a, b) => b.getTime() - a.getTime())[0] ?? null;
  const batch: TriageBatch = { key: input.batchKey ?? `conv:${conv.id}:${msgs[msgs.length - 1]!.id}`, messages: msgs.map((m) => ({ id: m.id, text: m.text ?? "" })), lastHumanReplyAt: human };
  return { batch, channelId: conv.channel_id, conversationId: conv.id as string | null, revision: await batchRevision(trx, input.messageIds) };
}
