import type { QueryClient } from "@tanstack/react-query";
import { createRootRouteWithContext, Link, Outlet, type ErrorComponentProps } from "@tanstack/react-router";
import { useTranslation } from "react-i18next";
import { RouteAnnouncer } from "../components/RouteAnnouncer";
import { useDocumentTitle } from "../lib/document-title";
import type { TrpcProxy } from "../lib/trpc";

export interface RouterContext {
  queryClient: QueryClient;
  trpc: TrpcProxy;
}

export const rootRoute = createRootRouteWithContext<RouterContext>()({
  component: Root,
  notFoundComponent: NotFound,
  errorComponent: RouteError,
});

function Root() {
  return (
    <>
      <Outlet />
      <RouteAnnouncer />
    </>
  );
}

function NotFound() {
  const { t } = useTranslation();
  useDocumentTitle(t("notFound.title"));
  return (
    <div className="center-page">
      <h1>{t("notFound.title")}</h1>
      <p className="muted">{t("notFound.body")}</p>
      <Link to="/schedule" className="btn btn--primary">
        {t("notFound.back")}
      </Link>
    </div>
  );
}

export function RouteError({ reset }: ErrorComponentProps) {
  const { t } = useTranslation();
  useDocumentTitle(t("errors.pageTitle"));
  return (
    <div className="center-page" role="alert">
      <h1>{t("errors.pageTitle")}</h1>
      <p className="muted">{t("errors.pageBody")}</p>
      <button
        type="button"
        className="btn btn--primary"
        onClick={() => {
          reset();
          window.location.reload();
        }}
      >
        {t("common.retry")}
      </button>
    </div>
  );
}
