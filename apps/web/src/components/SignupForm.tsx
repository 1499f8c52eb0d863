import { useMutation } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { isLanguage } from "../i18n";
import { EMAIL_PATTERN, PASSWORD_MIN, useEnterApp } from "../lib/auth";
import { errorMessageOf, fieldErrorsOf, type FieldErrors } from "../lib/errors";
import { useTRPC } from "../lib/trpc";
import { FormError, TextField } from "./Field";

/** Account creation; with an invitation token the person joins that workspace instead of creating one. */
export function SignupForm({ invitationToken, redirectTo }: { invitationToken?: string; redirectTo?: string }) {
  const { t, i18n } = useTranslation();
  const trpc = useTRPC();
  const enterApp = useEnterApp(redirectTo);
  const [clientErrors, setClientErrors] = useState<FieldErrors>({});

  const signup = useMutation(trpc.auth.signup.mutationOptions({ onSuccess: enterApp }));

  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const name = String(form.get("name") ?? "").trim();
    const email = String(form.get("email") ?? "").trim();
    const password = String(form.get("password") ?? "");
    const workspaceName = String(form.get("workspaceName") ?? "").trim();
    const errors: FieldErrors = {};
    if (!name) errors.name = [t("validation.required")];
    if (!EMAIL_PATTERN.test(email)) errors.email = [t("validation.email")];
    if (password.length < PASSWORD_MIN) errors.password = [t("validation.passwordMin", { count: PASSWORD_MIN })];
    setClientErrors(errors);
    if (Object.keys(errors).length > 0) return;
    signup.mutate({
      name,
      email,
      password,
      workspaceName: invitationToken ? undefined : workspaceName || undefined,
      locale: isLanguage(i18n.language) ? i18n.language : undefined,
      timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
      invitationToken,
    });
  }

  const serverErrors = fieldErrorsOf(signup.error);
  return (
    <form className="form" onSubmit={submit} noValidate>
      <FormError
        message={errorMessageOf(signup.error, t, {
          CONFLICT: t("errors.emailTaken"),
          NOT_FOUND: t("errors.invitationInvalid"),
        })}
      />
      <TextField
        label={t("auth.name")}
        name="name"
        autoComplete="name"
        required
        autoFocus
        maxLength={80}
        error={clientErrors.name ?? serverErrors.name}
      />
      <TextField
        label={t("auth.email")}
        name="email"
        type="email"
        inputMode="email"
        autoComplete="email"
        required
        error={clientErrors.email ?? serverErrors.email}
      />
      <TextField
        label={t("auth.password")}
        name="password"
        type="password"
        autoComplete="new-password"
        required
        minLength={PASSWORD_MIN}
        hint={t("auth.passwordHint", { count: PASSWORD_MIN })}
        error={clientErrors.password ?? serverErrors.password}
      />
      {!invitationToken && (
        <TextField
          label={t("auth.workspaceName")}
          name="workspaceName"
          autoComplete="organization"
          maxLength={80}
          hint={t("auth.workspaceNameHint")}
          error={serverErrors.workspaceName}
        />
      )}
      <button type="submit" className="btn btn--primary btn--block" disabled={signup.isPending} data-testid="signup-submit">
        {signup.isPending ? t("auth.creatingAccount") : invitationToken ? t("invite.signupAndJoin") : t("auth.signup")}
      </button>
    </form>
  );
}
