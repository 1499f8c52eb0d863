import { useEffect } from "react";

const APP_NAME = "Sillage";

/**
 * The tab's title names the page ("Messagerie · Sillage"): screen readers announce it on each navigation, and the
 * browser's history and tab list tell pages apart. Back to the bare name when the page goes.
 */
export function useDocumentTitle(title: string | null | undefined): void {
  useEffect(() => {
    if (!title) return;
    document.title = `${title} · ${APP_NAME}`;
    return () => {
      document.title = APP_NAME;
    };
  }, [title]);
}
