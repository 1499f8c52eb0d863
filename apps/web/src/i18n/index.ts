import i18n, { type BackendModule, type ResourceKey } from "i18next";
import { initReactI18next } from "react-i18next";

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

/**
 * Each language's messages are a chunk of their own, fetched when that language is first used (at start, or when
 * the person or the workspace switches): a first page downloads one dictionary, not both (JS budget,
 * build/assets.ts). i18next loads the bundle before it switches, so the UI never shows keys while switching.
 */
const messagesOf: Record<Language, () => Promise<ResourceKey>> = {
  fr: () => import("./fr").then((m) => m.fr),
  en: () => import("./en").then((m) => m.en),
};
const lazyMessages: BackendModule = {
  type: "backend",
  init() {},
  read(language, _namespace, callback) {
    if (!isLanguage(language)) return callback(null, {});
    messagesOf[language]().then(
      (messages) => callback(null, messages),
      (error: Error) => callback(error, null),
    );
  },
};

/** Resolves once the start language's messages are loaded: render after it (main.tsx), or tests would see keys. */
export const i18nReady: Promise<unknown> = i18n
  .use(lazyMessages)
  .use(initReactI18next)
  .init({
    lng: chosenLanguage() ?? DEFAULT_LANGUAGE,
    // fr.ts and en.ts have exactly the same keys (their types say so): no fallback dictionary to download.
    fallbackLng: false,
    supportedLngs: [...LANGUAGES],
    load: "currentOnly",
    interpolation: { escapeValue: false }, // React escapes already
    returnNull: false,
    showSupportNotice: false,
  });

function syncDocumentLanguage(lang: string) {
  // Not in unit tests, which run without a DOM.
  if (typeof document !== "undefined") document.documentElement.lang = lang;
}
syncDocumentLanguage(i18n.language);
i18n.on("languageChanged", syncDocumentLanguage);

export default i18n;
