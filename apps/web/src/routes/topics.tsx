import { createRoute } from "@tanstack/react-router";
import { useTranslation } from "react-i18next";
import { EmptyState } from "../components/EmptyState";
import { PageHeader } from "../components/PageHeader";
import { appRoute } from "./_app";

/** What customers talk about, grouped into topics (filled by the analytics issue). */
export const topicsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/analytics/topics",
  component: TopicsPage,
});

function TopicsPage() {
  const { t } = useTranslation();
  return (
    <div className="page">
      <PageHeader title={t("pages.topics.title")} description={t("pages.topics.description")} />
      <EmptyState
        icon="tag"
        title={t("pages.topics.emptyTitle")}
        items={[t("pages.topics.item1"), t("pages.topics.item2"), t("pages.topics.item3")]}
      >
        <p>{t("pages.topics.emptyBody")}</p>
      </EmptyState>
    </div>
  );
}
