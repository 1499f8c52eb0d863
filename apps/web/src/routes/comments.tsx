import { createRoute } from "@tanstack/react-router";
import { PlannedFeaturePage } from "../components/PlannedFeaturePage";
import { appRoute } from "./_app";

/** Instagram comments to answer or moderate (filled by the comments issue). */
export const commentsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/comments",
  component: CommentsPage,
});

function CommentsPage() {
  return <PlannedFeaturePage page="comments" icon="comments" />;
}
