import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { createLazyRoute, Link, useRouter } from "@tanstack/react-router";
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { AuthLayout } from "../components/AuthLayout";
import { FormError, TextField } from "../components/Field";
import { LoadingNote } from "../components/QueryStatus";
import { PASSWORD_MIN } from "../lib/auth";
import { errorMessageOf, fieldErrorsOf, type FieldErrors } from "../lib/errors";
import { useTRPC } from "../lib/trpc";

export const Route = createLazyRoute("/reset-password")({ component: ResetPasswordPage });

/** The e-mailed link's page: a new password twice; on success every session ends and the person signs in again. */
function ResetPasswordPage() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const { token } = Route.useSearch();
  const [clientErrors, setClientErrors] = useState<FieldErrors>({});
  // Checked as the page opens: a used or expired link says so before the person types a new password twice.
  const link = useQuery({ ...trpc.auth.passwordResetLink.queryOptions({ token: token ?? "" }), enabled: Boolean(token), retry: false, staleTime: Infinity });
  const refusal = !token ? "invalid" : link.data && link.data.state !== "valid" ? link.data.state : null;
  const reset = useMutation(
    trpc.auth.resetPassword.mutationOptions({
      onSuccess: async () => {
        // Signed out everywhere, this browser included: nothing cached from a session survives.
        queryClient.clear();
        await router.navigate({ to: "/login", search: { passwordReset: true }, replace: true });
      },
    }),
  );

  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const password = String(form.get("password") ?? "");
    const confirmation = String(form.get("confirmation") ?? "");
    const errors: FieldErrors = {};
    if (password.length < PASSWORD_MIN) errors.password = [t("validation.passwordMin", { count: PASSWORD_MIN })];
    else if (confirmation !== password) errors.confirmation = [t("passwordReset.mismatch")];
    setClientErrors(errors);
    if (Object.keys(errors).length === 0 && token) reset.mutate({ token, password });
  }

  const serverErrors = fieldErrorsOf(reset.error);
  const askAgain = (
    <Link to="/forgot-password" search={{}}>
      {t("passwordReset.askAgain")}
    </Link>
  );
  return (
    <AuthLayout title={t("passwordReset.newPassword")} footer={askAgain}>
      {refusal ? (
        <div className="alert alert--error" role="alert" data-testid="reset-link-refused">
          {t(`serverErrors.accounts.reset_link_${refusal}`)}
        </div>
      ) : link.isPending ? (
        <LoadingNote />
      ) : (
        <form className="form" onSubmit={submit} noValidate>
          <FormError message={errorMessageOf(reset.error, t)} />
          <TextField
            label={t("passwordReset.newPassword")}
            name="password"
            type="password"
            autoComplete="new-password"
            required
            autoFocus
            minLength={PASSWORD_MIN}
            hint={t("auth.passwordHint", { count: PASSWORD_MIN })}
            error={clientErrors.password ?? serverErrors.password}
          />
          <TextField
            label={t("passwordReset.confirmation")}
            name="confirmation"
            type="password"
            autoComplete="new-password"
            required
            error={clientErrors.confirmation}
          />
          <button type="submit" className="btn btn--primary btn--block" disabled={reset.isPending} data-testid="reset-password-submit">
            {t("common.save")}
          </button>
        </form>
      )}
    </AuthLayout>
  );
}
