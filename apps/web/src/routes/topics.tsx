import { createLazyRoute } from "@tanstack/react-router";
import { useTranslation } from "react-i18next";
import { PageHeader } from "../components/PageHeader";
import { TopicsView } from "../components/topics/TopicsView";

/** What customers talk about: the daily topics of their messages and comments. */
export const Route = createLazyRoute("/app/analytics/topics")({ component: TopicsPage });

function TopicsPage() {
  const { t } = useTranslation();
  return (
    <div className="page">
      <PageHeader title={t("topics.title")} description={t("topics.description")} />
      <TopicsView />
    </div>
  );
}
