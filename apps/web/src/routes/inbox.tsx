import { createRoute, useNavigate } from "@tanstack/react-router";
import { useEffect, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { ContactPanel } from "../components/inbox/ContactPanel";
import { ConversationList, type ConversationFilterValues } from "../components/inbox/ConversationList";
import { DemoSimulator } from "../components/inbox/DemoSimulator";
import { Thread } from "../components/inbox/Thread";
import { PageHeader } from "../components/PageHeader";
import { appRoute } from "./_app";
import "../components/inbox/inbox.css";

interface InboxSearch {
  /** The open conversation. */
  c?: string;
}

/** Conversations from WhatsApp and Instagram DMs: list with filters on the left, the thread and reply box on the right. */
export const inboxRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/inbox",
  validateSearch: (search: Record<string, unknown>): InboxSearch => (typeof search.c === "string" && /^[0-9a-f-]{36}$/i.test(search.c) ? { c: search.c } : {}),
  component: InboxPage,
});

function InboxPage() {
  const { t } = useTranslation();
  const { c: selected } = inboxRoute.useSearch();
  const navigate = useNavigate({ from: "/inbox" });
  const [filters, setFilters] = useState<ConversationFilterValues>({});
  const [visibleIds, setVisibleIds] = useState<string[]>([]);
  const select = useMemo(() => (id: string | undefined) => void navigate({ search: id ? { c: id } : {}, replace: true }), [navigate]);

  // j / k move through the list (outside text fields).
  useEffect(() => {
    function onKey(e: KeyboardEvent) {
      const target = e.target as HTMLElement | null;
      if (e.ctrlKey || e.metaKey || e.altKey || (target && (target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName)))) return;
      if (e.key !== "j" && e.key !== "k") return;
      const index = selected ? visibleIds.indexOf(selected) : -1;
      const next = e.key === "j" ? visibleIds[index + 1] : visibleIds[Math.max(index - 1, 0)];
      if (next) {
        e.preventDefault();
        select(next);
      }
    }
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [selected, visibleIds, select]);

  return (
    <div className="page page--inbox">
      <PageHeader title={t("pages.inbox.title")} description={t("pages.inbox.description")} />
      <DemoSimulator />
      <div className={`inbox${selected ? " inbox--with-contact" : ""}`} data-testid="inbox">
        <ConversationList filters={filters} onFilters={setFilters} selected={selected} onSelect={select} onVisible={setVisibleIds} />
        <section className="inbox__thread" aria-label={t("inbox.reply.label")}>
          {selected ? <Thread key={selected} conversationId={selected} /> : <p className="inbox__placeholder muted">{t("inbox.pickOne")}</p>}
        </section>
        {selected && (
          <aside className="inbox__contact" aria-label={t("inbox.contact.label")}>
            <ContactPanel key={selected} conversationId={selected} />
          </aside>
        )}
      </div>
      <p className="small muted inbox__shortcuts">{t("inbox.shortcuts")}</p>
    </div>
  );
}
