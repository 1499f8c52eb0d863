import { createRoute } from "@tanstack/react-router";
import { useTranslation } from "react-i18next";
import { EmptyState } from "../components/EmptyState";
import { PageHeader } from "../components/PageHeader";
import { appRoute } from "./_app";

/** Scheduled posts for WhatsApp and Instagram (filled by the scheduling issue). */
export const scheduleRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/schedule",
  component: SchedulePage,
});

function SchedulePage() {
  const { t } = useTranslation();
  return (
    <div className="page">
      <PageHeader title={t("pages.schedule.title")} description={t("pages.schedule.description")} />
      <EmptyState
        icon="calendar"
        title={t("pages.schedule.emptyTitle")}
        items={[t("pages.schedule.item1"), t("pages.schedule.item2"), t("pages.schedule.item3")]}
      >
        <p>{t("pages.schedule.emptyBody")}</p>
      </EmptyState>
    </div>
  );
}
