import { createLazyRoute } from "@tanstack/react-router";
import { PlannedFeaturePage } from "../components/PlannedFeaturePage";

/** Instagram comments to answer or moderate (filled by the comments issue). */
export const Route = createLazyRoute("/app/comments")({ component: CommentsPage });

function CommentsPage() {
  return <PlannedFeaturePage page="comments" icon="comments" />;
}
