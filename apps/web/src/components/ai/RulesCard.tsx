import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { errorMessageOf, errorsUnder, fieldErrorsOf, type FieldErrors } from "../../lib/errors";
import { useFormatters } from "../../lib/format";
import { useTRPC, type RouterInputs, type RouterOutputs } from "../../lib/trpc";
import { useWorkspace } from "../../lib/workspace";
import { Card } from "../Card";
import { ConfirmButton } from "../ConfirmButton";
import { DataTable } from "../DataTable";
import { FieldShell, FormError, SelectField, TextField } from "../Field";
import { decisionReason } from "./decision-reason";
import { DecisionPassages } from "./DecisionOutcome";

type Rule = RouterOutputs["ai"]["rules"]["list"][number];
type RuleInput = RouterInputs["ai"]["rules"]["create"];
type Replay = RouterOutputs["ai"]["replay"];
type RuleType = RuleInput["type"];

interface Draft {
  id?: string;
  type: RuleType;
  name: string;
  keywords: string;
  patterns: string;
  examples: string;
  similarityThreshold: string;
  confidenceMin: string;
  priority: string;
  enabled: boolean;
  /** Auto rules: how answers to Instagram comments go out ("" = the workspace's setting). */
  commentReplyMode: "" | "public" | "private";
}

const EMPTY: Draft = { type: "escalate", name: "", keywords: "", patterns: "", examples: "", similarityThreshold: "0.7", confidenceMin: "0.7", priority: "100", enabled: true, commentReplyMode: "" };

function toDraft(r: Rule): Draft {
  return {
    id: r.id,
    type: r.type as RuleType,
    name: r.name,
    keywords: r.keywords.join(", "),
    patterns: r.patterns.join("\n"),
    examples: r.examples.join("\n"),
    similarityThreshold: String(Math.round(r.similarityThreshold * 100) / 100),
    confidenceMin: String(Math.round(r.confidenceMin * 100) / 100),
    priority: String(r.priority),
    enabled: r.enabled,
    commentReplyMode: r.commentReplyMode ?? "",
  };
}

/** A rule that sets what the fold keeps (regular expressions, a priority or thresholds of its own) opens it when edited. */
function usesAdvanced(d: Draft): boolean {
  return Boolean(d.patterns.trim()) || d.priority !== EMPTY.priority || d.similarityThreshold !== EMPTY.similarityThreshold || d.confidenceMin !== EMPTY.confidenceMin;
}
const ADVANCED_FIELDS = ["priority", "patterns", "similarityThreshold", "confidenceMin"];

function toInput(d: Draft): RuleInput {
  const lines = (s: string) => s.split("\n").filter((l) => l.trim());
  return {
    type: d.type,
    name: d.name,
    keywords: d.keywords
      .split(",")
      .map((k) => k.trim())
      .filter(Boolean),
    patterns: lines(d.patterns),
    examples: lines(d.examples),
    similarityThreshold: Number(d.similarityThreshold),
    confidenceMin: Number(d.confidenceMin),
    priority: Number.parseInt(d.priority, 10) || 0,
    enabled: d.enabled,
    commentReplyMode: d.type === "auto" && d.commentReplyMode ? d.commentReplyMode : null,
  };
}

function ruleToInput(r: Rule): RuleInput & { id: string } {
  return { id: r.id, type: r.type as RuleType, name: r.name, keywords: r.keywords, patterns: r.patterns, examples: r.examples, similarityThreshold: r.similarityThreshold, confidenceMin: r.confidenceMin, priority: r.priority, enabled: r.enabled, commentReplyMode: r.commentReplyMode ?? null };
}

export function RulesCard() {
  const { t } = useTranslation();
  const { percent } = useFormatters();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { canManage } = useWorkspace();
  const rules = useQuery(trpc.ai.rules.list.queryOptions());
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const [replay, setReplay] = useState<Replay | null>(null);
  const [advanced, setAdvanced] = useState(false);
  const edit = (d: Draft) => {
    setDraft(d);
    setAdvanced(usesAdvanced(d));
  };
  const refresh = () => void queryClient.invalidateQueries(trpc.ai.rules.list.queryFilter());
  const done = () => {
    edit(EMPTY);
    setReplay(null);
    refresh();
  };
  const create = useMutation(trpc.ai.rules.create.mutationOptions({ onSuccess: done }));
  const update = useMutation(trpc.ai.rules.update.mutationOptions({ onSuccess: done }));
  const remove = useMutation(trpc.ai.rules.delete.mutationOptions({ onSuccess: refresh }));
  const preview = useMutation(trpc.ai.replay.mutationOptions({ onSuccess: setReplay }));
  const saveError = create.error ?? update.error ?? preview.error;
  const fieldErrors: FieldErrors = fieldErrorsOf(saveError);
  const advancedRefused = ADVANCED_FIELDS.some((f) => errorsUnder(fieldErrors, f));

  function submit(e: FormEvent) {
    e.preventDefault();
    const input = toInput(draft);
    if (draft.id) update.mutate({ ...input, id: draft.id });
    else create.mutate(input);
  }

  /** The saved rules with this draft in place (edited) or added: what the replay compares with the saved set. */
  function runReplay() {
    const saved = (rules.data ?? []).map(ruleToInput);
    const edited = toInput(draft);
    const next = draft.id ? saved.map((r) => (r.id === draft.id ? { ...edited, id: draft.id } : r)) : [...saved, edited];
    preview.mutate({ rules: next });
  }

  const set = (patch: Partial<Draft>) => setDraft((d) => ({ ...d, ...patch }));

  return (
    <Card titleId="ai-rules-title" title={t("ai.rules.title")} description={t("ai.rules.description")}>
      <FormError message={errorMessageOf(rules.error ?? remove.error, t)} />
      {rules.data && (
        <DataTable
          rows={rules.data}
          columns={[t("ai.rules.priority"), t("ai.rules.name"), t("ai.rules.type"), t("ai.rules.matches"), t("ai.rules.confidence")]}
          actions={canManage}
          empty={t("ai.rules.none")}
          testId="rules-table"
          stackOnPhone
        >
          {(r) => (
            <tr key={r.id} className={r.enabled ? undefined : "row--revoked"} data-testid="rule-row">
              <td data-label={t("ai.rules.priority")}>{r.priority}</td>
              <td className="cell-lead">
                {r.name} {!r.enabled && <span className="badge badge--muted">{t("ai.rules.disabled")}</span>}
              </td>
              <td data-label={t("ai.rules.type")}>{t(`ai.rules.types.${r.type as RuleType}`)}</td>
              <td className="small" data-label={t("ai.rules.matches")}>
                <span className="ai-chips">
                  {[...r.keywords, ...r.patterns.map((p) => `/${p}/`), ...r.examples.map((e) => `≈ ${e}`)].slice(0, 6).map((m) => (
                    <code key={m}>{m}</code>
                  ))}
                </span>
              </td>
              {/* A minimum confidence applies to automatic replies only: on other rules, no line for it on a phone's card. */}
              {r.type === "auto" ? (
                <td data-label={t("ai.rules.confidence")}>{percent(r.confidenceMin)}</td>
              ) : (
                <td className="cell-none" aria-hidden="true">
                  —
                </td>
              )}
              {canManage && (
                <td className="cell-actions">
                  <button type="button" className="btn btn--ghost btn--sm" onClick={() => edit(toDraft(r))} data-testid="rule-edit">
                    {t("ai.rules.edit")}
                  </button>
                  <ConfirmButton confirmLabel={t("ai.rules.deleteConfirm")} onConfirm={() => remove.mutate({ id: r.id })} pending={remove.isPending} testId="rule-delete">
                    {t("ai.rules.delete")}
                  </ConfirmButton>
                </td>
              )}
            </tr>
          )}
        </DataTable>
      )}

      {canManage && (
        <form className="form subcard" onSubmit={submit} data-testid="rule-form" noValidate>
          <h3 className="subheading">{draft.id ? t("ai.rules.edit") : t("ai.rules.new")}</h3>
          <div className="ai-grid">
            <SelectField label={t("ai.rules.type")} value={draft.type} onChange={(e) => set({ type: e.target.value as RuleType })} error={fieldErrors.type} data-testid="rule-type">
              {(["deny", "escalate", "auto"] as const).map((ty) => (
                <option key={ty} value={ty}>
                  {t(`ai.rules.types.${ty}`)}
                </option>
              ))}
            </SelectField>
            <TextField label={t("ai.rules.name")} value={draft.name} onChange={(e) => set({ name: e.target.value })} error={fieldErrors.name} data-testid="rule-name" />
          </div>
          <TextField
            label={t("ai.rules.keywords")}
            hint={t("ai.rules.keywordsHint")}
            value={draft.keywords}
            onChange={(e) => set({ keywords: e.target.value })}
            error={errorsUnder(fieldErrors, "keywords")}
            data-testid="rule-keywords"
          />
          <FieldShell label={t("ai.rules.examples")} hint={t("ai.rules.examplesHint")} error={errorsUnder(fieldErrors, "examples")}>
            {(a11y) => <textarea className="input ai-textarea" value={draft.examples} onChange={(e) => set({ examples: e.target.value })} data-testid="rule-examples" {...a11y} />}
          </FieldShell>
          {draft.type === "auto" && (
            <label className="field">
              <span className="field__label">{t("comments.ruleReplyMode")}</span>
              <select className="select" value={draft.commentReplyMode} onChange={(e) => set({ commentReplyMode: e.target.value as Draft["commentReplyMode"] })} data-testid="rule-comment-reply-mode">
                <option value="">{t("comments.ruleReplyModeWorkspace")}</option>
                <option value="public">{t("comments.settings.replyModePublic")}</option>
                <option value="private">{t("comments.settings.replyModePrivate")}</option>
              </select>
            </label>
          )}
          <label className="ai-check">
            <input type="checkbox" checked={draft.enabled} onChange={(e) => set({ enabled: e.target.checked })} data-testid="rule-enabled" /> {t("ai.rules.enabled")}
          </label>
          {/* Priority, regular expressions and thresholds: the defaults suit a first rule, so they wait behind a fold
              (open when the rule being edited uses them, or when one of them is refused). */}
          <details className="ai-advanced" open={advanced || advancedRefused} onToggle={(e) => setAdvanced(e.currentTarget.open)} data-testid="rule-advanced">
            <summary>{t("ai.rules.advanced")}</summary>
            <TextField label={t("ai.rules.priority")} hint={t("ai.rules.priorityHint")} type="number" value={draft.priority} onChange={(e) => set({ priority: e.target.value })} error={fieldErrors.priority} data-testid="rule-priority" />
            <FieldShell label={t("ai.rules.patterns")} hint={t("ai.rules.patternsHint")} error={errorsUnder(fieldErrors, "patterns")}>
              {(a11y) => <textarea className="input input--mono ai-textarea" value={draft.patterns} onChange={(e) => set({ patterns: e.target.value })} data-testid="rule-patterns" {...a11y} />}
            </FieldShell>
            <div className="ai-grid">
              {(
                [
                  ["similarityThreshold", "ai.rules.similarity", "rule-similarity"],
                  ["confidenceMin", "ai.rules.confidence", "rule-confidence"],
                ] as const
              )
                // The minimum confidence is asked only of an automatic reply's rule (the only one it applies to).
                .filter(([field]) => field !== "confidenceMin" || draft.type === "auto")
                .map(([field, label, testId]) => (
                  <TextField
                    key={field}
                    label={t(label)}
                    type="number"
                    step="0.05"
                    value={draft[field]}
                    onChange={(e) => set({ [field]: e.target.value })}
                    error={fieldErrors[field]}
                    data-testid={testId}
                  />
                ))}
            </div>
          </details>
          <FormError message={errorMessageOf(saveError, t)} />
          <div className="form__actions">
            <button type="button" className="btn" onClick={runReplay} disabled={preview.isPending} data-testid="rule-replay">
              {t("ai.rules.replay")}
            </button>
            {draft.id && (
              <button type="button" className="btn btn--ghost" onClick={() => (edit(EMPTY), setReplay(null))}>
                {t("ai.rules.cancelEdit")}
              </button>
            )}
            <button type="submit" className="btn btn--primary" disabled={create.isPending || update.isPending} data-testid="rule-save">
              {draft.id ? t("ai.rules.save") : t("ai.rules.create")}
            </button>
          </div>
          {replay && <ReplayView replay={replay} />}
        </form>
      )}
    </Card>
  );
}

/** One side of a replayed burst: the decision, its rule and reason, and the passages behind it when reported. */
function ReplaySideCell({ side }: { side: Replay["examples"][number]["before"] }) {
  const { t } = useTranslation();
  return (
    <td>
      <span className={`ai-triage ai-triage--${side.triage}`}>{t(`ai.triage.${side.triage}`)}</span>
      {side.rule && <span className="muted"> · {side.rule}</span>}
      <p className="small muted">{decisionReason(t, side)}</p>
      <DecisionPassages decision={side} testId="replay-passages" />
    </td>
  );
}

function ReplayView({ replay }: { replay: Replay }) {
  const { t } = useTranslation();
  const triages = ["AUTO_REPLY", "ESCALATE", "IGNORE"] as const;
  return (
    <div className="stack" data-testid="replay-result" data-changed={replay.changed}>
      <h4 className="subheading">{t("ai.replay.title")}</h4>
      <p className="muted">
        {t("ai.replay.batches", { count: replay.batches })} — <strong>{t("ai.replay.changed", { count: replay.changed })}</strong>
      </p>
      <DataTable
        rows={[
          { label: t("ai.replay.before"), counts: replay.before },
          { label: t("ai.replay.after"), counts: replay.after },
        ]}
        columns={[null, ...triages.map((tr) => t(`ai.triage.${tr}`))]}
      >
        {({ label, counts }) => (
          <tr key={label}>
            <th scope="row">{label}</th>
            {triages.map((tr) => (
              <td key={tr}>{counts[tr]}</td>
            ))}
          </tr>
        )}
      </DataTable>
      <DataTable rows={replay.examples} columns={[t("ai.replay.message"), t("ai.replay.before"), t("ai.replay.after")]} empty={t("ai.replay.none")}>
        {(ex) => (
          <tr key={ex.messageIds.join(",")}>
            <td>
              {ex.text}
              <DecisionPassages decision={ex} testId="replay-passages" />
            </td>
            <ReplaySideCell side={ex.before} />
            <ReplaySideCell side={ex.after} />
          </tr>
        )}
      </DataTable>
    </div>
  );
}
