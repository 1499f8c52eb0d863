import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { useDocumentTitle } from "../lib/document-title";
import { BrandMark } from "./AppShell";
import { LanguageSwitcher } from "./LanguageSwitcher";

/** Centered card for the signed-out pages (login, signup, invitation). */
export function AuthLayout({ title, subtitle, children, footer }: { title: string; subtitle?: string; children: ReactNode; footer?: ReactNode }) {
  const { t } = useTranslation();
  useDocumentTitle(title);
  return (
    <div className="auth">
      <div className="auth__topbar">
        <span className="brand">
          <BrandMark /> <span>Sillage</span>
        </span>
        <LanguageSwitcher compact />
      </div>
      <main className="auth__main">
        <div className="auth__card">
          <h1 className="auth__title">{title}</h1>
          {subtitle && <p className="auth__subtitle">{subtitle}</p>}
          {children}
        </div>
        {footer && <div className="auth__footer">{footer}</div>}
        <p className="auth__tagline">{t("auth.tagline")}</p>
      </main>
    </div>
  );
}
