import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { Icon } from "../Icon";
import { errorMessageOf } from "../../lib/errors";
import { useTRPC } from "../../lib/trpc";
import { useWorkspace } from "../../lib/workspace";

export interface LabelView {
  id: string;
  name: string;
  colour: string;
}

/** A conversation's labels as small coloured chips (list rows, thread header). */
export function LabelChips({ labels }: { labels: readonly LabelView[] }) {
  if (!labels.length) return null;
  return (
    <span className="labels" data-testid="conversation-labels">
      {labels.map((l) => (
        <span key={l.id} className="label-chip" style={{ borderColor: l.colour }} data-testid="label-chip">
          <span className="label-chip__dot" style={{ background: l.colour }} aria-hidden="true" />
          {l.name}
        </span>
      ))}
    </span>
  );
}

/** The list's label filter: every label of the workspace. */
export function LabelFilter({ value, onChange }: { value: string | undefined; onChange: (labelId: string | undefined) => void }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const labels = useQuery(trpc.labels.list.queryOptions());
  if (!labels.data?.length) return null;
  return (
    <select className="select" aria-label={t("inbox.labels.button")} value={value ?? ""} onChange={(e) => onChange(e.target.value || undefined)} data-testid="inbox-filter-label">
      <option value="">{t("inbox.labels.filterAll")}</option>
      {labels.data.map((l) => (
        <option key={l.id} value={l.id}>
          {l.name}
        </option>
      ))}
    </select>
  );
}

/** The colours offered for a new label (any #rrggbb is accepted by the API). */
const COLOURS = { green: "#1f9d55", blue: "#2563eb", amber: "#d97706", red: "#dc2626", violet: "#7c3aed", grey: "#6b7280" } as const;

/**
 * The thread header's labels: a menu of the workspace's labels, each ticked on or off for this conversation; admins
 * also create a label there (name and colour).
 */
export function LabelPicker({ conversationId, labels }: { conversationId: string; labels: readonly LabelView[] }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { canManage } = useWorkspace();
  const all = useQuery(trpc.labels.list.queryOptions());
  const [name, setName] = useState("");
  const [colour, setColour] = useState<string>(COLOURS.green);
  const refresh = () => {
    void queryClient.invalidateQueries(trpc.inbox.messages.queryFilter());
    void queryClient.invalidateQueries(trpc.inbox.conversations.infiniteQueryFilter());
  };
  const toggle = useMutation(trpc.labels.setOnConversation.mutationOptions({ onSuccess: refresh }));
  const remove = useMutation(
    trpc.labels.delete.mutationOptions({
      onSuccess: () => {
        void queryClient.invalidateQueries(trpc.labels.list.queryFilter());
        refresh();
      },
    }),
  );
  const create = useMutation(
    trpc.labels.create.mutationOptions({
      onSuccess: (label) => {
        setName("");
        void queryClient.invalidateQueries(trpc.labels.list.queryFilter());
        toggle.mutate({ conversationId, labelId: label.id, on: true });
      },
    }),
  );
  const on = new Set(labels.map((l) => l.id));

  function onCreate(e: FormEvent) {
    e.preventDefault();
    if (name.trim()) create.mutate({ name: name.trim(), colour });
  }

  return (
    <details className="thread-menu" data-testid="thread-labels">
      <summary className="btn btn--sm" title={t("inbox.labels.button")}>
        <Icon name="tag" size={16} />
        <span className="thread__action-text">{t("inbox.labels.button")}</span>
      </summary>
      <div className="thread-menu__panel">
        {all.data?.length ? (
          <ul className="thread-menu__list">
            {all.data.map((l) => (
              <li key={l.id}>
                <label className="inbox__check">
                  <input
                    type="checkbox"
                    checked={on.has(l.id)}
                    disabled={toggle.isPending}
                    onChange={(e) => toggle.mutate({ conversationId, labelId: l.id, on: e.target.checked })}
                    data-testid="label-toggle"
                    data-label-name={l.name}
                  />
                  <span className="label-chip__dot" style={{ background: l.colour }} aria-hidden="true" />
                  {l.name}
                </label>
                {/* Deleting takes the label off every conversation of the workspace. */}
                {canManage && (
                  <button
                    type="button"
                    className="btn btn--ghost btn--sm"
                    onClick={() => {
                      if (window.confirm(t("inbox.labels.deleteConfirm", { name: l.name }))) remove.mutate({ id: l.id });
                    }}
                    disabled={remove.isPending}
                    aria-label={t("inbox.labels.delete", { name: l.name })}
                    data-testid="label-delete"
                  >
                    ×
                  </button>
                )}
              </li>
            ))}
          </ul>
        ) : (
          <p className="small muted">{t("inbox.labels.none")}</p>
        )}
        {canManage && (
          <form className="thread-menu__form" onSubmit={onCreate}>
            <input
              className="input"
              value={name}
              maxLength={40}
              onChange={(e) => setName(e.target.value)}
              aria-label={t("inbox.labels.newName")}
              placeholder={t("inbox.labels.newName")}
              data-testid="label-new-name"
            />
            <select className="select" value={colour} onChange={(e) => setColour(e.target.value)} aria-label={t("inbox.labels.colour")}>
              {Object.entries(COLOURS).map(([key, c]) => (
                <option key={c} value={c}>
                  {t(`inbox.labels.colours.${key as keyof typeof COLOURS}`)}
                </option>
              ))}
            </select>
            <button type="submit" className="btn btn--sm" disabled={create.isPending || !name.trim()} data-testid="label-create">
              {t("inbox.labels.create")}
            </button>
          </form>
        )}
        {(toggle.error ?? create.error ?? remove.error) && <p className="alert alert--error">{errorMessageOf(toggle.error ?? create.error ?? remove.error, t)}</p>}
      </div>
    </details>
  );
}
