import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { errorMessageOf, fieldErrorsOf } from "../../lib/errors";
import { useTRPC, type RouterOutputs } from "../../lib/trpc";
import { useWorkspace } from "../../lib/workspace";
import { Card } from "../Card";
import { ConfirmButton } from "../ConfirmButton";
import { DataTable } from "../DataTable";
import { FieldShell, FormError, TextField } from "../Field";
import { QueryStatus } from "../QueryStatus";
import { savedReplyVariables } from "../inbox/saved-replies";

type SavedReply = RouterOutputs["savedReplies"]["list"][number];

/** Saved replies: admins write them (title, shortcut, text with variables); every member sees the list. */
export function SavedRepliesSettings() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { canManage } = useWorkspace();
  const replies = useQuery(trpc.savedReplies.list.queryOptions());
  const [editing, setEditing] = useState<SavedReply | null>(null);
  const refresh = () => {
    void queryClient.invalidateQueries(trpc.savedReplies.list.queryFilter());
    void queryClient.invalidateQueries(trpc.savedReplies.forConversation.queryFilter());
  };
  const remove = useMutation(trpc.savedReplies.remove.mutationOptions({ onSuccess: refresh }));

  return (
    <Card titleId="settings-saved-replies" title={t("savedReplies.title")} description={t("savedReplies.description")}>
      {canManage && (
        <SavedReplyForm
          key={editing?.id ?? "new"}
          editing={editing}
          onDone={() => {
            setEditing(null);
            refresh();
          }}
          onCancel={() => setEditing(null)}
        />
      )}
      <QueryStatus query={replies} />
      <FormError message={errorMessageOf(remove.error, t)} />
      {replies.data && (
        <DataTable
          rows={replies.data}
          columns={[t("savedReplies.shortcut"), t("savedReplies.name"), t("savedReplies.body")]}
          actions={canManage}
          caption={t("savedReplies.title")}
          empty={t("savedReplies.none")}
          testId="saved-replies-table"
          stackOnPhone
        >
          {(r) => (
            <tr key={r.id}>
              <td data-label={t("savedReplies.shortcut")}>
                <code>/{r.shortcut}</code>
              </td>
              <td className="cell-lead">{r.title}</td>
              <td className="small">{r.body}</td>
              {canManage && (
                <td className="cell-actions">
                  <button type="button" className="btn btn--ghost btn--sm" onClick={() => setEditing(r)} data-testid="saved-reply-edit">
                    {t("savedReplies.edit")}
                  </button>
                  <ConfirmButton confirmLabel={t("savedReplies.removeConfirm")} onConfirm={() => remove.mutate({ id: r.id })} pending={remove.isPending} testId="saved-reply-remove">
                    {t("savedReplies.remove")}
                  </ConfirmButton>
                </td>
              )}
            </tr>
          )}
        </DataTable>
      )}
    </Card>
  );
}

function SavedReplyForm({ editing, onDone, onCancel }: { editing: SavedReply | null; onDone: () => void; onCancel: () => void }) {
  const { t, i18n } = useTranslation();
  const trpc = useTRPC();
  const create = useMutation(trpc.savedReplies.create.mutationOptions({ onSuccess: onDone }));
  const update = useMutation(trpc.savedReplies.update.mutationOptions({ onSuccess: onDone }));
  const mutation = editing ? update : create;
  const [missing, setMissing] = useState<Record<string, string>>({});
  const fieldErrors = fieldErrorsOf(mutation.error);

  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const input = { title: String(form.get("title") ?? "").trim(), shortcut: String(form.get("shortcut") ?? "").trim(), body: String(form.get("body") ?? "").trim() };
    const empty = Object.fromEntries(Object.entries(input).flatMap(([k, v]) => (v ? [] : [[k, t("validation.required")]])));
    setMissing(empty);
    if (Object.keys(empty).length) return;
    if (editing) update.mutate({ id: editing.id, ...input });
    else create.mutate(input, { onSuccess: () => (e.target as HTMLFormElement).reset() });
  }

  const error = (field: string) => missing[field] ?? fieldErrors[field];
  return (
    <div className="subcard">
      <h3 className="subheading">{editing ? t("savedReplies.editTitle", { shortcut: editing.shortcut }) : t("savedReplies.newTitle")}</h3>
      <form className="form" onSubmit={submit} noValidate data-testid="saved-reply-form">
        <FormError message={fieldErrors.title || fieldErrors.shortcut || fieldErrors.body ? null : errorMessageOf(mutation.error, t)} />
        <TextField label={t("savedReplies.name")} name="title" maxLength={100} defaultValue={editing?.title} error={error("title")} data-testid="saved-reply-title" />
        <TextField
          label={t("savedReplies.shortcut")}
          name="shortcut"
          maxLength={41}
          hint={t("savedReplies.shortcutHint")}
          defaultValue={editing?.shortcut}
          error={error("shortcut")}
          data-testid="saved-reply-shortcut"
        />
        <FieldShell label={t("savedReplies.body")} hint={t("savedReplies.bodyHint", { vars: savedReplyVariables(i18n.language).map((v) => `{{${v}}}`).join(", ") })} error={error("body")}>
          {(a11y) => <textarea className="input" name="body" rows={4} maxLength={4096} defaultValue={editing?.body} {...a11y} data-testid="saved-reply-body" />}
        </FieldShell>
        <div className="form__actions">
          <button type="submit" className="btn btn--primary" disabled={mutation.isPending} data-testid="saved-reply-save">
            {mutation.isPending ? t("common.saving") : editing ? t("common.save") : t("savedReplies.add")}
          </button>
          {editing && (
            <button type="button" className="btn btn--ghost" onClick={onCancel}>
              {t("common.cancel")}
            </button>
          )}
        </div>
      </form>
    </div>
  );
}
