import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { errorMessageOf } from "../../lib/errors";
import { useFormatters } from "../../lib/format";
import { DEFAULT_TIME_ZONE } from "../../lib/timezones";
import { useTRPC } from "../../lib/trpc";
import { fromLocalInput, snoozePresets, type SnoozePreset } from "./snooze";

const PRESETS: SnoozePreset[] = ["hour", "tomorrow", "monday"];

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
  const [chosen, setChosen] = useState("");
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
      <span className="thread-snoozed small" data-testid="thread-snoozed">
        {t("inbox.snooze.until", { when: format.dateTime(snoozedUntil) })}{" "}
        <button type="button" className="btn btn--ghost btn--sm" onClick={() => until(null)} disabled={snooze.isPending} data-testid="thread-unsnooze">
          {t("inbox.snooze.wake")}
        </button>
      </span>
    );
  }
  const presets = snoozePresets(new Date(), timeZone);
  const chosenAt = fromLocalInput(chosen, timeZone);
  return (
    <details className="thread-menu" data-testid="thread-snooze">
      <summary className="btn btn--sm">{t("inbox.snooze.button")}</summary>
      <div className="thread-menu__panel">
        <ul className="thread-menu__list">
          {PRESETS.map((p) => (
            <li key={p}>
              <button type="button" className="btn btn--ghost btn--sm" onClick={() => until(presets[p])} disabled={snooze.isPending} data-testid={`snooze-${p}`}>
                {t(`inbox.snooze.presets.${p}`)} <span className="small muted">{format.dateTime(presets[p])}</span>
              </button>
            </li>
          ))}
        </ul>
        <form
          className="thread-menu__form"
          onSubmit={(e) => {
            e.preventDefault();
            if (chosenAt) until(chosenAt);
          }}
        >
          <input className="input" type="datetime-local" value={chosen} onChange={(e) => setChosen(e.target.value)} aria-label={t("inbox.snooze.chosen", { timeZone })} data-testid="snooze-at" />
          <button type="submit" className="btn btn--sm" disabled={!chosenAt || snooze.isPending} data-testid="snooze-chosen">
            {t("inbox.snooze.confirm")}
          </button>
        </form>
        {snooze.error && <p className="alert alert--error">{errorMessageOf(snooze.error, t)}</p>}
      </div>
    </details>
  );
}
