import { createLazyRoute, Link } from "@tanstack/react-router";
import { useTranslation } from "react-i18next";
import { PageHeader } from "../components/PageHeader";
import { ApiTokensSettings } from "../components/settings/ApiTokensSettings";
import { GeneralSettings } from "../components/settings/GeneralSettings";
import { MembersSettings } from "../components/settings/MembersSettings";
import { SavedRepliesSettings } from "../components/settings/SavedRepliesSettings";

/** Workspace settings: general (name, time zone, locale), members and invitations, API tokens, saved replies. */
export const Route = createLazyRoute("/app/settings")({ component: SettingsPage });

function SettingsPage() {
  const { t } = useTranslation();
  return (
    <div className="page">
      <PageHeader title={t("settings.title")} description={t("settings.description")} />
      <nav className="subnav" aria-label={t("settings.sections")}>
        <a href="#settings-general">{t("settings.generalTitle")}</a>
        <a href="#settings-members">{t("members.title")}</a>
        <a href="#settings-tokens">{t("tokens.title")}</a>
        <a href="#settings-saved-replies">{t("savedReplies.title")}</a>
        <Link to="/settings/channels" data-testid="settings-channels-link">
          {t("channels.settingsLink")}
        </Link>
        <Link to="/settings/failures" data-testid="settings-failures-link">
          {t("failures.title")}
        </Link>
        <Link to="/settings/billing" data-testid="settings-billing-link">
          {t("billing.settingsLink")}
        </Link>
        <Link to="/settings/notifications" data-testid="settings-notifications-link">
          {t("notifications.title")}
        </Link>
        <Link to="/settings/webhooks" data-testid="settings-webhooks-link">
          {t("webhooks.settingsLink")}
        </Link>
      </nav>
      <div className="stack">
        <GeneralSettings />
        <MembersSettings />
        <ApiTokensSettings />
        <SavedRepliesSettings />
      </div>
    </div>
  );
}
