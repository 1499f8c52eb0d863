import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { lazy, Suspense, useState } from "react";
import { useTranslation } from "react-i18next";
import { Icon } from "../Icon";
import { useFormatters } from "../../lib/format";
import { DEFAULT_TIME_ZONE } from "../../lib/timezones";
import { useTRPC } from "../../lib/trpc";

// The presets' calendar arithmetic (luxon, ~70 KB) loads when the menu is first opened or pointed at, not with the inbox.
const importPanel = () => import("./SnoozePanel");
const SnoozePanel = lazy(() => importPanel().then((m) => ({ default: m.SnoozePanel })));
const loadPanel = () => void importPanel();

/**
 * The thread header's snooze: presets on the workspace's clock or a chosen date-time; a snoozed conversation says
 * until when and can be woken now. It leaves the list until then, or until the customer writes again.
 */
export function SnoozeMenu({ conversationId, snoozedUntil }: { conversationId: string; snoozedUntil: Date | string | null }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const workspace = useQuery(trpc.workspace.get.queryOptions());
  const timeZone = workspace.data?.timeZone || DEFAULT_TIME_ZONE;
  const format = useFormatters(timeZone);
  const [open, setOpen] = useState(false);
  const snooze = useMutation(
    trpc.inbox.snooze.mutationOptions({
      onSuccess: () => {
        void queryClient.invalidateQueries(trpc.inbox.messages.queryFilter());
        void queryClient.invalidateQueries(trpc.inbox.conversations.infiniteQueryFilter());
      },
    }),
  );
  const until = (at: Date | null) => snooze.mutate({ conversationId, until: at });

  if (snoozedUntil) {
    return (
      <span className="thread-snoozed small" data-testid="thread-snoozed" title={t("inbox.snooze.until", { when: format.dateTime(snoozedUntil) })}>
        <Icon name="clock" size={16} />
        <span className="thread__action-text">{t("inbox.snooze.until", { when: format.dateTime(snoozedUntil) })}</span>{" "}
        <button type="button" className="btn btn--ghost btn--sm" onClick={() => until(null)} disabled={snooze.isPending} data-testid="thread-unsnooze">
          {t("inbox.snooze.wake")}
        </button>
      </span>
    );
  }
  return (
    <details className="thread-menu" data-testid="thread-snooze" onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary className="btn btn--sm" onPointerEnter={loadPanel} onFocus={loadPanel} title={t("inbox.snooze.button")}>
        <Icon name="clock" size={16} />
        <span className="thread__action-text">{t("inbox.snooze.button")}</span>
      </summary>
      {open && (
        <Suspense fallback={<div className="thread-menu__panel small muted">{t("common.loading")}</div>}>
          <SnoozePanel timeZone={timeZone} pending={snooze.isPending} error={snooze.error} onSnooze={until} />
        </Suspense>
      )}
    </details>
  );
}
