import { createLazyRoute } from "@tanstack/react-router";
import { PlannedFeaturePage } from "../components/PlannedFeaturePage";

/** What customers talk about, grouped into topics (filled by the analytics issue). */
export const Route = createLazyRoute("/app/analytics/topics")({ component: TopicsPage });

function TopicsPage() {
  return <PlannedFeaturePage page="topics" icon="tag" />;
}
