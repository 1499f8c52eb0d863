import { Link } from "@tanstack/react-router";
import { useTranslation } from "react-i18next";

/** A page under Settings, as the settings navigation names it (`general` is /settings itself). */
export type SettingsSection = "general" | "channels" | "failures" | "billing" | "notifications" | "webhooks";

/**
 * Every settings section, the same list on /settings and on each page under it, so no settings page is a dead end
 * (on a phone the sidebar is a drawer: this is the only way across). The current page is marked `aria-current`.
 */
export function SettingsNav({ current }: { current: SettingsSection }) {
  const { t } = useTranslation();
  const here = (section: SettingsSection) => (section === current ? { className: "subnav__active", "aria-current": "page" as const } : {});
  return (
    <nav className="subnav" aria-label={t("settings.sections")} data-testid="settings-nav">
      <Link to="/settings" hash="settings-general" {...here("general")}>
        {t("settings.generalTitle")}
      </Link>
      <Link to="/settings" hash="settings-members">
        {t("members.title")}
      </Link>
      <Link to="/settings" hash="settings-tokens">
        {t("tokens.title")}
      </Link>
      <Link to="/settings" hash="settings-saved-replies">
        {t("savedReplies.title")}
      </Link>
      <Link to="/settings/channels" data-testid="settings-channels-link" {...here("channels")}>
        {t("channels.settingsLink")}
      </Link>
      <Link to="/settings/failures" data-testid="settings-failures-link" {...here("failures")}>
        {t("failures.title")}
      </Link>
      <Link to="/settings/billing" data-testid="settings-billing-link" {...here("billing")}>
        {t("billing.settingsLink")}
      </Link>
      <Link to="/settings/notifications" data-testid="settings-notifications-link" {...here("notifications")}>
        {t("notifications.title")}
      </Link>
      <Link to="/settings/webhooks" data-testid="settings-webhooks-link" {...here("webhooks")}>
        {t("webhooks.settingsLink")}
      </Link>
    </nav>
  );
}
