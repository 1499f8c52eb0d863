import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Link } from "@tanstack/react-router";
import { useTranslation } from "react-i18next";
import { useAreas } from "../../i18n";
import { useFormatters } from "../../lib/format";
import { useTRPC, type RouterOutputs } from "../../lib/trpc";
import { useWorkspace } from "../../lib/workspace";
import { failedPostText } from "./failed-post";

type Item = RouterOutputs["notifications"]["list"]["items"][number];

/** Where a notification leads: the object it is about. */
function target(item: Item): { to: "/schedule" | "/settings/channels" | "/settings/billing" | "/inbox" | "/comments"; search?: { c: string } } {
  if (item.objectType === "channel") return { to: "/settings/channels" };
  if (item.objectType === "workspace") return { to: "/settings/billing" };
  if (item.objectType === "conversation") return { to: "/inbox", search: { c: item.objectId } };
  if (item.objectType === "comment") return { to: "/comments" };
  return { to: "/schedule" };
}

const str = (v: unknown) => (typeof v === "string" ? v : "");

/**
 * The bell's open panel: the latest notifications in words, links, mark read, retry a failed post. Loaded when the bell
 * first opens (or is pointed at), not with the page: it words failed posts with @sillage/wording and `serverErrors`.
 */
export function NotificationPanel({ id, items, unread, onClose }: { id: string; items: Item[]; unread: number; onClose: () => void }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { workspace } = useWorkspace();
  const fmt = useFormatters();
  // A post's due time as its detail shows it: in the workspace's zone.
  const postFmt = useFormatters(workspace?.timeZone);
  // A failed post's coded reason is worded by `serverErrors` (not on the first page): loaded when the panel lists one.
  useAreas(["serverErrors"], items.some((i) => i.kind === "publication_failed"));
  const refresh = () => void queryClient.invalidateQueries(trpc.notifications.list.queryFilter());
  const markRead = useMutation(trpc.notifications.markRead.mutationOptions({ onSuccess: refresh }));
  const retry = useMutation(trpc.posts.retry.mutationOptions({ onSuccess: refresh }));

  const text = (item: Item) => {
    const p = item.params;
    if (item.kind === "publication_failed") return failedPostText(t, p, item.occurrences, postFmt.dateTime);
    const reason = str(p.errorClass) ? t(`notifications.reasons.${str(p.errorClass)}`, { defaultValue: str(p.reason) || t("notifications.reasons.unknown") }) : str(p.reason);
    if (item.kind === "credits_low" && Number(p.balance) <= 0) return t("notifications.kinds.credits_empty");
    return t(`notifications.kinds.${item.kind}`, {
      channel: str(p.channelName),
      reason: reason || t("notifications.reasons.unknown"),
      count: item.occurrences,
      expiresAt: fmt.dateTime(str(p.expiresAt) || null),
      since: p.waitingSince ? fmt.relative(str(p.waitingSince)) : "",
      balance: typeof p.balance === "number" ? p.balance : 0,
    });
  };

  return (
    <div id={id} className="notif__panel" role="dialog" aria-label={t("notifications.title")}>
      <div className="notif__head">
        <strong>{t("notifications.title")}</strong>
        <div className="notif__actions">
          {unread > 0 && (
            <button type="button" className="btn btn--ghost btn--small" onClick={() => markRead.mutate({ all: true })} disabled={markRead.isPending}>
              {t("notifications.markAllRead")}
            </button>
          )}
          <Link to="/settings/notifications" className="btn btn--ghost btn--small" onClick={onClose}>
            {t("notifications.settingsLink")}
          </Link>
        </div>
      </div>
      {items.length === 0 ? (
        <p className="notif__empty">{t("notifications.empty")}</p>
      ) : (
        <ul className="notif__list" data-testid="notifications-list">
          {items.map((item) => {
            const to = target(item);
            const unreadItem = !item.read && !item.resolvedAt;
            return (
              <li key={item.id} className={`notif__item${unreadItem ? " notif__item--unread" : ""}`} data-kind={item.kind}>
                <Link
                  to={to.to}
                  search={to.search}
                  className="notif__link"
                  onClick={() => {
                    if (unreadItem) markRead.mutate({ ids: [item.id] });
                    onClose();
                  }}
                >
                  <span className="notif__text">{text(item)}</span>
                  <span className="notif__meta">
                    {item.resolvedAt ? t("notifications.resolved") : fmt.relative(item.lastSeenAt)}
                  </span>
                </Link>
                {item.kind === "publication_failed" && !item.resolvedAt && item.linkId && (
                  <button
                    type="button"
                    className="btn btn--small"
                    disabled={retry.isPending}
                    onClick={() => retry.mutate({ id: item.linkId!, publicationId: str(item.params.publicationId) || undefined })}
                  >
                    {t("notifications.retry")}
                  </button>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}
