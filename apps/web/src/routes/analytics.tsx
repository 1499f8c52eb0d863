import { createLazyRoute } from "@tanstack/react-router";
import { PlannedFeaturePage } from "../components/PlannedFeaturePage";

/** Reach, response times and sales signals (filled by the analytics issue). */
export const Route = createLazyRoute("/app/analytics")({ component: AnalyticsPage });

function AnalyticsPage() {
  return <PlannedFeaturePage page="analytics" icon="chart" />;
}
