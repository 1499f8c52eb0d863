import { useState } from "react";
import { useTranslation } from "react-i18next";
import { errorMessageOf } from "../../lib/errors";
import { browserTimeZone, useFormatters } from "../../lib/format";
import { fromLocalInput, snoozePresets, type SnoozePreset } from "./snooze";

const PRESETS: SnoozePreset[] = ["hour", "tomorrow", "monday"];

/** The open snooze menu: presets on the workspace's clock, or a chosen date-time read in its zone. */
export function SnoozePanel({ timeZone, pending, error, onSnooze }: { timeZone: string; pending: boolean; error: unknown; onSnooze: (at: Date) => void }) {
  const { t } = useTranslation();
  const format = useFormatters(timeZone);
  const [chosen, setChosen] = useState("");
  const presets = snoozePresets(new Date(), timeZone);
  const chosenAt = fromLocalInput(chosen, timeZone);
  return (
    <div className="thread-menu__panel">
      {/* The thread's times are the reader's; these are the shop's clock: said when the two differ (a traveller). */}
      {timeZone !== browserTimeZone() && (
        <p className="small muted" title={timeZone} data-testid="snooze-zone">
          {t("inbox.snooze.chosen", { timeZone: format.zone(timeZone) })}
        </p>
      )}
      <ul className="thread-menu__list">
        {PRESETS.map((p) => (
          <li key={p}>
            <button type="button" className="btn btn--ghost btn--sm" onClick={() => onSnooze(presets[p])} disabled={pending} data-testid={`snooze-${p}`}>
              {t(`inbox.snooze.presets.${p}`)} <span className="small muted">{format.dateTime(presets[p])}</span>
            </button>
          </li>
        ))}
      </ul>
      <form
        className="thread-menu__form"
        onSubmit={(e) => {
          e.preventDefault();
          if (chosenAt) onSnooze(chosenAt);
        }}
      >
        <input className="input" type="datetime-local" value={chosen} onChange={(e) => setChosen(e.target.value)} aria-label={t("inbox.snooze.chosen", { timeZone: format.zone(timeZone) })} data-testid="snooze-at" />
        <button type="submit" className="btn btn--sm" disabled={!chosenAt || pending} data-testid="snooze-chosen">
          {t("inbox.snooze.confirm")}
        </button>
      </form>
      {error ? <p className="alert alert--error">{errorMessageOf(error, t)}</p> : null}
    </div>
  );
}
