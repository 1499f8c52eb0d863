import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { errorMessageOf, fieldErrorsOf } from "../../lib/errors";
import { useFormatters } from "../../lib/format";
import { useTRPC } from "../../lib/trpc";
import { useWorkspace } from "../../lib/workspace";
import { Card } from "../Card";
import { ConfirmButton } from "../ConfirmButton";
import { DataTable } from "../DataTable";
import { FormError, SelectField, TextField } from "../Field";
import { QueryStatus } from "../QueryStatus";
import { RoleBadge } from "../RoleBadge";
import { SecretReveal } from "../SecretReveal";
import { useSecretForm } from "./useSecretForm";

export function ApiTokensSettings() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { canManage } = useWorkspace();
  const format = useFormatters();
  const tokens = useQuery(trpc.apiTokens.list.queryOptions());
  const refresh = () => void queryClient.invalidateQueries(trpc.apiTokens.list.queryFilter());
  const revoke = useMutation(trpc.apiTokens.revoke.mutationOptions({ onSuccess: refresh }));

  return (
    <Card titleId="settings-tokens" title={t("tokens.title")} description={t("tokens.description")}>
      {canManage && <CreateTokenForm onCreated={refresh} />}
      <QueryStatus query={tokens} />
      <FormError message={errorMessageOf(revoke.error, t)} />
      {tokens.data && (
        <DataTable
          rows={tokens.data}
          columns={[t("tokens.name"), t("tokens.prefix"), t("members.role"), t("tokens.created"), t("tokens.lastUsed")]}
          actions={canManage}
          caption={t("tokens.title")}
          empty={t("tokens.none")}
          testId="tokens-table"
          stackOnPhone
        >
          {(tok) => (
            <tr key={tok.id} className={tok.revokedAt ? "row--revoked" : undefined}>
              <td className="cell-lead">{tok.name}</td>
              <td data-label={t("tokens.prefix")}>
                <code>{tok.prefix}…</code>
              </td>
              <td data-label={t("members.role")}>
                <RoleBadge role={tok.role} />
              </td>
              <td data-label={t("tokens.created")}>{format.date(tok.createdAt)}</td>
              <td data-label={t("tokens.lastUsed")}>{tok.lastUsedAt ? format.dateTime(tok.lastUsedAt) : <span className="muted">{t("tokens.never")}</span>}</td>
              {canManage && (
                <td className="cell-actions">
                  {tok.revokedAt ? (
                    <span className="badge badge--muted">{t("tokens.revokedOn", { date: format.date(tok.revokedAt) })}</span>
                  ) : (
                    <ConfirmButton
                      confirmLabel={t("tokens.revokeConfirm")}
                      onConfirm={() => revoke.mutate({ id: tok.id })}
                      pending={revoke.isPending}
                      testId="token-revoke"
                    >
                      {t("tokens.revoke")}
                    </ConfirmButton>
                  )}
                </td>
              )}
            </tr>
          )}
        </DataTable>
      )}
    </Card>
  );
}

function CreateTokenForm({ onCreated }: { onCreated: () => void }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const {
    mutation: create,
    created,
    dismiss,
    clientError: nameError,
    submit,
  } = useSecretForm(trpc.apiTokens.create.mutationOptions(), {
    read(form) {
      const name = String(form.get("name") ?? "").trim();
      const role: "admin" | "agent" = form.get("role") === "agent" ? "agent" : "admin";
      return name ? { input: { name, role } } : { error: t("validation.required") };
    },
    onCreated,
  });

  const fieldErrors = fieldErrorsOf(create.error);
  if (created) {
    return (
      <div className="subcard">
        <SecretReveal
          label={t("tokens.createdLabel", { name: created.name })}
          value={created.token}
          note={t("tokens.createdNote")}
          onDismiss={dismiss}
          testId="token-secret"
        />
      </div>
    );
  }
  return (
    <div className="subcard">
      <h3 className="subheading">{t("tokens.newTitle")}</h3>
      <form className="form form--inline" onSubmit={submit} noValidate>
        <FormError message={fieldErrors.name ? null : errorMessageOf(create.error, t)} />
        <TextField
          label={t("tokens.name")}
          name="name"
          maxLength={80}
          placeholder={t("tokens.namePlaceholder")}
          error={nameError ?? fieldErrors.name}
          data-testid="token-name"
        />
        <SelectField label={t("members.role")} name="role" defaultValue="admin" data-testid="token-role">
          <option value="admin">{t("roles.admin")}</option>
          <option value="agent">{t("roles.agent")}</option>
        </SelectField>
        <button type="submit" className="btn btn--primary" disabled={create.isPending} data-testid="token-create">
          {create.isPending ? t("common.saving") : t("tokens.create")}
        </button>
      </form>
    </div>
  );
}
