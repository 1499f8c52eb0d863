import { useTranslation } from "react-i18next";
import type { Role } from "../lib/roles";

/** A member's, invitation's or API token's role, translated, in the role's colour. */
export function RoleBadge({ role }: { role: string }) {
  const { t } = useTranslation();
  return <span className={`badge badge--${role}`}>{t(`roles.${role as Role}`)}</span>;
}
