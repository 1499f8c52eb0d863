import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { intlLocale } from "../../i18n";
import { PlatformIcon } from "../channels/PlatformIcon";
import { dayDate, dayKey } from "./dates";
import type { PostRow } from "./ScheduleCalendar";

/**
 * The phone's view of a period: one list grouped by day, each post with its time, channel and status in words
 * (a month grid's chips have no room for them at this width).
 */
export function Agenda({ rows, timeZone, channelName, onOpen, saved }: { rows: PostRow[]; timeZone: string; channelName: (id: string) => string | undefined; onOpen: (postId: string, dueAt: string) => void; saved?: string | null }) {
  const { t, i18n } = useTranslation();
  const locale = intlLocale(i18n.language);
  const groups = useMemo(() => {
    const map = new Map<string, PostRow[]>();
    for (const r of rows) {
      const key = dayKey(new Date(r.dueAt), timeZone);
      let list = map.get(key);
      if (!list) map.set(key, (list = []));
      list.push(r);
    }
    return [...map.entries()];
  }, [rows, timeZone]);
  const dayFormat = new Intl.DateTimeFormat(locale, { weekday: "long", day: "numeric", month: "long", timeZone: "UTC" });
  const timeFormat = new Intl.DateTimeFormat(locale, { timeZone, hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
  if (!groups.length) return <p className="muted" data-testid="agenda">{t("scheduleUx.agenda.empty")}</p>;
  return (
    <div className="agenda" data-testid="agenda">
      {groups.map(([day, items]) => (
        <section key={day} className="agenda__day" aria-labelledby={`agenda-${day}`}>
          <h3 id={`agenda-${day}`} className="agenda__date">
            {dayFormat.format(dayDate(day))}
          </h3>
          <ul className="agenda__list">
            {items.map((p) => (
              <li key={p.id}>
                <button type="button" className={`agenda__item${p.postId === saved ? " agenda__item--saved" : ""}`} data-testid="agenda-item" data-saved={p.postId === saved || undefined} data-status={p.status} data-post-id={p.postId} onClick={() => onOpen(p.postId, new Date(p.dueAt).toISOString())}>
                  <span className="agenda__time">{timeFormat.format(new Date(p.dueAt))}</span>
                  <span className="agenda__main">
                    <span className="agenda__channel">
                      <PlatformIcon platform={p.platform as "whatsapp" | "instagram"} size={14} /> {channelName(p.channelId) ?? p.platform}
                    </span>
                    <span className="agenda__text">
                      {p.series ? "↻ " : ""}
                      {p.excerpt || t("schedule.untitled")}
                    </span>
                  </span>
                  <span className={`status-badge status--${p.status}`}>{t(`schedule.status.${p.status as "queued"}`)}</span>
                </button>
              </li>
            ))}
          </ul>
        </section>
      ))}
    </div>
  );
}
