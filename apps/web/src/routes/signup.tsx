import { createLazyRoute, Link } from "@tanstack/react-router";
import { useTranslation } from "react-i18next";
import { AuthLayout } from "../components/AuthLayout";
import { SignupForm } from "../components/SignupForm";

export const Route = createLazyRoute("/signup")({ component: SignupPage });

function SignupPage() {
  const { t } = useTranslation();
  const search = Route.useSearch();
  return (
    <AuthLayout
      title={t("auth.signupTitle")}
      subtitle={t("auth.signupSubtitle")}
      footer={
        <>
          {t("auth.haveAccount")}{" "}
          <Link to="/login" search={search.redirect ? { redirect: search.redirect } : {}}>
            {t("auth.login")}
          </Link>
        </>
      }
    >
      <SignupForm redirectTo={search.redirect} />
    </AuthLayout>
  );
}
