/**
 * Replay: the current rules and a draft run over the last days of inbound messages (grouped into bursts as the inbox
 * does), and the differences are counted with examples — before anything is saved. Rule stages are exact; the answer
 * stage uses the offline answerer over the workspace's knowledge (no model calls: a preview must be quick and free).
 * Each burst is decided as of its own time, with the human-takeover window as it was then (the agents' replies
 * before it), so a conversation a person was on counts as it did live — the same on both sides of the comparison.
 */
import type { ScopedDb } from "@sillage/db";
import { KnowledgeIndex } from "../knowledge";
import { triage } from "../pipeline";
import { OfflineProvider } from "../providers/offline";
import { compileRules } from "../rules";
import type { ReasonCode, ReasonParams } from "../reasons";
import type { AiRule, DecisionPassage, Triage, TriageDecision } from "../types";
import { loadAiState, loadRules } from "./decide";
import { loadKnowledgeTexts } from "./knowledge";

export interface ReplayOptions {
  workspaceId: string;
  /** The edited rule set; unset → the saved rules (before = after). */
  draft?: AiRule[];
  draftSafetyDisabled?: string[];
  now: Date;
  days?: number;
  /** Most recent batches considered. */
  limit?: number;
  maxExamples?: number;
}

export interface ReplaySide {
  triage: Triage;
  rule: string | null;
  reason: string;
  reasonCode: ReasonCode;
  reasonParams: ReasonParams;
  /** The passages and relevances behind the decision (empty when a rule or safety decided first). */
  passages: DecisionPassage[];
  /** Messages of the burst a deny rule set aside. */
  ignored: TriageDecision["ignored"];
}

export interface ReplayResult {
  from: Date;
  to: Date;
  batches: number;
  truncated: boolean;
  before: Record<Triage, number>;
  after: Record<Triage, number>;
  changed: number;
  examples: { conversationId: string; messageIds: string[]; text: string; before: ReplaySide; after: ReplaySide }[];
}

const offline = new OfflineProvider();

export async function replayRules(db: ScopedDb, opts: ReplayOptions): Promise<ReplayResult> {
  const days = opts.days ?? 7;
  const limit = opts.limit ?? 2000;
  const from = new Date(opts.now.getTime() - days * 86_400_000);
  const state = await loadAiState(db, opts.workspaceId);
  const burst = await db.selectFrom("workspaces").select("burst_window_seconds").where("id", "=", opts.workspaceId).executeTakeFirstOrThrow();
  const messages = await db
    .selectFrom("messages")
    .select(["id", "conversation_id", "text", "platform_timestamp"])
    .where("workspace_id", "=", opts.workspaceId)
    .where("direction", "=", "in")
    .where("platform_timestamp", ">=", from)
    .where("platform_timestamp", "<=", opts.now)
    .orderBy("conversation_id")
    .orderBy("platform_timestamp")
    .orderBy("id")
    .limit(limit * 5)
    .execute();

  // Bursts: consecutive messages of a conversation closer than the workspace's burst window.
  const batches: { conversationId: string; messages: { id: string; text: string }[]; at: Date }[] = [];
  for (const m of messages) {
    const last = batches[batches.length - 1];
    if (last && last.conversationId === m.conversation_id && m.platform_timestamp.getTime() - last.at.getTime() <= burst.burst_window_seconds * 1000) {
      last.messages.push({ id: m.id, text: m.text ?? "" });
      last.at = m.platform_timestamp;
    } else {
      batches.push({ conversationId: m.conversation_id, messages: [{ id: m.id, text: m.text ?? "" }], at: m.platform_timestamp });
    }
  }
  batches.sort((a, b) => b.at.getTime() - a.at.getTime());
  const considered = batches.slice(0, limit);

  // When people answered, per conversation, far enough back to cover the window of the oldest burst.
  const takeoverMs = state.settings.humanTakeoverHours * 3_600_000;
  const agentReplies = new Map<string, number[]>();
  if (takeoverMs > 0 && considered.length) {
    const rows = await db
      .selectFrom("messages")
      .select(["conversation_id", "platform_timestamp"])
      .where("workspace_id", "=", opts.workspaceId)
      .where("author", "=", "agent")
      .where("conversation_id", "in", [...new Set(considered.map((b) => b.conversationId))])
      .where("platform_timestamp", ">=", new Date(from.getTime() - takeoverMs))
      .where("platform_timestamp", "<=", opts.now)
      .orderBy("platform_timestamp")
      .execute();
    for (const r of rows) (agentReplies.get(r.conversation_id) ?? agentReplies.set(r.conversation_id, []).get(r.conversation_id)!).push(r.platform_timestamp.getTime());
  }
  const lastHumanReplyBefore = (conversationId: string, at: Date): Date | null => {
    const times = agentReplies.get(conversationId);
    let last: number | null = null;
    for (const t of times ?? []) {
      if (t > at.getTime()) break;
      last = t;
    }
    return last === null ? null : new Date(last);
  };

  const texts = await loadKnowledgeTexts(db, opts.workspaceId);
  const index = new KnowledgeIndex(
    offline.embedder,
    texts.map((t) => ({ ...t, vector: offline.embedder.embedOne(t.text) })),
  );
  const current = compileRules(await loadRules(db, opts.workspaceId));
  const draft = opts.draft ? compileRules(opts.draft) : current;
  const draftSettings = { ...state.settings, safetyDisabled: opts.draftSafetyDisabled ?? state.settings.safetyDisabled };

  const zero = (): Record<Triage, number> => ({ IGNORE: 0, ESCALATE: 0, AUTO_REPLY: 0 });
  const result: ReplayResult = { from, to: opts.now, batches: considered.length, truncated: batches.length > considered.length, before: zero(), after: zero(), changed: 0, examples: [] };
  const side = (d: TriageDecision): ReplaySide => ({
    triage: d.triage,
    rule: d.rule?.name ?? null,
    reason: d.reason,
    reasonCode: d.reasonCode,
    reasonParams: d.reasonParams,
    passages: d.passages,
    ignored: d.ignored,
  });
  for (const b of considered) {
    const batch = { key: `replay:${b.messages[b.messages.length - 1]!.id}`, messages: b.messages, lastHumanReplyAt: lastHumanReplyBefore(b.conversationId, b.at) };
    const before = await triage(batch, { rules: current, provider: offline, retriever: index, settings: state.settings, now: b.at });
    const after = draft === current && !opts.draftSafetyDisabled ? before : await triage(batch, { rules: draft, provider: offline, retriever: index, settings: draftSettings, now: b.at });
    result.before[before.triage]++;
    result.after[after.triage]++;
    if (before.triage !== after.triage || before.rule?.id !== after.rule?.id) {
      result.changed++;
      if (result.examples.length < (opts.maxExamples ?? 20)) {
        result.examples.push({ conversationId: b.conversationId, messageIds: b.messages.map((m) => m.id), text: b.messages.map((m) => m.text).join("\n").slice(0, 500), before: side(before), after: side(after) });
      }
    }
  }
  return result;
}
