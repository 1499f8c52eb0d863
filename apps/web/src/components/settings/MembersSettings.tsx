import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { EMAIL_PATTERN } from "../../lib/auth";
import { errorMessageOf, fieldErrorsOf } from "../../lib/errors";
import { useFormatters } from "../../lib/format";
import { roleAtLeast } from "../../lib/roles";
import { useTRPC, type RouterOutputs } from "../../lib/trpc";
import { useWorkspace } from "../../lib/workspace";
import { ConfirmButton } from "../ConfirmButton";
import { FormError, SelectField, TextField } from "../Field";
import { SecretReveal } from "../SecretReveal";

type Invite = RouterOutputs["workspace"]["invite"];
type RoleKey = "owner" | "admin" | "agent";

export function MembersSettings() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { me, role, canManage } = useWorkspace();
  const format = useFormatters();
  const members = useQuery(trpc.workspace.members.queryOptions());
  const refresh = () => void queryClient.invalidateQueries(trpc.workspace.members.queryFilter());

  const remove = useMutation(trpc.workspace.removeMember.mutationOptions({ onSuccess: refresh }));
  const revoke = useMutation(trpc.workspace.revokeInvitation.mutationOptions({ onSuccess: refresh }));
  const actionError = errorMessageOf(remove.error ?? revoke.error, t);

  return (
    <section className="card" aria-labelledby="settings-members">
      <div className="card__header">
        <h2 id="settings-members" className="card__title">
          {t("members.title")}
        </h2>
        <p className="card__description">{canManage ? t("members.description") : t("members.descriptionReadOnly")}</p>
      </div>

      {members.isPending && (
        <p className="muted" role="status">
          {t("common.loading")}
        </p>
      )}
      {members.isError && <FormError message={errorMessageOf(members.error, t)} />}
      <FormError message={actionError} />

      {members.data && (
        <>
          <div className="table-wrap">
            <table className="table" data-testid="members-table">
              <caption className="sr-only">{t("members.title")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("members.name")}</th>
                  <th scope="col">{t("members.role")}</th>
                  <th scope="col">{t("members.joined")}</th>
                  {canManage && (
                    <th scope="col">
                      <span className="sr-only">{t("common.actions")}</span>
                    </th>
                  )}
                </tr>
              </thead>
              <tbody>
                {members.data.members.map((m) => {
                  const isMe = m.userId === me.user?.id;
                  const removable = canManage && !isMe && (m.role !== "owner" || roleAtLeast(role, "owner"));
                  return (
                    <tr key={m.userId}>
                      <td>
                        <div className="cell-person">
                          <span className="cell-person__name">
                            {m.name} {isMe && <span className="badge badge--muted">{t("members.you")}</span>}
                          </span>
                          <span className="cell-person__email">{m.email}</span>
                        </div>
                      </td>
                      <td>
                        <span className={`badge badge--${m.role}`}>{t(`roles.${m.role as RoleKey}`)}</span>
                      </td>
                      <td>{format.date(m.joinedAt)}</td>
                      {canManage && (
                        <td className="cell-actions">
                          {removable && (
                            <ConfirmButton
                              confirmLabel={t("members.removeConfirm")}
                              onConfirm={() => remove.mutate({ userId: m.userId })}
                              pending={remove.isPending}
                              testId="member-remove"
                            >
                              {t("members.remove")}
                            </ConfirmButton>
                          )}
                        </td>
                      )}
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>

          <h3 className="subheading">{t("invitations.title")}</h3>
          {members.data.invitations.length === 0 ? (
            <p className="muted">{t("invitations.none")}</p>
          ) : (
            <div className="table-wrap">
              <table className="table" data-testid="invitations-table">
                <caption className="sr-only">{t("invitations.title")}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t("invitations.for")}</th>
                    <th scope="col">{t("members.role")}</th>
                    <th scope="col">{t("invitations.created")}</th>
                    <th scope="col">{t("invitations.expires")}</th>
                    {canManage && (
                      <th scope="col">
                        <span className="sr-only">{t("common.actions")}</span>
                      </th>
                    )}
                  </tr>
                </thead>
                <tbody>
                  {members.data.invitations.map((inv) => (
                    <tr key={inv.id}>
                      <td>{inv.email ?? <span className="muted">{t("invitations.anyone")}</span>}</td>
                      <td>
                        <span className={`badge badge--${inv.role}`}>{t(`roles.${inv.role as RoleKey}`)}</span>
                      </td>
                      <td>{format.dateTime(inv.createdAt)}</td>
                      <td>{format.dateTime(inv.expiresAt)}</td>
                      {canManage && (
                        <td className="cell-actions">
                          <ConfirmButton
                            confirmLabel={t("invitations.revokeConfirm")}
                            onConfirm={() => revoke.mutate({ id: inv.id })}
                            pending={revoke.isPending}
                            testId="invitation-revoke"
                          >
                            {t("invitations.revoke")}
                          </ConfirmButton>
                        </td>
                      )}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      )}

      {canManage && <InviteForm onCreated={refresh} />}
    </section>
  );
}

function InviteForm({ onCreated }: { onCreated: () => void }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const format = useFormatters();
  const [created, setCreated] = useState<Invite | null>(null);
  const [emailError, setEmailError] = useState<string | null>(null);
  const invite = useMutation(
    trpc.workspace.invite.mutationOptions({
      onSuccess(data) {
        setCreated(data);
        onCreated();
      },
    }),
  );

  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const role = form.get("role") === "admin" ? "admin" : "agent";
    const email = String(form.get("email") ?? "").trim();
    if (email && !EMAIL_PATTERN.test(email)) {
      setEmailError(t("validation.email"));
      return;
    }
    setEmailError(null);
    setCreated(null);
    invite.mutate({ role, email: email || undefined });
    e.currentTarget.reset();
  }

  const fieldErrors = fieldErrorsOf(invite.error);
  return (
    <div className="subcard">
      <h3 className="subheading">{t("invitations.newTitle")}</h3>
      <p className="muted small">{t("invitations.newDescription")}</p>
      {created ? (
        <SecretReveal
          label={t("invitations.linkLabel")}
          value={created.url}
          note={t("invitations.linkNote", { date: format.dateTime(created.expiresAt) })}
          onDismiss={() => setCreated(null)}
          testId="invite-link"
        />
      ) : (
        <form className="form form--inline" onSubmit={submit} noValidate>
          <FormError message={fieldErrors.email || fieldErrors.role ? null : errorMessageOf(invite.error, t)} />
          <SelectField label={t("members.role")} name="role" defaultValue="agent" error={fieldErrors.role} data-testid="invite-role">
            <option value="agent">{t("roles.agent")}</option>
            <option value="admin">{t("roles.admin")}</option>
          </SelectField>
          <TextField
            label={t("invitations.emailOptional")}
            name="email"
            type="email"
            inputMode="email"
            autoComplete="off"
            error={emailError ?? fieldErrors.email}
            data-testid="invite-email"
          />
          <button type="submit" className="btn btn--primary" disabled={invite.isPending} data-testid="invite-create">
            {invite.isPending ? t("common.saving") : t("invitations.create")}
          </button>
        </form>
      )}
      <p className="muted small">{t("invitations.roleHelp")}</p>
    </div>
  );
}
