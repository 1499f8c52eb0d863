import { Link } from "@tanstack/react-router";
import { useTranslation } from "react-i18next";
import { PageHeader } from "../PageHeader";

/** The top of a page under Settings: the breadcrumb back to /settings, then the page's title and description. */
export function SettingsPageTop({ title, description, breadcrumbLabel }: { title: string; description: string; breadcrumbLabel: string }) {
  const { t } = useTranslation();
  return (
    <div className="page-top">
      <nav className="breadcrumb" aria-label={breadcrumbLabel}>
        <Link to="/settings">{t("settings.title")}</Link>
        <span aria-hidden="true">/</span>
        <span aria-current="page">{title}</span>
      </nav>
      <PageHeader title={title} description={description} />
    </div>
  );
}
