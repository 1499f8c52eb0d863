import { createLazyRoute, Link } from "@tanstack/react-router";
import { useTranslation } from "react-i18next";
import { PageHeader } from "../components/PageHeader";
import { DeliveryLog } from "../components/webhooks/DeliveryLog";
import { WebhookList } from "../components/webhooks/WebhookList";
import { useWorkspace } from "../lib/workspace";
import "../components/webhooks/webhooks.css";

/** Settings › Webhooks: the workspace's outgoing webhooks (admins), a test send, the delivery log with retries. */
export const Route = createLazyRoute("/app/settings/webhooks")({ component: WebhooksPage });

function WebhooksPage() {
  const { t } = useTranslation();
  const { canManage } = useWorkspace();
  return (
    <div className="page">
      <div className="page-top">
        <nav className="breadcrumb" aria-label={t("settings.sections")}>
          <Link to="/settings">{t("settings.title")}</Link>
          <span aria-hidden="true">/</span>
          <span aria-current="page">{t("webhooks.title")}</span>
        </nav>
        <PageHeader title={t("webhooks.title")} description={t("webhooks.description")} />
      </div>
      {canManage ? (
        <div className="stack">
          <WebhookList />
          <DeliveryLog />
        </div>
      ) : (
        <p className="alert alert--info" data-testid="webhooks-admin-only">
          {t("webhooks.adminOnly")}
        </p>
      )}
    </div>
  );
}
