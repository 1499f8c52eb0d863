import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { createLazyRoute, Link, useNavigate } from "@tanstack/react-router";
import { useTranslation } from "react-i18next";
import { AuthLayout } from "../components/AuthLayout";
import { FormError } from "../components/Field";
import { LoadingNote } from "../components/QueryStatus";
import { SignupForm } from "../components/SignupForm";
import { errorMessageOf } from "../lib/errors";
import { useTRPC } from "../lib/trpc";
import { workspaceStore } from "../lib/workspace";

/** An invitation link: join with a new account, or accept with the signed-in one. */
export const Route = createLazyRoute("/invite/$token")({ component: InvitePage });

function InvitePage() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const { token } = Route.useParams();
  const me = useQuery(trpc.auth.me.queryOptions());
  // Checked as the page opens: a used, revoked or expired link says so before anyone fills in a form.
  const link = useQuery({ ...trpc.auth.invitationLink.queryOptions({ token }), retry: false, staleTime: Infinity });

  const accept = useMutation(
    trpc.workspace.acceptInvitation.mutationOptions({
      async onSuccess({ workspaceId }) {
        await queryClient.cancelQueries();
        workspaceStore.set(workspaceId);
        queryClient.clear();
        await navigate({ to: "/schedule" });
      },
    }),
  );
  const logout = useMutation(
    trpc.auth.logout.mutationOptions({
      onSettled() {
        queryClient.setQueryData(trpc.auth.me.queryKey(), null);
      },
    }),
  );

  if (me.isPending || link.isPending) {
    return (
      <AuthLayout title={t("invite.title")}>
        <LoadingNote />
      </AuthLayout>
    );
  }

  if (link.data?.state === "invalid") {
    return (
      <AuthLayout
        title={t("invite.title")}
        footer={
          <Link to={me.data ? "/schedule" : "/login"} search={{}}>
            {me.data ? t("notFound.back") : t("auth.login")}
          </Link>
        }
      >
        <div className="alert alert--error" role="alert" data-testid="invite-link-refused">
          {t("errors.invitationInvalid")}
        </div>
      </AuthLayout>
    );
  }

  const invitePath = `/invite/${encodeURIComponent(token)}`;

  if (me.data) {
    const name = me.data.user?.name ?? "";
    return (
      <AuthLayout title={t("invite.title")} subtitle={t("invite.signedInSubtitle", { name })}>
        <div className="form">
          <FormError message={errorMessageOf(accept.error, t, { NOT_FOUND: t("errors.invitationInvalid") })} />
          <button
            type="button"
            className="btn btn--primary btn--block"
            disabled={accept.isPending}
            onClick={() => accept.mutate({ token })}
            data-testid="invite-accept"
          >
            {accept.isPending ? t("common.saving") : t("invite.accept")}
          </button>
          <p className="muted small center">
            {t("invite.notYou")}{" "}
            <button type="button" className="link-button" onClick={() => logout.mutate()}>
              {t("shell.logout")}
            </button>
          </p>
        </div>
      </AuthLayout>
    );
  }

  return (
    <AuthLayout
      title={t("invite.title")}
      subtitle={t("invite.signupSubtitle")}
      footer={
        <>
          {t("auth.haveAccount")}{" "}
          <Link to="/login" search={{ redirect: invitePath }}>
            {t("invite.loginToAccept")}
          </Link>
        </>
      }
    >
      <SignupForm invitationToken={token} />
    </AuthLayout>
  );
}
