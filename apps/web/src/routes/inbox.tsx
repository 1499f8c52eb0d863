import { createRoute } from "@tanstack/react-router";
import { useTranslation } from "react-i18next";
import { EmptyState } from "../components/EmptyState";
import { PageHeader } from "../components/PageHeader";
import { appRoute } from "./_app";

/** Conversations from WhatsApp and Instagram DMs with AI triage (filled by the inbox issue). */
export const inboxRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/inbox",
  component: InboxPage,
});

function InboxPage() {
  const { t } = useTranslation();
  return (
    <div className="page">
      <PageHeader title={t("pages.inbox.title")} description={t("pages.inbox.description")} />
      <EmptyState
        icon="inbox"
        title={t("pages.inbox.emptyTitle")}
        items={[t("pages.inbox.item1"), t("pages.inbox.item2"), t("pages.inbox.item3")]}
      >
        <p>{t("pages.inbox.emptyBody")}</p>
      </EmptyState>
    </div>
  );
}
