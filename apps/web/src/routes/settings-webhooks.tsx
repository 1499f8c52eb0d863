import { createLazyRoute } from "@tanstack/react-router";
import { useTranslation } from "react-i18next";
import { SettingsPageTop } from "../components/settings/SettingsPageTop";
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
      <SettingsPageTop title={t("webhooks.title")} description={t("webhooks.description")} />
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
