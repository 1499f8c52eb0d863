import i18n, { type BackendModule, type ResourceKey } from "i18next";
import { useEffect, useState } from "react";
import { initReactI18next, useTranslation } from "react-i18next";
import type { Area } from "./areas";

export type { Area } from "./areas";

/*
 * Layout of the dictionaries: one file per top-level key and language, named after the key (`inbox.*` lives in
 * fr/inbox.ts and en/inbox.ts); fr.ts and en.ts assemble them whole, for the types and the tests only.
 * - Core keys (re-exported by fr/_core.ts and en/_core.ts: shell, sign-in, errors, validation...) are one chunk per
 *   language, loaded before the first render.
 * - Every other top-level key is an area, a chunk of its own, loaded before it shows: by the routes of the pages that
 *   use it (their `loader`, lists in areas.ts), by the tRPC link before it hands over a refusal (lib/trpc.ts), or by a
 *   shared component that shows it only sometimes (`useAreas`). A first page downloads the words it shows, not all.
 * - One `translation` namespace: `t("inbox.title")` is the same call whichever chunk brought the key.
 * A new top-level key: a file in en/ and fr/, a line in en.ts and fr.ts, a line in AREAS below (or in both _core.ts),
 * and its pages in areas.ts; the types refuse a key left out of AREAS.
 */

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

/**
 * The first of the browser's preferred languages that Sillage speaks ("en-GB" → en), if any: what a signed-out visitor
 * sees until they choose, and so the language a new workspace is created in. French when none matches.
 */
export function browserLanguage(preferred: readonly string[] = typeof navigator === "undefined" ? [] : navigator.languages ?? [navigator.language]): Language | null {
  for (const tag of preferred) {
    const primary = tag?.split("-")[0]?.toLowerCase();
    if (isLanguage(primary)) return primary;
  }
  return null;
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

/** The workspace's locale is the default for its members, unless they chose a language themselves; signed out, the browser's. */
export async function applyWorkspaceLocale(locale: string | null | undefined): Promise<void> {
  const lang = chosenLanguage() ?? (isLanguage(locale) ? locale : (browserLanguage() ?? DEFAULT_LANGUAGE));
  if (i18n.language !== lang) await i18n.changeLanguage(lang);
}

/**
 * BCP 47 tag for Intl formatters. In English, the browser's own English when it names one: an American reads
 * "Dec 4, 2026, 5:38 PM" as their date pickers already write it, not "4 Dec 2026, 17:38"; British otherwise.
 */
export function intlLocale(lang: string, preferred: readonly string[] = typeof navigator === "undefined" ? [] : navigator.languages ?? [navigator.language]): string {
  if (lang !== "en") return "fr-FR";
  return preferred.find((tag) => /^en-[a-z]{2}$/i.test(tag ?? "")) ?? "en-GB";
}


const coreOf: Record<Language, () => Promise<Record<string, unknown>>> = {
  fr: () => import("./fr/_core"),
  en: () => import("./en/_core"),
};
const AREAS: { [A in Area]: Record<Language, () => Promise<Record<A, unknown>>> } = {
  reasons: { fr: () => import("./fr/reasons"), en: () => import("./en/reasons") },
  passwordReset: { fr: () => import("./fr/passwordReset"), en: () => import("./en/passwordReset") },
  invite: { fr: () => import("./fr/invite"), en: () => import("./en/invite") },
  inbox: { fr: () => import("./fr/inbox"), en: () => import("./en/inbox") },
  notes: { fr: () => import("./fr/notes"), en: () => import("./en/notes") },
  pages: { fr: () => import("./fr/pages"), en: () => import("./en/pages") },
  schedule: { fr: () => import("./fr/schedule"), en: () => import("./en/schedule") },
  settings: { fr: () => import("./fr/settings"), en: () => import("./en/settings") },
  members: { fr: () => import("./fr/members"), en: () => import("./en/members") },
  invitations: { fr: () => import("./fr/invitations"), en: () => import("./en/invitations") },
  tokens: { fr: () => import("./fr/tokens"), en: () => import("./en/tokens") },
  channels: { fr: () => import("./fr/channels"), en: () => import("./en/channels") },
  ai: { fr: () => import("./fr/ai"), en: () => import("./en/ai") },
  savedReplies: { fr: () => import("./fr/savedReplies"), en: () => import("./en/savedReplies") },
  scheduleUx: { fr: () => import("./fr/scheduleUx"), en: () => import("./en/scheduleUx") },
  firstRun: { fr: () => import("./fr/firstRun"), en: () => import("./en/firstRun") },
  failures: { fr: () => import("./fr/failures"), en: () => import("./en/failures") },
  kpis: { fr: () => import("./fr/kpis"), en: () => import("./en/kpis") },
  comments: { fr: () => import("./fr/comments"), en: () => import("./en/comments") },
  serverErrors: { fr: () => import("./fr/serverErrors"), en: () => import("./en/serverErrors") },
  fieldIssues: { fr: () => import("./fr/fieldIssues"), en: () => import("./en/fieldIssues") },
  mediaConversion: { fr: () => import("./fr/mediaConversion"), en: () => import("./en/mediaConversion") },
  commentConversations: { fr: () => import("./fr/commentConversations"), en: () => import("./en/commentConversations") },
  planLimits: { fr: () => import("./fr/planLimits"), en: () => import("./en/planLimits") },
  toggles: { fr: () => import("./fr/toggles"), en: () => import("./en/toggles") },
  topics: { fr: () => import("./fr/topics"), en: () => import("./en/topics") },
  billing: { fr: () => import("./fr/billing"), en: () => import("./en/billing") },
  notifySettings: { fr: () => import("./fr/notifySettings"), en: () => import("./en/notifySettings") },
  notifications: { fr: () => import("./fr/notifications"), en: () => import("./en/notifications") },
  webhooks: { fr: () => import("./fr/webhooks"), en: () => import("./en/webhooks") },
  handover: { fr: () => import("./fr/handover"), en: () => import("./en/handover") },
};

/** Areas some page or component has needed: a language switched to later gets them with its core. */
const wanted = new Set<Area>();
/** Each language's bundle, from the moment i18next asks for it (start, or a switch): areas wait for it. */
const reads = new Map<Language, Promise<unknown>>();

/**
 * An area's words, fetched a second time if the first try failed (a dropped connection, a busy server); failing again,
 * none: the page still renders, with the core's words and the area's keys, and the error is reported (Sentry's global
 * handler when it runs, the console always). A route loader waiting on a chunk that rejects would leave the link that
 * led there doing nothing.
 */
async function areaMessages(lang: Language, area: Area): Promise<ResourceKey> {
  const load: () => Promise<Record<string, unknown>> = AREAS[area][lang];
  try {
    const module = await load().catch(() => load());
    return { [area]: module[area] } as ResourceKey;
  } catch (error) {
    reportLoadError(new Error(`i18n: the "${area}" words (${lang}) did not load`, { cause: error }));
    return {};
  }
}

function reportLoadError(error: Error): void {
  console.error(error);
  // Outside a browser (unit tests) there is no window to report to.
  if (typeof window !== "undefined") window.reportError?.(error);
}

/** The core and every wanted area, also those wanted while the core loads: the bundle i18next gets in one piece. */
async function bundleOf(lang: Language): Promise<ResourceKey> {
  const bundle: Record<string, unknown> = { ...(await coreOf[lang]().catch(() => coreOf[lang]())) };
  // Each area tried once here (one that failed is tried again by the next `loadAreas` asking for it).
  const tried = new Set<Area>();
  for (let missing = [...wanted]; missing.length; missing = [...wanted].filter((a) => !tried.has(a))) {
    for (const a of missing) tried.add(a);
    Object.assign(bundle, ...(await Promise.all(missing.map((a) => areaMessages(lang, a)))));
  }
  return bundle;
}

/**
 * i18next asks for a language's bundle before it switches to it (and at start): it gets the core and the areas
 * already in use, so a switch never shows keys. Adding areas to a language before i18next asked for it would make
 * it skip the core: areas only join bundles already read (`loadAreas`).
 */
const lazyMessages: BackendModule = {
  type: "backend",
  init() {},
  read(language, _namespace, callback) {
    if (!isLanguage(language)) return callback(null, {});
    const bundle = bundleOf(language);
    reads.set(language, bundle);
    bundle.then(
      (messages) => callback(null, messages),
      (error: Error) => callback(error, null),
    );
  },
};

const isLoaded = (lang: string, area: Area) => i18n.getResource(lang, "translation", area) !== undefined;

/** Loads `areas` into every language read so far (and any read later); resolves once they can be shown. */
export async function loadAreas(areas: readonly Area[]): Promise<void> {
  for (const a of areas) wanted.add(a);
  // Before i18next asked for the start language: it will get them with its core.
  if (!reads.size) await i18nReady;
  await Promise.all(
    [...reads].map(async ([lang, read]) => {
      // After i18next stored the bundle (its callback ran first): what the bundle lacks is added now.
      await read.catch(() => undefined);
      const missing = areas.filter((a) => !isLoaded(lang, a));
      if (!missing.length) return;
      const parts = await Promise.all(missing.map((a) => areaMessages(lang, a)));
      i18n.addResourceBundle(lang, "translation", Object.assign({}, ...parts));
    }),
  );
}

/**
 * For a shared component that shows an area's words only sometimes (a banner, a lazy panel): true once `areas` are
 * loaded in the current language, loading them when `needed`; render their words only then.
 */
export function useAreas(areas: readonly Area[], needed = true): boolean {
  const { i18n: current } = useTranslation();
  const ready = areas.every((a) => isLoaded(current.language, a));
  const [, loaded] = useState(0);
  useEffect(() => {
    if (needed && !ready) void loadAreas(areas).then(() => loaded((n) => n + 1));
    // `areas` is a literal at each call (a new array each render): what changes is whether they are needed and loaded.
  }, [needed, ready]);
  return ready;
}

/** Resolves once the start language's core messages are loaded: render after it (main.tsx), or tests would see keys. */
export const i18nReady: Promise<unknown> = i18n
  .use(lazyMessages)
  .use(initReactI18next)
  .init({
    lng: chosenLanguage() ?? browserLanguage() ?? DEFAULT_LANGUAGE,
    // fr/ and en/ have exactly the same keys (their types say so): no fallback dictionary to download.
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
