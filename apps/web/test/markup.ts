// A component rendered as the browser first gets it, in one language: its HTML and its visible text.
import i18n from "i18next";
import type { ReactElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";

export async function renderIn(lang: "fr" | "en", element: ReactElement): Promise<{ html: string; text: string }> {
  await i18n.changeLanguage(lang);
  const html = renderToStaticMarkup(element);
  const text = html
    .replace(/<[^>]+>/g, " ")
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/\s+/g, " ")
    .trim();
  return { html, text };
}
