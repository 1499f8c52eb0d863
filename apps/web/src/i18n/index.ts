import i18n from "i18next";
import { initReactI18next } from "react-i18next";
import { en } from "./en";
import { fr } from "./fr";

export const LANGUAGES = ["fr", "en"] as const;
export type Language = (typeof LANGUAGES)[number];
export const DEFAULT_LANGUAGE: Language = "fr";

const CHOICE_KEY = "sillage.language";

export function isLanguage(value: unknown): value is Language {
  return typeof value === "string" && (LANGUAGES as readonly string[]).includes(value);
}

/** The language the person picked explicitly (language menu), if any; it wins over the workspace's locale. */
export function chosenLanguage(): Language | null {
  try {
    const value = localStorage.getItem(CHOICE_KEY);
    return isLanguage(value) ? value : null;
  } catch {
    return null;
  }
}

/** Explicit choice from the language menu: remembered on this device. */
export function chooseLanguage(lang: Language): void {
  try {
    localStorage.setItem(CHOICE_KEY, lang);
  } catch {
    // Not persisted; still applied below.
  }
  void i18n.changeLanguage(lang);
}

/** The workspace's locale is the default for its members, unless they chose a language themselves. */
export function applyWorkspaceLocale(locale: string | null | undefined): void {
  const lang = chosenLanguage() ?? (isLanguage(locale) ? locale : DEFAULT_LANGUAGE);
  if (i18n.language !== lang) void i18n.changeLanguage(lang);
}

/** BCP 47 tag for Intl formatters. */
export function intlLocale(lang: string): string {
  return lang === "en" ? "en-GB" : "fr-FR";
}

void i18n.use(initReactI18next).init({
  resources: { fr: { translation: fr }, en: { translation: en } },
  lng: chosenLanguage() ?? DEFAULT_LANGUAGE,
  fallbackLng: DEFAULT_LANGUAGE,
  supportedLngs: [...LANGUAGES],
  interpolation: { escapeValue: false }, // React escapes already
  returnNull: false,
});

function syncDocumentLanguage(lang: string) {
  // Not in unit tests, which run without a DOM.
  if (typeof document !== "undefined") document.documentElement.lang = lang;
}
syncDocumentLanguage(i18n.language);
i18n.on("languageChanged", syncDocumentLanguage);

export default i18n;
