/**
 * The triage pipeline: a batch in, a TriageDecision out. Deterministic for a deterministic provider; no I/O of its
 * own (the retriever and the provider are given). Order:
 *   0. another app controls the Instagram thread (handover protocol) → ESCALATE, never an automatic reply
 *   1. built-in safety (complaint, refund, legal, urgency, person, injection) → ESCALATE, whatever the rules say
 *   2. deny rules by priority → IGNORE
 *      In a burst, deny rules are checked message by message: a denied message is set aside (listed in `ignored`
 *      with its reason) and the others go on together; the batch is IGNORE only when every message is denied.
 *   3. escalate rules by priority → ESCALATE; then a batch without words (media, emoji) that no rule caught → ESCALATE
 *   4. a person answered within the takeover window → ESCALATE (no automatic reply); a question no document can
 *      answer (an item's stock, one order, health) → ESCALATE
 *   5. auto rules by priority (or none: the workspace default) + knowledge + model → AUTO_REPLY only when the
 *      confidence reaches the rule's confidence_min and cited passages support the answer; otherwise ESCALATE.
 * Model errors and timeouts escalate; nothing here throws for a bad model.
 */
import type { ModelProvider } from "./providers/provider";
import { ProviderError } from "./providers/provider";
import type { Retriever } from "./knowledge";
import { compileRules, matchRule, type CompiledRule, type CompiledRules, type MessageView, type RuleMatch } from "./rules";
import { checkSafety, withoutDisclaimers } from "./safety";
import { isAcknowledgement, isAddressedToOther, isCompliment, isThanksWithDelight } from "./acknowledgement";
import { personTopic } from "./lexicon";
import { questionParts } from "./questions";
import { pct, reasonText, type Reason } from "./reasons";
import { detectLanguage, isTextWord, normalize, statedLanguage, WordIndex, words } from "./text";
import type { AiRule, DecisionSnapshot, DecisionStage, IgnoredMessage, Passage, TriageBatch, TriageDecision, TriageMessage, TriageSettings } from "./types";

export const DEFAULT_CONFIDENCE_MIN = 0.7;
export const DEFAULT_TOP_K = 4;
export const MODEL_TIMEOUT_MS = 20_000;

export interface TriageContext {
  rules: CompiledRules | readonly AiRule[];
  provider: ModelProvider;
  retriever: Retriever;
  settings: TriageSettings;
  now: Date;
  signal?: AbortSignal;
}

export async function triage(batch: TriageBatch, ctx: TriageContext): Promise<TriageDecision> {
  const rules = isCompiled(ctx.rules) ? ctx.rules : compileRules(ctx.rules);
  const locale = ctx.settings.locale;
  const full = viewOf(batch.messages, rules);
  const base: Omit<DecisionSnapshot, "stage" | "reasonCode"> = {
    batchKey: batch.key,
    messageIds: batch.messages.map((m) => m.id),
    rulesVersion: ctx.settings.rulesVersion,
    language: detectLanguage(full.text, locale),
    provider: ctx.provider.id,
    embedder: ctx.provider.embedder.id,
    safety: null,
    match: null,
    retrieval: [],
    retrievalThreshold: ctx.provider.retrievalThreshold,
    model: null,
    confidenceMin: null,
    ignored: [],
    at: ctx.now.toISOString(),
  };
  let ignored: IgnoredMessage[] = [];
  let view = full;
  let passages: Passage[] = [];
  const decide = (
    d: Pick<TriageDecision, "triage" | "confidence"> & Partial<Pick<TriageDecision, "reply" | "sources">>,
    stage: DecisionStage,
    stageCode: string,
    why: Reason,
    extra: Partial<DecisionSnapshot> = {},
    rule: CompiledRule | null = null,
  ): TriageDecision => ({
    triage: d.triage,
    confidence: round(d.confidence),
    reason: reasonText(locale, why),
    reasonCode: why.code,
    reasonParams: why.params,
    rule: rule ? { id: rule.rule.id, name: rule.rule.name, type: rule.rule.type } : null,
    reply: d.reply ?? null,
    sources: d.sources ?? [],
    passages: passages.map((p) => ({ title: p.title, text: p.text, score: round(p.score) })),
    ignored,
    language: base.language,
    snapshot: { ...base, ignored, ...extra, stage, reasonCode: stageCode },
  });

  // 0. Another app controls the Instagram thread (handover protocol): whatever the burst says, Sillage sends nothing.
  if (batch.otherAppThread) return decide({ triage: "ESCALATE", confidence: 1 }, "human", "thread_other_app", { code: "thread_other_app", params: {} });

  // 1. Built-in safety, over the whole burst.
  const hit = checkSafety(full.index, full.normalized, new Set(ctx.settings.safetyDisabled));
  if (hit) return decide({ triage: "ESCALATE", confidence: 1 }, "safety", `safety.${hit.category}`, { code: "safety", params: { category: hit.category, matched: hit.matched } }, { safety: hit });

  // 2. Deny rules, message by message in a burst: spam beside a question must not swallow the question.
  if (rules.byType.deny.length) {
    const kept: TriageMessage[] = [];
    let firstDeny: { rule: CompiledRule; m: RuleMatch } | null = null;
    for (const msg of batch.messages) {
      const v = batch.messages.length === 1 ? full : viewOf([msg], rules);
      const denied = firstMatch(rules.byType.deny, v);
      if (denied) {
        firstDeny ??= denied;
        ignored.push({ messageId: msg.id, rule: { id: denied.rule.rule.id, name: denied.rule.rule.name }, reasonCode: "rule_deny", reasonParams: ruleParams(denied.rule, denied.m) });
      } else kept.push(msg);
    }
    if (!kept.length && firstDeny) {
      const { rule, m } = firstDeny;
      // The whole batch is ignored: its reason says so, `ignored` would repeat it.
      ignored = batch.messages.length > 1 ? ignored : [];
      return decide({ triage: "IGNORE", confidence: m.score }, "deny", `rule.deny.${m.via}`, { code: "rule_deny", params: ruleParams(rule, m) }, { match: matchSnapshot(rule, m) }, rule);
    }
    if (ignored.length) view = viewOf(kept, rules);
  }
  const stated = statedLanguage(view.text);
  let language = (base.language = stated ?? locale);

  // 3. Escalate rules; the first match wins.
  const esc = firstMatch(rules.byType.escalate, view);
  if (esc) {
    return decide({ triage: "ESCALATE", confidence: esc.m.score }, "escalate", `rule.escalate.${esc.m.via}`, { code: "rule_escalate", params: ruleParams(esc.rule, esc.m) }, { match: matchSnapshot(esc.rule, esc.m) }, esc.rule);
  }

  // A sticker, a photo, a voice note, a reaction that no rule caught: a person looks.
  if (!view.index.words.some(isTextWord)) return decide({ triage: "ESCALATE", confidence: 1 }, "empty", "empty", { code: "empty", params: {} });

  // 4. A person is on this conversation.
  const takeoverMs = ctx.settings.humanTakeoverHours * 3_600_000;
  if (batch.lastHumanReplyAt && takeoverMs > 0 && ctx.now.getTime() - batch.lastHumanReplyAt.getTime() < takeoverMs) {
    const hours = Math.max(0, (ctx.now.getTime() - batch.lastHumanReplyAt.getTime()) / 3_600_000);
    return decide({ triage: "ESCALATE", confidence: 1 }, "human", "human_takeover", { code: "human_takeover", params: { hours: Math.floor(hours * 10) / 10, window: ctx.settings.humanTakeoverHours } });
  }
  // Thanks and acknowledgements ask nothing (after the takeover check: during a person's conversation they see it).
  if (isAcknowledgement(view.text)) return decide({ triage: "IGNORE", confidence: 1 }, "acknowledgement", "acknowledgement", { code: "acknowledgement", params: {} });
  // Questions that no document answers, however close a passage looks (sizes are not stock).
  const person = personTopic(view.normalized);
  if (person) return decide({ triage: "ESCALATE", confidence: 1 }, "knowledge", `knowledge.${person.topic}`, { code: "needs_person", params: { topic: person.topic, matched: person.matched } });
  // A comment tagging someone first speaks to them (after the questions only the owner can answer: "@lea dispo en M ?").
  if (isAddressedToOther(view.text)) return decide({ triage: "IGNORE", confidence: 1 }, "acknowledgement", "addressed_to_other", { code: "addressed_to_other", params: {} });
  // A compliment under a post or a story ("trop beau 😍") asks nothing.
  if (isCompliment(view.text)) return decide({ triage: "IGNORE", confidence: 1 }, "acknowledgement", "compliment", { code: "compliment", params: {} });
  // Thanks with good news ("thanks so much, she loved them!!") ask nothing.
  if (isThanksWithDelight(view.text)) return decide({ triage: "IGNORE", confidence: 1 }, "acknowledgement", "acknowledgement", { code: "acknowledgement", params: {} });

  // 5. Auto rules (first match by priority) or the workspace default, then knowledge and the model.
  let autoRule: CompiledRule | null = null;
  let autoMatch: RuleMatch | null = null;
  for (const rule of rules.byType.auto) {
    const m = rule.keywords.length || rule.patterns.length || rule.examples.length ? matchRule(rule, view) : { via: "keyword" as const, matched: "*", score: 1 };
    if (m) {
      autoRule = rule;
      autoMatch = m;
      break;
    }
  }
  const confidenceMin = autoRule?.rule.confidenceMin ?? ctx.settings.defaultConfidenceMin ?? DEFAULT_CONFIDENCE_MIN;
  const autoExtra: Partial<DecisionSnapshot> = { match: autoRule && autoMatch ? matchSnapshot(autoRule, autoMatch) : null, confidenceMin };
  const ruleName: Record<string, string> = autoRule ? { rule: autoRule.rule.name } : {};

  // Each question of the message is looked up on its own and must find its passage (see questions.ts).
  // What the customer says the message is not ("pas urgent, mais…") is not searched for.
  const asked = withoutDisclaimers(view.normalized) ?? view.text;
  const questions = questionParts(asked);
  const topK = ctx.settings.topK ?? DEFAULT_TOP_K;
  let unsupported: Passage[] | null = null;
  try {
    if (questions.length < 2) passages = await ctx.retriever.search(questions[0] ?? asked, topK, { signal: ctx.signal });
    else {
      const byChunk = new Map<string, Passage>();
      // At once: with a model's embedder each search is a round trip.
      const results = await Promise.all(questions.map((q) => ctx.retriever.search(q, topK, { signal: ctx.signal })));
      for (const found of results) {
        if (!found.some((p) => p.score >= ctx.provider.retrievalThreshold)) unsupported ??= found;
        for (const p of found) if ((byChunk.get(p.chunkId)?.score ?? -1) < p.score) byChunk.set(p.chunkId, p);
      }
      passages = [...byChunk.values()].sort((a, b) => b.score - a.score);
    }
  } catch (err) {
    const msg = errorMessage(err);
    return decide({ triage: "ESCALATE", confidence: 0 }, "model", "model.error", { code: "model_error", params: { error: msg } }, { ...autoExtra, model: { triage: "ESCALATE", confidence: 0, usedSources: [], error: msg } }, autoRule);
  }
  const retrieval = passages.map((p) => ({ chunkId: p.chunkId, score: round(p.score) }));
  const supported = unsupported ? [] : passages.filter((p) => p.score >= ctx.provider.retrievalThreshold);
  // "price?", "iphone battery replacement price?": no function word tells the language, the page the words found does
  // (the workspace locale would answer an English customer in French).
  if (!stated && supported.length) language = base.language = detectLanguage(supported.reduce((a, b) => (b.score > a.score ? b : a)).text, locale);
  // The vector side cannot tell a page from its translation (hashed n-grams favour whichever shares more letters): a
  // passage in the customer's language that covers the question's words as well as a supported passage in the
  // other language supports the answer too, so the reply can quote it instead of declining for the language.
  if (supported.length && !supported.some((p) => detectLanguage(p.text, locale) === language)) {
    const bar = Math.max(...supported.map((p) => p.lexical ?? 0));
    const at = Math.max(...supported.map((p) => p.score));
    for (const p of passages) if (bar > 0 && !supported.includes(p) && (p.lexical ?? 0) >= bar - 1e-9 && detectLanguage(p.text, locale) === language) supported.push({ ...p, supportedAt: at });
  }
  if (!supported.length) {
    // "Nothing" only when no passage shares a word with the message; otherwise say how close the best one came.
    const best = (unsupported ?? passages).filter((p) => (p.lexical ?? p.score) > 0).sort((a, b) => b.score - a.score)[0];
    const why: Reason = best
      ? { code: "weak_knowledge", params: { title: best.title, score: pct(best.score), threshold: pct(ctx.provider.retrievalThreshold) } }
      : { code: "no_knowledge", params: {} };
    return decide({ triage: "ESCALATE", confidence: 0 }, "knowledge", best ? "knowledge.weak" : "knowledge.none", why, { ...autoExtra, retrieval }, autoRule);
  }

  let answer;
  try {
    answer = await ctx.provider.answer(
      {
        messages: view.messages.map((m) => m.text),
        language,
        passages: supported,
        rule: autoRule ? { name: autoRule.rule.name } : null,
        ...(batch.context ? { postCaption: batch.context } : {}),
      },
      { signal: ctx.signal },
    );
  } catch (err) {
    const msg = errorMessage(err);
    return decide({ triage: "ESCALATE", confidence: 0 }, "model", "model.error", { code: "model_error", params: { error: msg } }, { ...autoExtra, retrieval, model: { triage: "ESCALATE", confidence: 0, usedSources: [], error: msg } }, autoRule);
  }
  const byId = new Map(supported.map((p) => [p.chunkId, p]));
  const cited = answer.usedSources.map((id) => byId.get(id)).filter((p): p is Passage => p !== undefined);
  const sources = cited.map((p) => ({ chunkId: p.chunkId, documentId: p.documentId, title: p.title, score: round(p.score) }));
  const extra = { ...autoExtra, retrieval, model: { triage: answer.triage, confidence: answer.confidence, usedSources: answer.usedSources } };
  const escalate = (why: Reason, code: string) => decide({ triage: "ESCALATE", confidence: answer.confidence, sources }, "model", code, why, extra, autoRule);
  const declined: Reason = { code: "model_declined", params: { explanation: answer.reason.slice(0, 300) } };

  if (answer.triage !== "AUTO_REPLY") return escalate(answer.declined === "wrong_language" ? { code: "wrong_language", params: { language } } : declined, "model.declined");
  const reply = answer.reply?.trim();
  if (!reply) return escalate(declined, "model.no_reply");
  if (!cited.length) return escalate({ code: "not_cited", params: {} }, "knowledge.not_cited");
  if (answer.confidence < confidenceMin) {
    // A cited answer short of the rule's bar is not sent, but a person can use it: it stays as a suggested reply
    // (the inbox offers it as a draft). Only AUTO_REPLY decisions are ever sent automatically.
    const why: Reason = { code: "low_confidence", params: { confidence: pct(answer.confidence), threshold: pct(confidenceMin), ...ruleName } };
    return decide({ triage: "ESCALATE", confidence: answer.confidence, reply, sources }, "model", "confidence.low", why, extra, autoRule);
  }
  // A reply in another language than the customer's is not sent (checked only when the reply says enough to tell).
  if (words(normalize(reply)).length >= 6 && detectLanguage(reply, language) !== language) return escalate({ code: "wrong_language", params: { language } }, "language.mismatch");
  return decide({ triage: "AUTO_REPLY", confidence: answer.confidence, reply, sources }, "auto", "auto", { code: "auto_reply", params: { confidence: pct(answer.confidence), ...ruleName } }, extra, autoRule);
}

interface BatchView extends MessageView {
  messages: readonly TriageMessage[];
}

function viewOf(messages: readonly TriageMessage[], rules: CompiledRules): BatchView {
  const text = messages
    .map((m) => m.text.trim())
    .filter(Boolean)
    .join("\n");
  const normalized = normalize(text);
  const ws = words(normalized);
  let vector: Float32Array | undefined;
  return { messages, text, normalized, index: new WordIndex(ws), vector: () => (vector ??= rules.embedder.embedWords(ws)) };
}

function firstMatch(list: readonly CompiledRule[], view: MessageView): { rule: CompiledRule; m: RuleMatch } | null {
  for (const rule of list) {
    const m = matchRule(rule, view);
    if (m) return { rule, m };
  }
  return null;
}

function ruleParams(rule: CompiledRule, m: RuleMatch): Record<string, string | number> {
  return { rule: rule.rule.name, via: m.via, matched: m.matched, ...(m.via === "example" ? { similarity: pct(m.score) } : {}) };
}

function isCompiled(rules: CompiledRules | readonly AiRule[]): rules is CompiledRules {
  return !Array.isArray(rules);
}

function matchSnapshot(rule: CompiledRule, m: RuleMatch): DecisionSnapshot["match"] {
  return { ruleId: rule.rule.id, via: m.via, matched: m.matched, ...(m.via === "example" ? { score: round(m.score) } : {}) };
}

function errorMessage(err: unknown): string {
  return err instanceof ProviderError ? err.message : err instanceof Error ? err.message : String(err);
}

function round(x: number): number {
  return Math.round(Math.min(1, Math.max(0, x)) * 1000) / 1000;
}

