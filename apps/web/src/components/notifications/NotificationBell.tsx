import { useQuery } from "@tanstack/react-query";
import { lazy, Suspense, useEffect, useId, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { useTRPC } from "../../lib/trpc";
import { useWorkspace } from "../../lib/workspace";
import { Icon } from "../Icon";
import "./notifications.css";

// The open panel (words, links, actions) loads when the bell is first opened or pointed at: not on the first page.
const importPanel = () => import("./NotificationPanel");
const NotificationPanel = lazy(() => importPanel().then((m) => ({ default: m.NotificationPanel })));
const loadPanel = () => void importPanel();

/** The bell of the app shell: unread count (live through the workspace stream); its panel lists the latest notifications. */
export function NotificationBell({ testId = "notifications-bell" }: { testId?: string }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const { me } = useWorkspace();
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const root = useRef<HTMLDivElement>(null);
  // API tokens have no bell: only people have notifications.
  const list = useQuery({ ...trpc.notifications.list.queryOptions({ limit: 20, unreadOnly: false }), enabled: Boolean(me.user) });

  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => e.key === "Escape" && setOpen(false);
    const onClick = (e: MouseEvent) => root.current && !root.current.contains(e.target as Node) && setOpen(false);
    document.addEventListener("keydown", onKey);
    document.addEventListener("mousedown", onClick);
    return () => {
      document.removeEventListener("keydown", onKey);
      document.removeEventListener("mousedown", onClick);
    };
  }, [open]);

  if (!me.user) return null;
  const unread = list.data?.unread ?? 0;

  return (
    <div className="notif" ref={root}>
      <button
        type="button"
        className="btn btn--icon btn--ghost notif__button"
        aria-expanded={open}
        aria-controls={panelId}
        aria-label={t("notifications.bell", { count: unread })}
        title={t("notifications.bell", { count: unread })}
        onClick={() => setOpen((v) => !v)}
        onPointerEnter={loadPanel}
        onFocus={loadPanel}
        data-testid={testId}
      >
        <Icon name="bell" size={18} />
        {unread > 0 && (
          <span className="notif__count" data-testid={`${testId}-count`}>
            {unread > 99 ? "99+" : unread}
          </span>
        )}
      </button>
      {open && (
        <Suspense fallback={null}>
          <NotificationPanel id={panelId} items={list.data?.items ?? []} unread={unread} onClose={() => setOpen(false)} />
        </Suspense>
      )}
    </div>
  );
}
