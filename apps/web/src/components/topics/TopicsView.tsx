import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { Link } from "@tanstack/react-router";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useFormatters } from "../../lib/format";
import { useTRPC, type RouterOutputs } from "../../lib/trpc";
import { useWorkspace } from "../../lib/workspace";
import { EmptyState } from "../EmptyState";
import { QueryStatus } from "../QueryStatus";

type Period = "24h" | "7d";
type Topic = RouterOutputs["analytics"]["topics"]["topics"][number];

/** Five chip sizes by volume relative to the largest topic (classes, not inline styles: the CSP allows none). */
function sizeClass(size: number, max: number): string {
  const step = Math.max(1, Math.min(5, Math.ceil((size / Math.max(max, 1)) * 5)));
  return `topic-chip topic-chip--s${step}`;
}

function TrendMark({ topic }: { topic: Topic }) {
  const { t } = useTranslation();
  const { signedPercent } = useFormatters();
  const growth = topic.growth === null ? "" : signedPercent(topic.growth);
  const [mark, label] =
    topic.trend === "up" ? ["↑", t("topics.trendUp", { growth })] : topic.trend === "down" ? ["↓", t("topics.trendDown", { growth })] : topic.trend === "stable" ? ["→", t("topics.trendStable")] : ["•", t("topics.trendNew")];
  return (
    <span className={`topic-chip__trend topic-chip__trend--${topic.trend}`} title={label}>
      <span aria-hidden="true">{mark}</span>
      <span className="sr-only">{label}</span>
    </span>
  );
}

/** A topic's messages and comments, most central first; each opens its conversation (or the comments page). */
function TopicItems({ topic }: { topic: Topic }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const fmt = useFormatters();
  const items = useInfiniteQuery(trpc.analytics.topicItems.infiniteQueryOptions({ topicId: topic.id }, { getNextPageParam: (last) => last.nextCursor ?? undefined }));
  const all = items.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <section className="topic-items card" aria-labelledby={`topic-items-${topic.id}`}>
      <h2 id={`topic-items-${topic.id}`} className="topic-items__title">
        {t("topics.items", { label: topic.label })}
      </h2>
      {topic.terms.length > 0 && (
        <p className="muted">
          {t("topics.terms")}: {topic.terms.join(", ")}
        </p>
      )}
      <QueryStatus query={items} />
      <ul className="topic-items__list" data-testid="topic-items">
        {all.map((item) => (
          <li key={`${item.kind}-${item.id}`} className="topic-items__item">
            {item.kind === "message" ? (
              <Link to="/inbox" search={{ c: item.conversationId }} className="topic-items__link" data-testid="topic-item-link">
                <span className="topic-items__text">{item.text}</span>
                <span className="topic-items__meta">
                  {item.contactName ? `${item.contactName} · ` : ""}
                  {fmt.dateTime(item.at)} · {t("topics.openConversation")}
                </span>
              </Link>
            ) : (
              <Link to="/comments" className="topic-items__link" data-testid="topic-item-link">
                <span className="topic-items__text">{item.text}</span>
                <span className="topic-items__meta">
                  {item.authorName ? `${item.authorName} · ` : ""}
                  {fmt.dateTime(item.at)} · {t("topics.openComment")}
                </span>
              </Link>
            )}
          </li>
        ))}
      </ul>
      {items.hasNextPage && (
        <button type="button" className="btn btn--ghost" onClick={() => void items.fetchNextPage()} disabled={items.isFetchingNextPage}>
          {t("topics.more")}
        </button>
      )}
    </section>
  );
}

/**
 * Topic chips sized by volume with their trend, a 24 h / 7 d switch, and the selected topic's messages. With
 * `postId` (a post's platform media id) it shows that post's comment topics: the strip the comments page can use.
 */
export function TopicsView({ postId, compact = false }: { postId?: string; compact?: boolean }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  // Runs happen at 03:00 in the workspace's zone, as the empty state says: their times are shown on that clock.
  const fmt = useFormatters(useWorkspace().workspace?.timeZone);
  const [period, setPeriod] = useState<Period>("24h");
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const topics = useQuery(trpc.analytics.topics.queryOptions({ period, postId }));
  const data = topics.data;
  const max = Math.max(0, ...(data?.topics.map((x) => x.size) ?? []));
  const selected = data?.topics.find((x) => x.id === selectedId) ?? null;

  return (
    <div className={compact ? "topics topics--compact" : "topics"}>
      <div className="topics__toolbar">
        <div role="group" aria-label={t("topics.period")} className="segmented">
          {(["24h", "7d"] as const).map((p) => (
            <button
              key={p}
              type="button"
              className="btn btn--sm segmented__option"
              aria-pressed={period === p}
              data-testid={`topics-period-${p}`}
              onClick={() => {
                setPeriod(p);
                setSelectedId(null);
              }}
            >
              {t(p === "24h" ? "topics.period24h" : "topics.period7d")}
            </button>
          ))}
        </div>
        {data?.runDate && data.topics.length > 0 && <p className="muted topics__run">{t("topics.runOf", { date: fmt.dateTime(data.periodEnd) })}</p>}
      </div>
      <QueryStatus query={topics} />
      {data && data.topics.length === 0 && (
        <EmptyState icon="tag" title={t("topics.emptyTitle")}>
          <p data-testid="topics-empty">{t(postId ? "topics.emptyPost" : "topics.emptyBody", { next: fmt.dateTime(data.nextRunAt), min: data.minTexts })}</p>
        </EmptyState>
      )}
      {data && data.topics.length > 0 && (
        <ul className="topic-chips" aria-label={t("topics.chips")}>
          {data.topics.map((topic) => (
            <li key={topic.id}>
              <button
                type="button"
                className={sizeClass(topic.size, max)}
                aria-pressed={selectedId === topic.id}
                data-testid="topic-chip"
                onClick={() => setSelectedId(selectedId === topic.id ? null : topic.id)}
              >
                <span className="topic-chip__label">{topic.label}</span>
                <span className="topic-chip__count">{t("topics.messages", { count: topic.size })}</span>
                <TrendMark topic={topic} />
              </button>
            </li>
          ))}
        </ul>
      )}
      {selected && <TopicItems key={selected.id} topic={selected} />}
    </div>
  );
}
