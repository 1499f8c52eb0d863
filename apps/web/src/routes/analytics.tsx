import { createRoute } from "@tanstack/react-router";
import { useTranslation } from "react-i18next";
import { EmptyState } from "../components/EmptyState";
import { PageHeader } from "../components/PageHeader";
import { appRoute } from "./_app";

/** Reach, response times and sales signals (filled by the analytics issue). */
export const analyticsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/analytics",
  component: AnalyticsPage,
});

function AnalyticsPage() {
  const { t } = useTranslation();
  return (
    <div className="page">
      <PageHeader title={t("pages.analytics.title")} description={t("pages.analytics.description")} />
      <EmptyState
        icon="chart"
        title={t("pages.analytics.emptyTitle")}
        items={[t("pages.analytics.item1"), t("pages.analytics.item2"), t("pages.analytics.item3")]}
      >
        <p>{t("pages.analytics.emptyBody")}</p>
      </EmptyState>
    </div>
  );
}
