import { createRoute } from "@tanstack/react-router";
import { useTranslation } from "react-i18next";
import { EmptyState } from "../components/EmptyState";
import { PageHeader } from "../components/PageHeader";
import { appRoute } from "./_app";

/** Instagram comments to answer or moderate (filled by the comments issue). */
export const commentsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/comments",
  component: CommentsPage,
});

function CommentsPage() {
  const { t } = useTranslation();
  return (
    <div className="page">
      <PageHeader title={t("pages.comments.title")} description={t("pages.comments.description")} />
      <EmptyState
        icon="comments"
        title={t("pages.comments.emptyTitle")}
        items={[t("pages.comments.item1"), t("pages.comments.item2"), t("pages.comments.item3")]}
      >
        <p>{t("pages.comments.emptyBody")}</p>
      </EmptyState>
    </div>
  );
}
