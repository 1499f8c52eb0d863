import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { EMAIL_PATTERN } from "../../lib/auth";
import { errorMessageOf, fieldErrorsOf } from "../../lib/errors";
import { useFormatters } from "../../lib/format";
import { roleAtLeast } from "../../lib/roles";
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
  const changeRole = useMutation(
    trpc.workspace.changeRole.mutationOptions({
      onSuccess() {
        refresh();
        void queryClient.invalidateQueries(trpc.auth.me.queryFilter()); // one's own role may have changed
      },
    }),
  );
  // Leaving: the workspace disappears from the person's list, and the app moves to another (or offers to create one).
  const leave = useMutation(trpc.workspace.leave.mutationOptions({ onSuccess: () => void queryClient.invalidateQueries(trpc.auth.me.queryFilter()) }));
  // The latest action's refusal, not an older one still held by another mutation.
  const latestFailed = [remove, revoke, changeRole, leave].filter((m) => m.error).sort((a, b) => b.submittedAt - a.submittedAt)[0];
  const actionError = errorMessageOf(latestFailed?.error, t);
  const isOwner = role !== null && roleAtLeast(role, "owner");

  return (
    <Card titleId="settings-members" title={t("members.title")} description={canManage ? t("members.description") : t("members.descriptionReadOnly")}>
      <QueryStatus query={members} />
      <FormError message={actionError} />

      {members.data && (
        <>
          <DataTable
            rows={members.data.members}
            columns={[t("members.name"), t("members.role"), t("members.joined")]}
            actions={canManage}
            caption={t("members.title")}
            testId="members-table"
            stackOnPhone
          >
            {(m) => {
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
                  <td data-label={t("members.role")}>
                    {canManage && (m.role !== "owner" || isOwner) ? (
                      <select
                        className="input select input--compact"
                        aria-label={t("firstRun.members.roleOf", { name: m.name })}
                        value={m.role}
                        disabled={changeRole.isPending}
                        onChange={(e) => changeRole.mutate({ userId: m.userId, role: e.currentTarget.value as "owner" | "admin" | "agent" })}
                        data-testid="member-role"
                      >
                        {isOwner && <option value="owner">{t("roles.owner")}</option>}
                        <option value="admin">{t("roles.admin")}</option>
                        <option value="agent">{t("roles.agent")}</option>
                      </select>
                    ) : (
                      <RoleBadge role={m.role} />
                    )}
                  </td>
                  <td data-label={t("members.joined")}>{format.date(m.joinedAt)}</td>
                  {canManage && (
                    <td className="cell-actions">
                      {isMe && <LeaveButton onConfirm={() => leave.mutate()} pending={leave.isPending} />}
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
            }}
          </DataTable>

          {!canManage && me.user && (
            <div className="form__actions">
              <LeaveButton onConfirm={() => leave.mutate()} pending={leave.isPending} />
            </div>
          )}

          <h3 className="subheading">{t("invitations.title")}</h3>
          <DataTable
            rows={members.data.invitations}
            columns={[t("invitations.for"), t("members.role"), t("invitations.created"), t("invitations.expires")]}
            actions={canManage}
            caption={t("invitations.title")}
            empty={t("invitations.none")}
            testId="invitations-table"
            stackOnPhone
          >
            {(inv) => (
              <tr key={inv.id}>
                <td data-label={t("invitations.for")}>{inv.email ?? <span className="muted">{t("invitations.anyone")}</span>}</td>
                <td data-label={t("members.role")}>
                  <RoleBadge role={inv.role} />
                </td>
                <td data-label={t("invitations.created")}>{format.dateTime(inv.createdAt)}</td>
                <td data-label={t("invitations.expires")}>{format.dateTime(inv.expiresAt)}</td>
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
            )}
          </DataTable>
        </>
      )}

      {canManage && <InviteForm onCreated={refresh} />}
    </Card>
  );
}

function LeaveButton({ onConfirm, pending }: { onConfirm: () => void; pending: boolean }) {
  const { t } = useTranslation();
  return (
    <ConfirmButton confirmLabel={t("firstRun.members.leaveConfirm")} onConfirm={onConfirm} pending={pending} testId="member-leave">
      {t("firstRun.members.leave")}
    </ConfirmButton>
  );
}

function InviteForm({ onCreated }: { onCreated: () => void }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const format = useFormatters();
  const {
    mutation: invite,
    created,
    dismiss,
    clientError: emailError,
    submit,
  } = useSecretForm(trpc.workspace.invite.mutationOptions(), {
    read(form) {
      const role: "admin" | "agent" = form.get("role") === "admin" ? "admin" : "agent";
      const email = String(form.get("email") ?? "").trim();
      return email && !EMAIL_PATTERN.test(email) ? { error: t("validation.email") } : { input: { role, email: email || undefined } };
    },
    onCreated,
  });

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
          onDismiss={dismiss}
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
