import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { errorMessageOf, fieldErrorsOf } from "../lib/errors";
import { useTRPC } from "../lib/trpc";
import { useWorkspace } from "../lib/workspace";
import { FormError, TextField } from "./Field";

/** Creates a workspace owned by the signed-in person and switches to it. */
export function CreateWorkspaceForm({ onDone }: { onDone?: () => void }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { switchWorkspace } = useWorkspace();
  const [clientError, setClientError] = useState<string | null>(null);
  const create = useMutation(
    trpc.workspace.create.mutationOptions({
      async onSuccess(ws) {
        // The new workspace must be in `auth.me` before switching, or the provider would fall back to another one.
        await queryClient.refetchQueries(trpc.auth.me.queryFilter());
        await switchWorkspace(ws.id);
        onDone?.();
      },
    }),
  );

  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const name = String(new FormData(e.currentTarget).get("workspaceName") ?? "").trim();
    if (!name) {
      setClientError(t("validation.required"));
      return;
    }
    setClientError(null);
    create.mutate({ name });
  }

  const fieldErrors = fieldErrorsOf(create.error);
  return (
    <form className="form" onSubmit={submit} noValidate>
      <p className="muted">{t("workspace.createIntro")}</p>
      <FormError message={fieldErrors.name ? null : errorMessageOf(create.error, t)} />
      <TextField
        label={t("workspace.nameLabel")}
        name="workspaceName"
        autoComplete="organization"
        maxLength={80}
        autoFocus
        error={clientError ?? fieldErrors.name}
        placeholder={t("workspace.namePlaceholder")}
      />
      <div className="form__actions">
        <button type="submit" className="btn btn--primary" disabled={create.isPending} data-testid="workspace-create-submit">
          {create.isPending ? t("common.saving") : t("workspace.create")}
        </button>
      </div>
    </form>
  );
}
