import { useTranslation } from "react-i18next";
import { EmptyState } from "./EmptyState";
import type { IconName } from "./Icon";
import { PageHeader } from "./PageHeader";

/** A page whose feature is still to come: its heading, then what it will show. */
export function PlannedFeaturePage({ page, icon }: { page: "analytics" | "comments" | "topics"; icon: IconName }) {
  const { t } = useTranslation();
  return (
    <div className="page">
      <PageHeader title={t(`pages.${page}.title`)} description={t(`pages.${page}.description`)} />
      <EmptyState icon={icon} title={t(`pages.${page}.emptyTitle`)} items={[t(`pages.${page}.item1`), t(`pages.${page}.item2`), t(`pages.${page}.item3`)]}>
        <p>{t(`pages.${page}.emptyBody`)}</p>
      </EmptyState>
    </div>
  );
}
