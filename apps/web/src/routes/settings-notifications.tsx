import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { createLazyRoute, Link } from "@tanstack/react-router";
import { useTranslation } from "react-i18next";
import { Card } from "../components/Card";
import { EmailSettings } from "../components/notifications/EmailSettings";
import { EscalationThresholds } from "../components/notifications/EscalationThresholds";
import { QueryStatus } from "../components/QueryStatus";
import { useTRPC } from "../lib/trpc";
import "../components/notifications/notifications.css";
import { SettingsPageTop } from "../components/settings/SettingsPageTop";

/**
 * Settings › Notifications: the signed-in member's switches per kind and medium, their e-mail rhythm and quiet hours,
 * and the workspace's escalation thresholds (admins change them).
 */
export const Route = createLazyRoute("/app/settings/notifications")({ component: NotificationSettingsPage });

function NotificationSettingsPage() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const prefs = useQuery(trpc.notifications.preferences.get.queryOptions());
  const save = useMutation(
    trpc.notifications.preferences.set.mutationOptions({
      onSuccess(data) {
        queryClient.setQueryData(trpc.notifications.preferences.get.queryKey(), data);
        void queryClient.invalidateQueries(trpc.notifications.list.queryFilter());
      },
    }),
  );

  return (
    <div className="page">
      <SettingsPageTop title={t("notifications.title")} description={t("notifications.description")} />
      <Card titleId="notification-preferences-title" title={t("notifications.preferencesTitle")}>
        <QueryStatus query={prefs} />
        {prefs.data && (
            <table className="notif-prefs" data-testid="notification-preferences">
              <thead>
                <tr>
                  <th scope="col">{t("notifications.kindColumn")}</th>
                  <th scope="col">{t("notifications.media.inApp")}</th>
                  <th scope="col">{t("notifications.media.email")}</th>
                </tr>
              </thead>
              <tbody>
                {prefs.data.map((p) => (
                  <tr key={p.kind}>
                    <th scope="row">
                      {t(`notifications.kindNames.${p.kind}`)}
                      {p.isDefault && <span className="notif__meta"> · {t("notifications.default")}</span>}
                    </th>
                    {(["inApp", "email"] as const).map((medium) => (
                      <td key={medium}>
                        <input
                          type="checkbox"
                          checked={p[medium]}
                          disabled={save.isPending}
                          aria-label={`${t(`notifications.kindNames.${p.kind}`)} — ${t(`notifications.media.${medium}`)}`}
                          onChange={(e) => save.mutate({ preferences: [{ kind: p.kind, inApp: p.inApp, email: p.email, [medium]: e.target.checked }] })}
                        />
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
        )}
        <Link to="/settings/webhooks" data-testid="notifications-webhooks-link">{t("webhooks.title")}</Link>
      </Card>
      <EmailSettings />
      <EscalationThresholds />
    </div>
  );
}
