import { useMutation } from "@tanstack/react-query";
import { createLazyRoute, Link } from "@tanstack/react-router";
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { AuthLayout } from "../components/AuthLayout";
import { EmailField, FormError } from "../components/Field";
import { EMAIL_PATTERN } from "../lib/auth";
import { errorMessageOf, fieldErrorsOf, type FieldErrors } from "../lib/errors";
import { useTRPC } from "../lib/trpc";

export const Route = createLazyRoute("/forgot-password")({ component: ForgotPasswordPage });

/** Asks for the address to e-mail a reset link to; the answer never says whether an account has it. */
function ForgotPasswordPage() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const search = Route.useSearch();
  const [clientErrors, setClientErrors] = useState<FieldErrors>({});
  const [sentTo, setSentTo] = useState<string | null>(null);
  const request = useMutation(trpc.auth.requestPasswordReset.mutationOptions({ onSuccess: (_data, input) => setSentTo(input.email) }));

  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const email = String(new FormData(e.currentTarget).get("email") ?? "").trim();
    const errors: FieldErrors = EMAIL_PATTERN.test(email) ? {} : { email: [t("validation.email")] };
    setClientErrors(errors);
    if (Object.keys(errors).length === 0) request.mutate({ email });
  }

  const serverErrors = fieldErrorsOf(request.error);
  return (
    <AuthLayout
      title={t("passwordReset.forgotLink")}
      subtitle={sentTo ? undefined : t("passwordReset.forgotSubtitle")}
      footer={
        <Link to="/login" search={search.redirect ? { redirect: search.redirect } : {}}>
          {t("auth.login")}
        </Link>
      }
    >
      {sentTo ? (
        <div className="alert alert--info" role="status" data-testid="forgot-password-sent">
          {t("passwordReset.sent", { email: sentTo })}
        </div>
      ) : (
        <form className="form" onSubmit={submit} noValidate>
          <FormError message={errorMessageOf(request.error, t)} />
          <EmailField label={t("auth.email")} autoFocus error={clientErrors.email ?? serverErrors.email} />
          <button type="submit" className="btn btn--primary btn--block" disabled={request.isPending} data-testid="forgot-password-submit">
            {t("passwordReset.send")}
          </button>
        </form>
      )}
    </AuthLayout>
  );
}
