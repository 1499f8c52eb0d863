import { createRoute, Link } from "@tanstack/react-router";
import { useTranslation } from "react-i18next";
import { AuthLayout } from "../components/AuthLayout";
import { SignupForm } from "../components/SignupForm";
import { redirectIfSignedIn, validateSearchRedirect } from "../lib/auth";
import { rootRoute } from "./__root";

export const signupRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: "/signup",
  validateSearch: validateSearchRedirect,
  beforeLoad: redirectIfSignedIn,
  component: SignupPage,
});

function SignupPage() {
  const { t } = useTranslation();
  const search = signupRoute.useSearch();
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
