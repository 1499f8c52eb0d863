import { Link } from "@tanstack/react-router";
import { useTranslation } from "react-i18next";

// The router marks the current entry (`aria-current`, the active class). Exact paths: by default "/settings" would
// count as current on every page under it, and its sections (hash links) would all be current at once.
const PAGE = { exact: true, includeSearch: false } as const;
const SECTION = { exact: true, includeSearch: false, includeHash: true } as const;
const ACTIVE = { className: "subnav__active" };

/**
 * Every settings section, the same list on /settings and on each page under it, so no settings page is a dead end
 * (on a phone the sidebar is a drawer: this is the only way across).
 */
export function SettingsNav() {
  const { t } = useTranslation();
  return (
    <nav className="subnav" aria-label={t("settings.sections")} data-testid="settings-nav">
      <Link to="/settings" hash="settings-general" activeOptions={SECTION} activeProps={ACTIVE}>
        {t("settings.generalTitle")}
      </Link>
      <Link to="/settings" hash="settings-members" activeOptions={SECTION} activeProps={ACTIVE}>
        {t("members.title")}
      </Link>
      <Link to="/settings" hash="settings-tokens" activeOptions={SECTION} activeProps={ACTIVE}>
        {t("tokens.title")}
      </Link>
      <Link to="/settings" hash="settings-saved-replies" activeOptions={SECTION} activeProps={ACTIVE}>
        {t("savedReplies.title")}
      </Link>
      <Link to="/settings/channels" data-testid="settings-channels-link" activeOptions={PAGE} activeProps={ACTIVE}>
        {t("channels.settingsLink")}
      </Link>
      <Link to="/settings/failures" data-testid="settings-failures-link" activeOptions={PAGE} activeProps={ACTIVE}>
        {t("failures.title")}
      </Link>
      <Link to="/settings/billing" data-testid="settings-billing-link" activeOptions={PAGE} activeProps={ACTIVE}>
        {t("billing.settingsLink")}
      </Link>
      <Link to="/settings/notifications" data-testid="settings-notifications-link" activeOptions={PAGE} activeProps={ACTIVE}>
        {t("notifications.title")}
      </Link>
      <Link to="/settings/webhooks" data-testid="settings-webhooks-link" activeOptions={PAGE} activeProps={ACTIVE}>
        {t("webhooks.settingsLink")}
      </Link>
    </nav>
  );
}
