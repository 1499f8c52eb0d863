import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useAreas } from "../../i18n";
import { errorMessageOf } from "../../lib/errors";
import { useFormatters } from "../../lib/format";
import { useTRPC } from "../../lib/trpc";
import { collidingHandles } from "../channels/channel-handle";
import { FormError, SelectField } from "../Field";
import { statusReasonText } from "./status-reason";

const STATUSES = ["queued", "waiting_quota", "publishing", "published", "failed", "cancelled"] as const;

/** Every publication by time, filtered by status and channel, paged with the server's cursor. */
export function PostList({ timeZone, onOpen }: { timeZone: string; onOpen: (postId: string) => void }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const format = useFormatters(timeZone);
  const [status, setStatus] = useState<"" | (typeof STATUSES)[number]>("");
  const [channelId, setChannelId] = useState("");
  const channels = useQuery(trpc.channels.list.queryOptions());
  const handleOf = collidingHandles(channels.data ?? [], (c) => c.displayName);
  const list = useInfiniteQuery(
    trpc.posts.list.infiniteQueryOptions(
      { limit: 50, ...(status ? { status: [status] } : {}), ...(channelId ? { channelId } : {}) },
      { getNextPageParam: (last) => last.nextCursor },
    ),
  );
  const rows = list.data?.pages.flatMap((p) => p.items) ?? [];
  // A status reason is worded by the server's error codes, fetched only when a row has one.
  const worded = useAreas(["serverErrors"], rows.some((r) => r.statusReason));
  return (
    <div className="stack">
      <div className="composer__row">
        <SelectField label={t("schedule.filters.status")} value={status} onChange={(e) => setStatus(e.target.value as typeof status)} data-testid="list-status">
          <option value="">{t("schedule.filters.all")}</option>
          {STATUSES.map((s) => (
            <option key={s} value={s}>
              {t(`schedule.status.${s}`)}
            </option>
          ))}
        </SelectField>
        <SelectField label={t("schedule.filters.channel")} value={channelId} onChange={(e) => setChannelId(e.target.value)} data-testid="list-channel">
          <option value="">{t("schedule.filters.all")}</option>
          {channels.data?.map((c) => (
            <option key={c.id} value={c.id}>
              {c.displayName}
              {handleOf(c) ? ` · ${handleOf(c)}` : ""}
            </option>
          ))}
        </SelectField>
      </div>
      {list.isError && <FormError message={errorMessageOf(list.error, t)} />}
      {list.isSuccess && rows.length === 0 && <p className="muted">{t("schedule.noPosts")}</p>}
      {rows.length > 0 && (
        <div className="table-wrap">
          <table className="table" data-testid="posts-table">
            <caption className="sr-only">{t("schedule.views.list")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("schedule.composer.dateTime")}</th>
                <th scope="col">{t("schedule.filters.channel")}</th>
                <th scope="col">{t("schedule.composer.text")}</th>
                <th scope="col">{t("schedule.filters.status")}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.id} data-testid="post-row" data-post-id={r.postId} data-status={r.status} onClick={() => onOpen(r.postId)} style={{ cursor: "pointer" }}>
                  <td>{format.dateTime(r.dueAt)}</td>
                  <td>{channels.data?.find((c) => c.id === r.channelId)?.displayName ?? r.platform}</td>
                  <td>
                    {r.series ? `↻ ` : ""}
                    {r.excerpt || t("schedule.untitled")}
                  </td>
                  <td>
                    <span className={`status-badge status--${r.status}`}>{t(`schedule.status.${r.status as "queued"}`)}</span>
                    {r.statusReason && worded ? <div className={r.status === "published" ? "muted" : "detail__error"}>{statusReasonText(t, r)}</div> : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {list.hasNextPage && (
        <button type="button" className="btn" onClick={() => void list.fetchNextPage()} disabled={list.isFetchingNextPage} data-testid="list-more">
          {t("schedule.loadMore")}
        </button>
      )}
    </div>
  );
}
