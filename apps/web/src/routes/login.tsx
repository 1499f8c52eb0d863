import { useMutation } from "@tanstack/react-query";
import { createLazyRoute, Link } from "@tanstack/react-router";
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { AuthLayout } from "../components/AuthLayout";
import { EmailField, FormError, TextField } from "../components/Field";
import { ExploreDemoButton } from "../components/first-run/ExploreDemoButton";
import "../components/first-run/first-run.css";
import { EMAIL_PATTERN, useEnterApp } from "../lib/auth";
import { errorMessageOf, fieldErrorsOf, type FieldErrors } from "../lib/errors";
import { useTRPC } from "../lib/trpc";

export const Route = createLazyRoute("/login")({ component: LoginPage });

function LoginPage() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const search = Route.useSearch();
  const enterApp = useEnterApp(search.redirect);
  const [clientErrors, setClientErrors] = useState<FieldErrors>({});

  const login = useMutation(trpc.auth.login.mutationOptions({ onSuccess: enterApp }));

  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const email = String(form.get("email") ?? "").trim();
    const password = String(form.get("password") ?? "");
    const errors: FieldErrors = {};
    if (!EMAIL_PATTERN.test(email)) errors.email = [t("validation.email")];
    if (!password) errors.password = [t("validation.required")];
    setClientErrors(errors);
    if (Object.keys(errors).length > 0) return;
    login.mutate({ email, password });
  }

  const serverErrors = fieldErrorsOf(login.error);
  return (
    <AuthLayout
      title={t("auth.loginTitle")}
      subtitle={t("auth.loginSubtitle")}
      footer={
        <>
          {t("auth.noAccount")}{" "}
          <Link to="/signup" search={search.redirect ? { redirect: search.redirect } : {}}>
            {t("auth.createAccount")}
          </Link>
        </>
      }
    >
      {search.passwordReset && !login.error && (
        <div className="alert alert--info" role="status" data-testid="password-reset-done">
          {t("passwordReset.done")}
        </div>
      )}
      <form className="form" onSubmit={submit} noValidate>
        <FormError
          message={errorMessageOf(login.error, t, {
            UNAUTHORIZED: t("errors.badCredentials"),
            BAD_REQUEST: t("errors.badCredentials"),
          })}
        />
        <EmailField label={t("auth.email")} autoFocus error={clientErrors.email ?? serverErrors.email} />
        <TextField
          label={t("auth.password")}
          name="password"
          type="password"
          autoComplete="current-password"
          required
          error={clientErrors.password ?? serverErrors.password}
        />
        <Link to="/forgot-password" search={search.redirect ? { redirect: search.redirect } : {}} className="auth__forgot" data-testid="forgot-password-link">
          {t("passwordReset.forgotLink")}
        </Link>
        <button type="submit" className="btn btn--primary btn--block" disabled={login.isPending} data-testid="login-submit">
          {login.isPending ? t("auth.signingIn") : t("auth.login")}
        </button>
      </form>
      <ExploreDemoButton redirect={search.redirect} separator />
    </AuthLayout>
  );
}
