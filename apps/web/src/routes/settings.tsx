import { createLazyRoute } from "@tanstack/react-router";
import { useTranslation } from "react-i18next";
import { PageHeader } from "../components/PageHeader";
import { ApiTokensSettings } from "../components/settings/ApiTokensSettings";
import { GeneralSettings } from "../components/settings/GeneralSettings";
import { MembersSettings } from "../components/settings/MembersSettings";
import { SavedRepliesSettings } from "../components/settings/SavedRepliesSettings";
import { SettingsNav } from "../components/settings/SettingsNav";

/** Workspace settings: general (name, time zone, locale), members and invitations, API tokens, saved replies. */
export const Route = createLazyRoute("/app/settings")({ component: SettingsPage });

function SettingsPage() {
  const { t } = useTranslation();
  return (
    <div className="page">
      <PageHeader title={t("settings.title")} description={t("settings.description")} />
      <SettingsNav />
      <div className="stack">
        <GeneralSettings />
        <MembersSettings />
        <ApiTokensSettings />
        <SavedRepliesSettings />
      </div>
    </div>
  );
}
