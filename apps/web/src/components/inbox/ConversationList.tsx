import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { useVirtualizer } from "@tanstack/react-virtual";
import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from "react";
import { useTranslation } from "react-i18next";
import { errorMessageOf } from "../../lib/errors";
import { useFormatters } from "../../lib/format";
import { initials } from "../../lib/initials";
import { useTRPC, type RouterInputs } from "../../lib/trpc";
import { ConnectChannelsNote } from "../ConnectChannelsNote";
import { ChannelLabel, CustomerName } from "./CustomerName";
import { LabelChips, LabelFilter } from "./Labels";
import { MentionBadge, useMentionedConversations } from "../notes/MentionBadge";

type ListInput = Exclude<RouterInputs["inbox"]["conversations"], void | undefined>;
export type ConversationFilterValues = Pick<ListInput, "platform" | "status" | "assignee" | "unread" | "triage" | "needsPerson" | "search" | "labelId" | "snoozed">;

/** A row's height on a wide screen; each row is measured as drawn (on a phone its message takes a line of its own). */
const ROW_HEIGHT = 76;

/**
 * The conversation list: filters, then a virtualized list paged by cursor as it scrolls. The rows are one Tab stop
 * (roving focus: the open or last focused row), moved through with the arrows, Home and End; Enter opens.
 */
export function ConversationList({
  filters,
  onFilters,
  selected,
  onSelect,
  onVisible,
}: {
  filters: ConversationFilterValues;
  onFilters: (f: ConversationFilterValues) => void;
  selected: string | undefined;
  onSelect: (id: string) => void;
  onVisible: (ids: string[]) => void;
}) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const format = useFormatters();
  const mentioned = useMentionedConversations();
  const [search, setSearch] = useState(filters.search ?? "");

  // Typing filters after a short pause, not on every key.
  useEffect(() => {
    const timer = setTimeout(() => {
      if ((filters.search ?? "") !== search) onFilters({ ...filters, search: search || undefined });
    }, 250);
    return () => clearTimeout(timer);
  }, [search, filters, onFilters]);

  const list = useInfiniteQuery(
    trpc.inbox.conversations.infiniteQueryOptions({ ...filters, limit: 40 }, { getNextPageParam: (last) => last.nextCursor ?? undefined }),
  );
  const items = useMemo(() => list.data?.pages.flatMap((p) => p.items) ?? [], [list.data]);
  useEffect(() => onVisible(items.map((i) => i.id)), [items, onVisible]);

  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({ count: items.length, getScrollElement: () => scroller.current, estimateSize: () => ROW_HEIGHT, overscan: 8 });
  const virtualItems = virtualizer.getVirtualItems();
  const lastIndex = virtualItems[virtualItems.length - 1]?.index ?? -1;
  useEffect(() => {
    if (lastIndex >= items.length - 5 && list.hasNextPage && !list.isFetchingNextPage) void list.fetchNextPage();
  }, [lastIndex, items.length, list]);

  // Roving focus: which row is the list's Tab stop, and a row to focus once the virtualizer has rendered it.
  const selectedIndex = selected ? items.findIndex((i) => i.id === selected) : -1;
  const [cursor, setCursor] = useState<number | null>(null);
  const focusRow = useRef<number | null>(null);
  const tabStop = Math.min(cursor ?? Math.max(selectedIndex, 0), Math.max(items.length - 1, 0));
  // Only when the open conversation changes (not on every page the list loads).
  useEffect(() => {
    setCursor(null);
    // j / k open a conversation possibly out of sight: bring its row into view.
    if (selectedIndex >= 0) virtualizer.scrollToIndex(selectedIndex, { align: "auto" });
  }, [selected]);
  useEffect(() => {
    if (focusRow.current === null) return;
    const row = scroller.current?.querySelector<HTMLButtonElement>(`[data-index="${focusRow.current}"] button`);
    if (row) {
      row.focus();
      focusRow.current = null;
    }
  });
  function onRowsKey(e: KeyboardEvent<HTMLUListElement>) {
    const last = items.length - 1;
    const to = { ArrowDown: Math.min(tabStop + 1, last), ArrowUp: Math.max(tabStop - 1, 0), Home: 0, End: last }[e.key];
    if (to === undefined || last < 0) return;
    e.preventDefault();
    setCursor(to);
    focusRow.current = to;
    virtualizer.scrollToIndex(to, { align: "auto" });
  }

  const set = (patch: Partial<ConversationFilterValues>) => onFilters({ ...filters, ...patch });
  const filtered = Object.values(filters).some((v) => v !== undefined && v !== false);

  return (
    <section className="inbox__list" aria-label={t("inbox.listLabel")}>
      <form className="inbox__filters" role="search" aria-label={t("inbox.filters")} onSubmit={(e) => e.preventDefault()}>
        <input
          className="input"
          type="search"
          aria-label={t("inbox.search")}
          placeholder={t("inbox.searchPlaceholder")}
          value={search}
          onChange={(e) => setSearch(e.target.value)}
          data-testid="inbox-search"
        />
        <div className="inbox__filter-row">
          <select className="select" aria-label={t("inbox.filterLabels.platform")} value={filters.platform ?? ""} onChange={(e) => set({ platform: (e.target.value || undefined) as ListInput["platform"] })} data-testid="inbox-filter-platform">
            <option value="">{t("inbox.platformAll")}</option>
            <option value="whatsapp">{t("inbox.platform.whatsapp")}</option>
            <option value="instagram">{t("inbox.platform.instagram")}</option>
          </select>
          <select className="select" aria-label={t("inbox.filterLabels.status")} value={filters.status ?? ""} onChange={(e) => set({ status: (e.target.value || undefined) as ListInput["status"] })} data-testid="inbox-filter-status">
            <option value="">{t("inbox.statusAll")}</option>
            <option value="open">{t("inbox.status.open")}</option>
            <option value="pending">{t("inbox.status.pending")}</option>
            <option value="resolved">{t("inbox.status.resolved")}</option>
          </select>
        </div>
        <div className="inbox__filter-row">
          <select className="select" aria-label={t("inbox.filterLabels.assignee")} value={filters.assignee ?? ""} onChange={(e) => set({ assignee: e.target.value || undefined })} data-testid="inbox-filter-assignee">
            <option value="">{t("inbox.assigneeAll")}</option>
            <option value="me">{t("inbox.assigneeMe")}</option>
            <option value="unassigned">{t("inbox.unassigned")}</option>
          </select>
          <select className="select" aria-label={t("inbox.filterLabels.triage")} value={filters.triage ?? ""} onChange={(e) => set({ triage: (e.target.value || undefined) as ListInput["triage"] })} data-testid="inbox-filter-triage">
            <option value="">{t("inbox.triageAll")}</option>
            <option value="ESCALATE">{t("inbox.triage.ESCALATE")}</option>
            <option value="AUTO_REPLY">{t("inbox.triage.AUTO_REPLY")}</option>
            <option value="IGNORE">{t("inbox.triage.IGNORE")}</option>
          </select>
        </div>
        <label className="inbox__check">
          <input type="checkbox" checked={filters.unread ?? false} onChange={(e) => set({ unread: e.target.checked || undefined })} data-testid="inbox-filter-unread" />
          {t("inbox.unreadOnly")}
        </label>
        <label className="inbox__check">
          <input type="checkbox" checked={filters.needsPerson ?? false} onChange={(e) => set({ needsPerson: e.target.checked || undefined })} data-testid="inbox-filter-needs-person" />
          {t("inbox.needsPersonOnly")}
        </label>
        <div className="inbox__filter-row">
          <LabelFilter value={filters.labelId} onChange={(labelId) => set({ labelId })} />
          <label className="inbox__check">
            <input type="checkbox" checked={filters.snoozed ?? false} onChange={(e) => set({ snoozed: e.target.checked || undefined })} data-testid="inbox-filter-snoozed" />
            {t("inbox.snoozedOnly")}
          </label>
        </div>
      </form>

      {list.isPending && <p className="muted inbox__note" role="status">{t("common.loading")}</p>}
      {list.isError && <p className="alert alert--error">{errorMessageOf(list.error, t)}</p>}
      {list.isSuccess && items.length === 0 && (filtered ? <p className="muted inbox__note">{t("inbox.empty")}</p> : <EmptyInbox />)}

      <div className="inbox__scroller" ref={scroller} data-testid="conversation-list">
        <ul className="inbox__rows" style={{ height: virtualizer.getTotalSize() }} onKeyDown={onRowsKey}>
          {virtualItems.map((row) => {
            const c = items[row.index]!;
            return (
              <li key={c.id} ref={virtualizer.measureElement} className="inbox__row-slot" data-index={row.index} style={{ transform: `translateY(${row.start}px)` }}>
                <button
                  type="button"
                  className={`inbox__row${c.id === selected ? " inbox__row--active" : ""}${c.unreadCount > 0 ? " inbox__row--unread" : ""}`}
                  aria-current={c.id === selected ? "true" : undefined}
                  tabIndex={row.index === tabStop ? 0 : -1}
                  onFocus={() => setCursor(row.index)}
                  onClick={() => onSelect(c.id)}
                  data-testid="conversation-row"
                  data-conversation-id={c.id}
                >
                  <span className="inbox__row-top">
                    <span className="inbox__who">
                      <CustomerName customer={c} size={24} inline nameClassName="inbox__name" />
                    </span>
                    <time className="inbox__time small muted" dateTime={new Date(c.lastMessageAt).toISOString()}>
                      {format.relative(c.lastMessageAt)}
                    </time>
                  </span>
                  <span className="inbox__row-bottom">
                    <ChannelLabel platform={c.platform} channelName={c.channelName} />
                    <span className="inbox__preview" data-testid="conversation-preview">
                      {c.lastMessagePreview}
                    </span>
                    {c.unreadCount > 0 && (
                      <span className="inbox__unread" aria-label={t("inbox.unread", { count: c.unreadCount })}>
                        {c.unreadCount}
                      </span>
                    )}
                    {mentioned.has(c.id) && <MentionBadge />}
                    {c.status !== "open" && <span className="badge badge--muted">{t(`inbox.status.${c.status as "pending" | "resolved"}`)}</span>}
                    {/* An automatic reply that did not go out is a customer waiting, not one answered. */}
                    {c.needsPerson ? (
                      <span className="badge badge--waiting" data-testid="conversation-needs-person">
                        {t("inbox.needsPerson")}
                      </span>
                    ) : (
                      c.triage &&
                      // "Réponse auto" only for a reply that went out (or is going): a blocked one the agent answered is not.
                      (c.triage !== "AUTO_REPLY" || c.decisionOutcome === "sent" || c.decisionOutcome === "pending") && (
                        <span className="badge">{t(`inbox.triage.${c.triage as "IGNORE" | "ESCALATE" | "AUTO_REPLY"}`)}</span>
                      )
                    )}
                    <LabelChips labels={c.labels} />
                    {c.assigneeId && (
                      <span className="inbox__assignee" title={t("inbox.assignedTo", { name: c.assigneeName ?? "?" })} data-testid="conversation-assignee">
                        <span aria-hidden="true">{initials(c.assigneeName ?? "")}</span>
                        <span className="sr-only">{t("inbox.assignedTo", { name: c.assigneeName ?? "?" })}</span>
                      </span>
                    )}
                  </span>
                </button>
              </li>
            );
          })}
        </ul>
        {list.isFetchingNextPage && <p className="muted inbox__note">{t("inbox.loadingMore")}</p>}
      </div>
    </section>
  );
}

/** No conversation at all: without a connected account none can come, so the way forward is the channels page. */
function EmptyInbox() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const channels = useQuery(trpc.channels.list.queryOptions());
  if (!channels.isSuccess) return null;
  if (channels.data.length > 0) {
    return (
      <p className="muted inbox__note" data-testid="inbox-empty">
        {t("inbox.emptyAll")}
      </p>
    );
  }
  return <ConnectChannelsNote className="inbox__note" why={t("inbox.emptyNoChannel")} link={t("inbox.connectChannels")} testId="inbox-empty" linkTestId="inbox-connect-channels" />;
}
