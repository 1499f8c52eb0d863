import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { errorMessageOf, fieldErrorsOf } from "../../lib/errors";
import { useFormatters } from "../../lib/format";
import { useTRPC, type RouterOutputs } from "../../lib/trpc";
import { useWorkspace } from "../../lib/workspace";
import { ConfirmButton } from "../ConfirmButton";
import { FormError, SelectField, TextField } from "../Field";
import { SecretReveal } from "../SecretReveal";

type Created = RouterOutputs["apiTokens"]["create"];

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
    <section className="card" aria-labelledby="settings-tokens">
      <div className="card__header">
        <h2 id="settings-tokens" className="card__title">
          {t("tokens.title")}
        </h2>
        <p className="card__description">{t("tokens.description")}</p>
      </div>
      {canManage && <CreateTokenForm onCreated={refresh} />}
      {tokens.isPending && (
        <p className="muted" role="status">
          {t("common.loading")}
        </p>
      )}
      {tokens.isError && <FormError message={errorMessageOf(tokens.error, t)} />}
      <FormError message={errorMessageOf(revoke.error, t)} />
      {tokens.data &&
        (tokens.data.length === 0 ? (
          <p className="muted">{t("tokens.none")}</p>
        ) : (
          <div className="table-wrap">
            <table className="table" data-testid="tokens-table">
              <caption className="sr-only">{t("tokens.title")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("tokens.name")}</th>
                  <th scope="col">{t("tokens.prefix")}</th>
                  <th scope="col">{t("members.role")}</th>
                  <th scope="col">{t("tokens.created")}</th>
                  <th scope="col">{t("tokens.lastUsed")}</th>
                  {canManage && (
                    <th scope="col">
                      <span className="sr-only">{t("common.actions")}</span>
                    </th>
                  )}
                </tr>
              </thead>
              <tbody>
                {tokens.data.map((tok) => (
                  <tr key={tok.id} className={tok.revokedAt ? "row--revoked" : undefined}>
                    <td>{tok.name}</td>
                    <td>
                      <code>{tok.prefix}…</code>
                    </td>
                    <td>
                      <span className={`badge badge--${tok.role}`}>{t(`roles.${tok.role as "admin" | "agent"}`)}</span>
                    </td>
                    <td>{format.date(tok.createdAt)}</td>
                    <td>{tok.lastUsedAt ? format.dateTime(tok.lastUsedAt) : <span className="muted">{t("tokens.never")}</span>}</td>
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
                ))}
              </tbody>
            </table>
          </div>
        ))}
    </section>
  );
}

function CreateTokenForm({ onCreated }: { onCreated: () => void }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const [created, setCreated] = useState<Created | null>(null);
  const [nameError, setNameError] = useState<string | null>(null);
  const create = useMutation(
    trpc.apiTokens.create.mutationOptions({
      onSuccess(data) {
        setCreated(data);
        onCreated();
      },
    }),
  );

  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const name = String(form.get("name") ?? "").trim();
    const role = form.get("role") === "agent" ? "agent" : "admin";
    if (!name) {
      setNameError(t("validation.required"));
      return;
    }
    setNameError(null);
    setCreated(null);
    create.mutate({ name, role });
    e.currentTarget.reset();
  }

  const fieldErrors = fieldErrorsOf(create.error);
  if (created) {
    return (
      <div className="subcard">
        <SecretReveal
          label={t("tokens.createdLabel", { name: created.name })}
          value={created.token}
          note={t("tokens.createdNote")}
          onDismiss={() => setCreated(null)}
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
