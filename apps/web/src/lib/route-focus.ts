/**
 * Focus and announcement after a navigation, as accessible SPA routers do: a page change in an SPA is silent to a
 * screen reader and leaves the focus on the link just clicked (or nowhere, when it unmounted), so the next Tab starts
 * from the sidebar again. After a change of page, the new page's main heading takes the focus and its title is
 * announced; not on the first load (the browser announces the document itself) and not when only the search
 * changed (a page's own state, e.g. the inbox's open conversation: the page decides where the focus goes).
 */

export interface RouteChange {
  /** The previous resolved location; undefined on the first load. */
  fromLocation?: { pathname: string } | undefined;
  toLocation: { pathname: string };
}

export function isPageChange({ fromLocation, toLocation }: RouteChange): boolean {
  return fromLocation !== undefined && fromLocation.pathname !== toLocation.pathname;
}

const FIELD = "input, textarea, select, [contenteditable=''], [contenteditable='true']";

/**
 * The element the new page's focus should go to, or null to leave it: a field the page focused itself (a sign-in
 * form's email) keeps it. The main heading (`main h1`, else the page's only `h1`), else the main landmark.
 */
export function pageFocusTarget(doc: Document): HTMLElement | null {
  const active = doc.activeElement;
  if (active && active !== doc.body && active.matches(FIELD) && active.isConnected) return null;
  return doc.querySelector<HTMLElement>("main h1") ?? doc.querySelector<HTMLElement>("h1") ?? doc.querySelector<HTMLElement>("main");
}

/** Focuses `el` as a target of the script only: not a Tab stop, no focus ring for a mouse user (`:focus-visible`). */
export function focusPageTarget(el: HTMLElement): void {
  if (!el.hasAttribute("tabindex")) el.setAttribute("tabindex", "-1");
  el.focus({ preventScroll: true });
}

/** What the announcer says: the tab's title (which names the page), else the heading's text. */
export function pageAnnouncement(doc: Document, target: HTMLElement | null): string {
  const heading = target?.matches("h1") ? target.textContent?.trim() : doc.querySelector("h1")?.textContent?.trim();
  return doc.title.trim() || heading || "";
}

/**
 * Waits for the new page to show its heading (a lazy page's chunk or its first data may still be on the way), at most
 * `timeoutMs`, then resolves with whatever is there.
 */
export function whenPageHeading(doc: Document, timeoutMs: number): Promise<void> {
  return new Promise((resolve) => {
    if (doc.querySelector("h1")) return resolve();
    const observer = new MutationObserver(() => {
      if (!doc.querySelector("h1")) return;
      done();
    });
    const timer = setTimeout(() => done(), timeoutMs);
    function done() {
      observer.disconnect();
      clearTimeout(timer);
      resolve();
    }
    observer.observe(doc.body, { childList: true, subtree: true });
  });
}
