import { useTranslation } from "react-i18next";
import { chooseLanguage, isLanguage, LANGUAGES } from "../i18n";
import { Icon } from "./Icon";

/** Picks the interface language for this person on this device (overrides the workspace's default). */
export function LanguageSwitcher({ compact = false }: { compact?: boolean }) {
  const { t, i18n } = useTranslation();
  return (
    <label className={`lang-switch${compact ? " lang-switch--compact" : ""}`}>
      <Icon name="globe" size={16} />
      <span className="sr-only">{t("common.language")}</span>
      <select
        className="lang-switch__select"
        value={i18n.language}
        onChange={(e) => {
          if (isLanguage(e.target.value)) chooseLanguage(e.target.value);
        }}
        data-testid="language-switcher"
      >
        {LANGUAGES.map((lang) => (
          <option key={lang} value={lang}>
            {t(`languages.${lang}`)}
          </option>
        ))}
      </select>
    </label>
  );
}
