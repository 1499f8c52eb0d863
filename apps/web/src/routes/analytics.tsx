import { createRoute } from "@tanstack/react-router";
import { PlannedFeaturePage } from "../components/PlannedFeaturePage";
import { appRoute } from "./_app";

/** Reach, response times and sales signals (filled by the analytics issue). */
export const analyticsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/analytics",
  component: AnalyticsPage,
});

function AnalyticsPage() {
  return <PlannedFeaturePage page="analytics" icon="chart" />;
}
