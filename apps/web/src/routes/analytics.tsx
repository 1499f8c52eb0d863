import { createLazyRoute } from "@tanstack/react-router";
import { useTranslation } from "react-i18next";
import { KpiDashboard } from "../components/analytics/KpiDashboard";
import { PageHeader } from "../components/PageHeader";

/** KPIs per 2-hour window of the workspace's zone: cards for the last 48 h against D-7, a chart, CSV (issue 15). */
export const Route = createLazyRoute("/app/analytics")({ component: AnalyticsPage });

function AnalyticsPage() {
  const { t } = useTranslation();
  return (
    <div className="page stack">
      <PageHeader title={t("kpis.title")} description={t("kpis.description")} />
      <KpiDashboard />
    </div>
  );
}
