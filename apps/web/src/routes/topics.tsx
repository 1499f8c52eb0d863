import { createRoute } from "@tanstack/react-router";
import { useTranslation } from "react-i18next";
import { PageHeader } from "../components/PageHeader";
import { TopicsView } from "../components/topics/TopicsView";
import { appRoute } from "./_app";

/** What customers talk about: the daily topics of their messages and comments. */
export const topicsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/analytics/topics",
  component: TopicsPage,
});

function TopicsPage() {
  const { t } = useTranslation();
  return (
    <div className="page">
      <PageHeader title={t("topics.title")} description={t("topics.description")} />
      <TopicsView />
    </div>
  );
}
