import { createRoute, Link, redirect } from "@tanstack/react-router";
import { useTranslation } from "react-i18next";
import { AuthLayout } from "../components/AuthLayout";
import { SignupForm } from "../components/SignupForm";
import { safeRedirect, validateSearchRedirect } from "../lib/auth";
import { rootRoute } from "./__root";

export const signupRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: "/signup",
  validateSearch: validateSearchRedirect,
  async beforeLoad({ context, search }) {
    const me = await context.queryClient.ensureQueryData(context.trpc.auth.me.queryOptions());
    if (me) throw redirect({ href: safeRedirect(search.redirect) });
  },
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
