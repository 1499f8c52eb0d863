import { createLazyRoute, useNavigate, useRouter } from "@tanstack/react-router";
import { useCallback, useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { ContactPanel } from "../components/inbox/ContactPanel";
import { ConversationList, type ConversationFilterValues } from "../components/inbox/ConversationList";
import { DemoSimulator } from "../components/inbox/DemoSimulator";
import { inboxShortcut, neighbour } from "../components/inbox/shortcuts";
import { ShortcutsDialog } from "../components/inbox/ShortcutsDialog";
import { Thread, type ThreadActions } from "../components/inbox/Thread";
import { PageHeader } from "../components/PageHeader";
import "../components/inbox/inbox.css";

/**
 * Conversations from WhatsApp and Instagram DMs: list with filters on the left, the thread and reply box on the
 * right; on a narrow screen one at a time, the open conversation in the URL so the browser's back returns to the list.
 */
export const Route = createLazyRoute("/app/inbox")({ component: InboxPage });

function InboxPage() {
  const { t } = useTranslation();
  const { c: selected } = Route.useSearch();
  const navigate = useNavigate({ from: "/inbox" });
  const router = useRouter();
  const [filters, setFilters] = useState<ConversationFilterValues>({});
  const [visibleIds, setVisibleIds] = useState<string[]>([]);
  const [helpOpen, setHelpOpen] = useState(false);
  const thread = useRef<ThreadActions | null>(null);
  // Whether the list's history entry sits just before the open thread's (it was opened from the list in this page).
  const openedFromList = useRef(false);
  // Under 900px the list and the thread show one at a time (inbox.css): the focus follows the pane that shows.
  const focusThread = useRef(false);
  const refocusRow = useRef<string | null>(null);

  // Opening from the list adds a history entry (back returns to the list); moving between threads replaces it.
  const select = useCallback(
    (id: string | undefined) => {
      if (id && !selected) openedFromList.current = true;
      focusThread.current = Boolean(id) && window.matchMedia("(max-width: 900px)").matches;
      void navigate({ search: id ? { c: id } : {}, replace: Boolean(selected) });
    },
    [navigate, selected],
  );

  const backToList = useCallback(() => {
    refocusRow.current = selected ?? null;
    if (openedFromList.current) {
      openedFromList.current = false;
      router.history.back();
    } else void navigate({ search: {}, replace: true });
  }, [navigate, router, selected]);

  useEffect(() => {
    if (selected) return;
    openedFromList.current = false;
    focusThread.current = false;
    // Back to the list: on the row of the conversation just left, as a reader expects to come back to where they were.
    const id = refocusRow.current;
    refocusRow.current = null;
    if (!id) return;
    // The list was hidden: its virtual rows come back once it is measured again, a few frames later.
    let tries = 0;
    let timer = 0;
    const focusRow = () => {
      const row = document.querySelector<HTMLElement>(`[data-testid="conversation-row"][data-conversation-id="${CSS.escape(id)}"]`);
      if (row) row.focus({ preventScroll: true });
      else if (++tries < 20) timer = window.setTimeout(focusRow, 50);
    };
    timer = window.setTimeout(focusRow, 0);
    return () => window.clearTimeout(timer);
  }, [selected]);

  useEffect(() => {
    function onKey(e: KeyboardEvent) {
      const shortcut = inboxShortcut({ ...pick(e), target: e.target instanceof Element ? (e.target as HTMLElement) : null });
      // None while a dialog is open, wherever its focus went (the shortcut list's own, the workspace switcher's).
      if (!shortcut || document.querySelector("dialog[open]")) return;
      if (shortcut === "help") setHelpOpen(true);
      else if (shortcut === "next" || shortcut === "previous") {
        const next = neighbour(visibleIds, selected, shortcut);
        if (next) select(next);
      } else if (shortcut === "reply") {
        if (!thread.current?.focusReply()) return;
      } else if (shortcut === "resolve") {
        if (!thread.current?.resolve()) return;
      }
      // Only a key that did something is kept from the page (r must not also type an "r" into the box it focuses).
      e.preventDefault();
    }
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [selected, visibleIds, select]);

  return (
    <div className={`page page--inbox${selected ? " page--thread-open" : ""}`}>
      {selected && (
        <a
          className="skip-link"
          href="#reply-area"
          onClick={(e) => {
            // Focus without a fragment navigation: the router would record it as a history entry.
            e.preventDefault();
            thread.current?.focusReply();
          }}
          data-testid="skip-to-reply"
        >
          {t("inbox.skipToReply")}
        </a>
      )}
      <PageHeader
        title={t("pages.inbox.title")}
        description={t("pages.inbox.description")}
        actions={
          <button type="button" className="btn btn--ghost btn--sm inbox__help" onClick={() => setHelpOpen(true)} aria-keyshortcuts="?" data-testid="shortcuts-open">
            <kbd>?</kbd> {t("inbox.shortcutsButton")}
          </button>
        }
      />
      <DemoSimulator conversationId={selected} />
      <div className={`inbox${selected ? " inbox--thread-open inbox--with-contact" : ""}`} data-testid="inbox">
        <ConversationList filters={filters} onFilters={setFilters} selected={selected} onSelect={select} onVisible={setVisibleIds} />
        <section className="inbox__thread" aria-label={t("inbox.reply.label")}>
          {selected ? <Thread key={selected} conversationId={selected} onBack={backToList} actionsRef={thread} focusOnOpen={focusThread.current} /> : <p className="inbox__placeholder muted">{t("inbox.pickOne")}</p>}
        </section>
        {selected && (
          <aside className="inbox__contact" aria-label={t("inbox.contact.label")}>
            <ContactPanel key={selected} conversationId={selected} />
          </aside>
        )}
      </div>
      <p className="small muted inbox__shortcuts">{t("inbox.shortcuts")}</p>
      <ShortcutsDialog open={helpOpen} onClose={() => setHelpOpen(false)} />
    </div>
  );
}

function pick(e: KeyboardEvent) {
  return { key: e.key, ctrlKey: e.ctrlKey, metaKey: e.metaKey, altKey: e.altKey, defaultPrevented: e.defaultPrevented };
}
