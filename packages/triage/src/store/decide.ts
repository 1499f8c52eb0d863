import { triageOutcomes } from "@sillage/observability";
/**
 * Triage with the database: load a workspace's rules, settings and knowledge, run the pipeline outside any
 * transaction (a model call may take seconds), then store the decision once per batch.
 */
import { withWorkspace, type Database, type ScopedDb } from "@sillage/db";
import { triage } from "../pipeline";
import type { ModelProvider } from "../providers/provider";
import { compileRules, type CompiledRules } from "../rules";
import type { Language } from "../text";
import type { AiRule, RuleType, TriageBatch, TriageDecision, TriageSettings } from "../types";
import { loadBurst, NothingToTriageError } from "./burst";
import { storeDecision, toStored, type DecisionLabels, type StoredDecision } from "./decision-record";
import { loadKnowledgeIndex } from "./knowledge";

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

/** What deciding needs besides the batch: settings, the AI switches, compiled rules and the knowledge index. */
export async function loadDecisionContext(trx: ScopedDb, services: DecideServices, workspaceId: string, channelId: string) {
  const state = await loadAiState(trx, workspaceId);
  const channel = await trx.selectFrom("channels").select("ai_enabled").where("id", "=", channelId).executeTakeFirst();
  const rules = await compiledRulesFor(trx, workspaceId, state.settings.rulesVersion);
  const { index, stale } = await loadKnowledgeIndex(trx, services.ai.embedder, workspaceId);
  return { state, aiOn: state.aiEnabled && (channel?.ai_enabled ?? false), rules, index, stale };
}

export type DecisionContext = Awaited<ReturnType<typeof loadDecisionContext>>;

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

