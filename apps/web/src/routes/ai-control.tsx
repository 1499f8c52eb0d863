import { createRoute } from "@tanstack/react-router";
import { useTranslation } from "react-i18next";
import { EmptyState } from "../components/EmptyState";
import { PageHeader } from "../components/PageHeader";
import { appRoute } from "./_app";

/** What the AI may answer on its own, and when a human takes over (filled by the AI issue). */
export const aiControlRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/ai-control",
  component: AiControlPage,
});

function AiControlPage() {
  const { t } = useTranslation();
  return (
    <div className="page">
      <PageHeader title={t("pages.aiControl.title")} description={t("pages.aiControl.description")} />
      <EmptyState
        icon="sparkles"
        title={t("pages.aiControl.emptyTitle")}
        items={[t("pages.aiControl.item1"), t("pages.aiControl.item2"), t("pages.aiControl.item3")]}
      >
        <p>{t("pages.aiControl.emptyBody")}</p>
      </EmptyState>
    </div>
  );
}
