import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { errorMessageOf, errorsUnder, fieldErrorsOf } from "../../lib/errors";
import { useFormatters } from "../../lib/format";
import { useTRPC } from "../../lib/trpc";
import { useWorkspace } from "../../lib/workspace";
import { Card } from "../Card";
import { ConfirmButton } from "../ConfirmButton";
import { DataTable } from "../DataTable";
import { FieldShell, FormError, SelectField, TextField } from "../Field";
import { FilePicker } from "../FilePicker";
import { decisionReason } from "./decision-reason";
import { DecisionOutcome } from "./DecisionOutcome";

/** The built-in safety categories, each switchable off explicitly (prompt injection never). */
export function SafetyCard() {
  const { t, i18n } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { canManage } = useWorkspace();
  const list = useQuery(trpc.ai.safety.list.queryOptions());
  const set = useMutation(trpc.ai.safety.set.mutationOptions({ onSuccess: () => void queryClient.invalidateQueries(trpc.ai.safety.list.queryFilter()) }));
  const lang = i18n.language === "en" ? "en" : "fr";
  return (
    <Card titleId="ai-safety-title" title={t("ai.safety.title")} description={t("ai.safety.description")}>
      <FormError message={errorMessageOf(list.error ?? set.error, t)} />
      {list.data?.map((c) => {
        const name = t(`ai.safety.categories.${c.id}`, { defaultValue: c.label[lang] });
        return (
          <div className="ai-switch" key={c.id}>
            <details>
              <summary>{name}</summary>
              <p className="small muted">
                {t("ai.safety.keywords")} : {[...c.keywords.fr, ...c.keywords.en].join(", ")}
              </p>
            </details>
            {c.locked ? (
              <span className="badge">{t("ai.safety.locked")}</span>
            ) : (
              <button
                type="button"
                className="btn btn--sm ai-toggle"
                aria-pressed={c.enabled}
                disabled={!canManage || set.isPending}
                onClick={() => set.mutate({ category: c.id, enabled: !c.enabled })}
                data-testid={`safety-${c.id}`}
                data-state={c.enabled ? "on" : "off"}
              >
                {t(c.enabled ? "toggles.safetyOn" : "toggles.safetyOff", { category: name })}
              </button>
            )}
          </div>
        );
      })}
    </Card>
  );
}

function readBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ""));
    reader.onerror = () => reject(reader.error ?? new Error("read failed"));
    reader.readAsDataURL(file);
  });
}

export function KnowledgeCard() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { canManage } = useWorkspace();
  const format = useFormatters();
  const docs = useQuery(trpc.knowledge.list.queryOptions());
  const refresh = () => void queryClient.invalidateQueries(trpc.knowledge.list.queryFilter());
  const [title, setTitle] = useState("");
  const [text, setText] = useState("");
  const [kind, setKind] = useState<"text" | "markdown">("text");
  const [file, setFile] = useState<File | null>(null);
  const [formKey, setFormKey] = useState(0);
  const add = useMutation(
    trpc.knowledge.add.mutationOptions({
      onSuccess() {
        setTitle("");
        setText("");
        setFile(null);
        setFormKey((k) => k + 1);
        refresh();
      },
    }),
  );
  const remove = useMutation(trpc.knowledge.remove.mutationOptions({ onSuccess: refresh }));
  const [query, setQuery] = useState("");
  const [searched, setSearched] = useState<string | null>(null);
  const search = useQuery({ ...trpc.knowledge.search.queryOptions({ query: searched ?? "", k: 5 }), enabled: Boolean(searched) });
  const fieldErrors = fieldErrorsOf(add.error);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (file) add.mutate({ title: title.trim() || undefined, file: { name: file.name, contentBase64: await readBase64(file) } });
    else add.mutate({ title: title.trim() || undefined, text, format: kind });
  }

  return (
    <Card titleId="ai-kb-title" title={t("ai.knowledge.title")} description={t("ai.knowledge.description")}>
      {canManage && (
        <form className="form subcard" onSubmit={(e) => void submit(e)} key={formKey} noValidate>
          <div className="ai-grid">
            <TextField label={t("ai.knowledge.titleLabel")} value={title} onChange={(e) => setTitle(e.target.value)} error={fieldErrors.title} data-testid="kb-title" />
            <SelectField label={t("ai.knowledge.format")} value={kind} onChange={(e) => setKind(e.target.value as "text" | "markdown")} data-testid="kb-format">
              <option value="text">{t("ai.knowledge.formats.text")}</option>
              <option value="markdown">{t("ai.knowledge.formats.markdown")}</option>
            </SelectField>
          </div>
          <FieldShell label={t("ai.knowledge.text")} error={fieldErrors.text}>
            {(a11y) => <textarea className="input ai-textarea" value={text} disabled={Boolean(file)} onChange={(e) => setText(e.target.value)} data-testid="kb-text" {...a11y} />}
          </FieldShell>
          <FieldShell label={t("ai.knowledge.file")} error={errorsUnder(fieldErrors, "file")}>
            {(a11y) => <FilePicker a11y={a11y} accept=".txt,.md,.markdown,.pdf" file={file} onChange={setFile} testId="kb-file" />}
          </FieldShell>
          <FormError message={errorMessageOf(add.error, t)} />
          <div className="form__actions">
            <button type="submit" className="btn btn--primary" disabled={add.isPending} data-testid="kb-add">
              {t("ai.knowledge.add")}
            </button>
          </div>
        </form>
      )}
      <FormError message={errorMessageOf(docs.error ?? remove.error, t)} />
      {docs.data && (
        <DataTable rows={docs.data} empty={t("ai.knowledge.none")} testId="kb-table" stackOnPhone>
          {(d) => (
            <tr key={d.id}>
              <td className="cell-lead">{d.title}</td>
              <td>
                <span className="badge badge--muted">{t(`ai.knowledge.kinds.${d.sourceKind as "text"}`, { defaultValue: d.sourceKind })}</span>
              </td>
              <td className="small muted">
                {t("ai.knowledge.chunks", { count: d.chunks })}
                {d.staleChunks > 0 && ` · ${t("ai.knowledge.stale", { count: d.staleChunks })}`}
              </td>
              <td className="small muted">{format.date(d.createdAt)}</td>
              {canManage && (
                <td className="cell-actions">
                  <ConfirmButton confirmLabel={t("ai.knowledge.removeConfirm")} onConfirm={() => remove.mutate({ id: d.id })} pending={remove.isPending} testId="kb-remove">
                    {t("ai.knowledge.remove")}
                  </ConfirmButton>
                </td>
              )}
            </tr>
          )}
        </DataTable>
      )}
      <form
        className="form form--inline"
        onSubmit={(e) => {
          e.preventDefault();
          if (query.trim()) setSearched(query.trim());
        }}
      >
        <TextField label={t("ai.knowledge.search")} value={query} onChange={(e) => setQuery(e.target.value)} data-testid="kb-search-input" />
        <button type="submit" className="btn" data-testid="kb-search-submit">
          {t("ai.knowledge.searchSubmit")}
        </button>
      </form>
      {search.isError && <FormError message={errorMessageOf(search.error, t)} />}
      {search.data && (
        <ol className="stack" data-testid="kb-search-results">
          {search.data.passages.length === 0 && <li className="muted">{t("ai.knowledge.noResults")}</li>}
          {search.data.passages.map((p) => (
            <li key={p.chunkId}>
              <strong>{p.title}</strong>{" "}
              <span className="small muted">
                {t("ai.knowledge.score")} {format.number(p.score)}
                {!p.aboveThreshold && ` · ${t("ai.knowledge.belowThreshold")}`}
              </span>
              <p className="small">{p.text}</p>
            </li>
          ))}
        </ol>
      )}
    </Card>
  );
}

export function DecisionsCard() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const format = useFormatters();
  const decisions = useQuery(trpc.ai.decisions.queryOptions({ limit: 20 }));
  return (
    <Card titleId="ai-decisions-title" title={t("ai.decisions.title")}>
      <FormError message={errorMessageOf(decisions.error, t)} />
      {decisions.data && (
        <DataTable
          rows={decisions.data.items}
          columns={[t("ai.decisions.at"), t("ai.try.decision"), t("ai.try.reason"), t("ai.try.rule"), t("ai.decisions.outcome")]}
          empty={t("ai.decisions.none")}
          testId="decisions-table"
        >
          {(d) => (
            <tr key={d.id} data-testid="decision-row" data-outcome={d.outcome}>
              <td className="small">{format.dateTime(d.createdAt)}</td>
              <td className={`ai-triage ai-triage--${d.triage}`}>{t(`ai.triage.${d.triage as "IGNORE" | "ESCALATE" | "AUTO_REPLY"}`)}</td>
              <td className="small">{decisionReason(t, d)}</td>
              <td className="small">{d.rule?.name ?? "—"}</td>
              <td className="small">
                <DecisionOutcome triage={d.triage} outcome={d.outcome} error={d.outcomeError} message={d.outcomeMessage} />
              </td>
            </tr>
          )}
        </DataTable>
      )}
    </Card>
  );
}
