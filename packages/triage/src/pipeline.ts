/**
 * The triage pipeline: a batch in, a TriageDecision out. Deterministic for a deterministic provider; no I/O of its
 * own (the retriever and the provider are given). Order:
 *   1. built-in safety (complaint, refund, legal, urgency, person, injection) → ESCALATE, whatever the rules say
 *   2. deny rules by priority → IGNORE
 *   3. escalate rules by priority → ESCALATE; then a batch without words (media, emoji) that no rule caught → ESCALATE
 *   4. a person answered within the takeover window → ESCALATE (no automatic reply)
 *   5. auto rules by priority (or none: the workspace default) + knowledge + model → AUTO_REPLY only when the
 *      confidence reaches the rule's confidence_min and cited passages support the answer; otherwise ESCALATE.
 * Model errors and timeouts escalate; nothing here throws for a bad model.
 */
import type { ModelProvider } from "./providers/provider";
import { ProviderError } from "./providers/provider";
import type { Retriever } from "./knowledge";
import { compileRules, matchRule, type CompiledRule, type CompiledRules, type MessageView, type RuleMatch } from "./rules";
import { checkSafety, SAFETY_CATEGORIES, type SafetyHit } from "./safety";
import { detectLanguage, normalize, WordIndex, words, type Language } from "./text";
import type { AiRule, DecisionSnapshot, DecisionStage, Passage, TriageBatch, TriageDecision, TriageSettings } from "./types";

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
  const text = batch.messages
    .map((m) => m.text.trim())
    .filter(Boolean)
    .join("\n");
  const normalized = normalize(text);
  const ws = words(normalized);
  let vector: Float32Array | undefined;
  const view: MessageView = { text, normalized, index: new WordIndex(ws), vector: () => (vector ??= rules.embedder.embedWords(ws)) };
  const language = detectLanguage(text, ctx.settings.locale);
  const r = new Reasons(ctx.settings.locale);
  const base: Omit<DecisionSnapshot, "stage" | "reasonCode"> = {
    batchKey: batch.key,
    messageIds: batch.messages.map((m) => m.id),
    rulesVersion: ctx.settings.rulesVersion,
    language,
    provider: ctx.provider.id,
    embedder: ctx.provider.embedder.id,
    safety: null,
    match: null,
    retrieval: [],
    retrievalThreshold: ctx.provider.retrievalThreshold,
    model: null,
    confidenceMin: null,
    at: ctx.now.toISOString(),
  };
  const decide = (
    d: Pick<TriageDecision, "triage" | "confidence" | "reason"> & Partial<Pick<TriageDecision, "reply" | "sources">>,
    stage: DecisionStage,
    reasonCode: string,
    extra: Partial<DecisionSnapshot> = {},
    rule: CompiledRule | null = null,
  ): TriageDecision => ({
    triage: d.triage,
    confidence: round(d.confidence),
    reason: d.reason,
    rule: rule ? { id: rule.rule.id, name: rule.rule.name, type: rule.rule.type } : null,
    reply: d.reply ?? null,
    sources: d.sources ?? [],
    language,
    snapshot: { ...base, ...extra, stage, reasonCode },
  });

  // 1. Built-in safety.
  const hit = checkSafety(view.index, normalized, new Set(ctx.settings.safetyDisabled));
  if (hit) return decide({ triage: "ESCALATE", confidence: 1, reason: r.safety(hit) }, "safety", `safety.${hit.category}`, { safety: hit });

  // 2–3. Deny, then escalate rules; the first match wins.
  for (const [type, triageValue] of [
    ["deny", "IGNORE"],
    ["escalate", "ESCALATE"],
  ] as const) {
    for (const rule of rules.byType[type]) {
      const m = matchRule(rule, view);
      if (m) {
        return decide({ triage: triageValue, confidence: m.score, reason: r.rule(rule, m) }, type, `rule.${type}.${m.via}`, { match: matchSnapshot(rule, m) }, rule);
      }
    }
  }

  // A sticker, a photo, a voice note that no rule caught: a person looks.
  if (!ws.length) return decide({ triage: "ESCALATE", confidence: 1, reason: r.empty() }, "empty", "empty");

  // 4. A person is on this conversation.
  const takeoverMs = ctx.settings.humanTakeoverHours * 3_600_000;
  if (batch.lastHumanReplyAt && takeoverMs > 0 && ctx.now.getTime() - batch.lastHumanReplyAt.getTime() < takeoverMs) {
    const hours = Math.max(0, (ctx.now.getTime() - batch.lastHumanReplyAt.getTime()) / 3_600_000);
    return decide({ triage: "ESCALATE", confidence: 1, reason: r.human(hours, ctx.settings.humanTakeoverHours) }, "human", "human_takeover");
  }

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

  let passages: Passage[];
  try {
    passages = await ctx.retriever.search(text, ctx.settings.topK ?? DEFAULT_TOP_K, { signal: ctx.signal });
  } catch (err) {
    const msg = errorMessage(err);
    return decide({ triage: "ESCALATE", confidence: 0, reason: r.modelError(msg) }, "model", "model.error", { ...autoExtra, model: { triage: "ESCALATE", confidence: 0, usedSources: [], error: msg } }, autoRule);
  }
  const retrieval = passages.map((p) => ({ chunkId: p.chunkId, score: round(p.score) }));
  const supported = passages.filter((p) => p.score >= ctx.provider.retrievalThreshold);
  if (!supported.length) {
    return decide({ triage: "ESCALATE", confidence: 0, reason: r.noKnowledge() }, "knowledge", "knowledge.none", { ...autoExtra, retrieval }, autoRule);
  }

  let answer;
  try {
    answer = await ctx.provider.answer(
      { messages: batch.messages.map((m) => m.text), language, passages: supported, rule: autoRule ? { name: autoRule.rule.name } : null },
      { signal: ctx.signal },
    );
  } catch (err) {
    const msg = errorMessage(err);
    return decide({ triage: "ESCALATE", confidence: 0, reason: r.modelError(msg) }, "model", "model.error", { ...autoExtra, retrieval, model: { triage: "ESCALATE", confidence: 0, usedSources: [], error: msg } }, autoRule);
  }
  const byId = new Map(supported.map((p) => [p.chunkId, p]));
  const cited = answer.usedSources.map((id) => byId.get(id)).filter((p): p is Passage => p !== undefined);
  const sources = cited.map((p) => ({ chunkId: p.chunkId, documentId: p.documentId, title: p.title, score: round(p.score) }));
  const extra = { ...autoExtra, retrieval, model: { triage: answer.triage, confidence: answer.confidence, usedSources: answer.usedSources } };
  const escalate = (reason: string, code: string) => decide({ triage: "ESCALATE", confidence: answer.confidence, reason, sources }, "model", code, extra, autoRule);

  if (answer.triage !== "AUTO_REPLY") return escalate(r.modelDeclined(answer.reason), "model.declined");
  const reply = answer.reply?.trim();
  if (!reply) return escalate(r.modelDeclined(answer.reason), "model.no_reply");
  if (!cited.length) return escalate(r.noCitation(), "knowledge.not_cited");
  if (answer.confidence < confidenceMin) {
    // A cited answer short of the rule's bar is not sent, but a person can use it: it stays as a suggested reply
    // (the inbox offers it as a draft). Only AUTO_REPLY decisions are ever sent automatically.
    return decide({ triage: "ESCALATE", confidence: answer.confidence, reason: r.lowConfidence(answer.confidence, confidenceMin), reply, sources }, "model", "confidence.low", extra, autoRule);
  }
  // A reply in another language than the customer's is not sent (checked only when the reply says enough to tell).
  if (words(normalize(reply)).length >= 6 && detectLanguage(reply, language) !== language) return escalate(r.wrongLanguage(language), "language.mismatch");
  return decide({ triage: "AUTO_REPLY", confidence: answer.confidence, reason: r.auto(autoRule, answer.confidence), reply, sources }, "auto", "auto", extra, autoRule);
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

const pct = (x: number) => `${Math.round(x * 100)} %`;

/** Reasons in the workspace's language: they are read by the people of the business. */
class Reasons {
  constructor(private readonly lang: Language) {}
  private fr() {
    return this.lang === "fr";
  }
  empty() {
    return this.fr() ? "Aucun texte à lire (média, sticker ou réaction) : à voir par une personne." : "No text to read (media, sticker or reaction): for a person to look at.";
  }
  safety(hit: SafetyHit) {
    const label = SAFETY_CATEGORIES.find((c) => c.id === hit.category)!.label[this.lang];
    return this.fr() ? `Sécurité intégrée — ${label} (« ${hit.matched} »).` : `Built-in safety — ${label} ("${hit.matched}").`;
  }
  rule(rule: CompiledRule, m: RuleMatch) {
    const how =
      m.via === "keyword"
        ? this.fr()
          ? `mot-clé « ${m.matched} »`
          : `keyword "${m.matched}"`
        : m.via === "pattern"
          ? this.fr()
            ? `motif ${m.matched}`
            : `pattern ${m.matched}`
          : this.fr()
            ? `ressemble à « ${m.matched} » (${pct(m.score)})`
            : `similar to "${m.matched}" (${pct(m.score)})`;
    return this.fr() ? `Règle « ${rule.rule.name} » : ${how}.` : `Rule "${rule.rule.name}": ${how}.`;
  }
  human(hours: number, window: number) {
    const h = hours < 1 ? (this.fr() ? "moins d'une heure" : "less than an hour") : `${Math.floor(hours)} h`;
    return this.fr()
      ? `Une personne a répondu il y a ${h} (fenêtre de ${window} h) : pas de réponse automatique.`
      : `A person answered ${h} ago (${window} h window): no automatic reply.`;
  }
  noKnowledge() {
    return this.fr() ? "Rien dans la base de connaissances : pas de réponse automatique." : "Nothing in the knowledge base: no automatic reply.";
  }
  noCitation() {
    return this.fr() ? "La réponse ne s'appuie sur aucun passage de la base de connaissances." : "The answer relies on no passage of the knowledge base.";
  }
  modelError(msg: string) {
    return this.fr() ? `Le modèle n'a pas pu répondre (${msg}) : à traiter par une personne.` : `The model could not answer (${msg}): for a person to handle.`;
  }
  modelDeclined(reason: string) {
    return this.fr() ? `Pas de réponse automatique : ${reason}` : `No automatic reply: ${reason}`;
  }
  lowConfidence(c: number, min: number) {
    return this.fr() ? `Confiance ${pct(c)} sous le seuil de ${pct(min)}.` : `Confidence ${pct(c)} below the ${pct(min)} threshold.`;
  }
  wrongLanguage(lang: Language) {
    const l = lang === "fr" ? (this.fr() ? "français" : "French") : this.fr() ? "anglais" : "English";
    return this.fr() ? `La réponse n'est pas en ${l}, la langue du client.` : `The reply is not in ${l}, the customer's language.`;
  }
  auto(rule: CompiledRule | null, c: number) {
    if (rule) return this.fr() ? `Règle « ${rule.rule.name} » : réponse de la base de connaissances (confiance ${pct(c)}).` : `Rule "${rule.rule.name}": answered from the knowledge base (confidence ${pct(c)}).`;
    return this.fr() ? `Réponse de la base de connaissances (confiance ${pct(c)}).` : `Answered from the knowledge base (confidence ${pct(c)}).`;
  }
}
