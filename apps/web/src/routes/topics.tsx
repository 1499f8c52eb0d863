import { createRoute } from "@tanstack/react-router";
import { PlannedFeaturePage } from "../components/PlannedFeaturePage";
import { appRoute } from "./_app";

/** What customers talk about, grouped into topics (filled by the analytics issue). */
export const topicsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/analytics/topics",
  component: TopicsPage,
});

function TopicsPage() {
  return <PlannedFeaturePage page="topics" icon="tag" />;
}
