import { Link } from "@tanstack/react-router";
import { useTranslation } from "react-i18next";
import { PageHeader } from "../PageHeader";
import { SettingsNav } from "./SettingsNav";

/** The top of a page under Settings: the breadcrumb back to /settings, the page's title and description, every section. */
export function SettingsPageTop({ title, description }: { title: string; description: string }) {
  const { t } = useTranslation();
  return (
    <>
      <div className="page-top">
        <nav className="breadcrumb" aria-label={t("settings.breadcrumb")}>
          <Link to="/settings">{t("settings.title")}</Link>
          <span aria-hidden="true">/</span>
          <span aria-current="page">{title}</span>
        </nav>
        <PageHeader title={title} description={description} />
      </div>
      <SettingsNav />
    </>
  );
}
