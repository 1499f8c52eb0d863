import { memo, useMemo } from "react";
import { useTranslation } from "react-i18next";
import { intlLocale } from "../../i18n";
import type { RouterOutputs } from "../../lib/trpc";
import { PlatformIcon } from "../channels/PlatformIcon";
import { dayDate, dayKey } from "./dates";

export type PostRow = RouterOutputs["posts"]["calendar"]["items"][number];

interface Props {
  view: "week" | "month";
  days: string[];
  anchor: string;
  today: string;
  rows: PostRow[];
  timeZone: string;
  onOpen: (postId: string, dueAt?: string) => void;
  onShowDay: (day: string) => void;
}

const MONTH_CHIPS = 4;

/**
 * Week or month grid from one list query. Rows are grouped by day once per data change; each day cell is memoized
 * on a signature of its rows, so a live status change re-renders only the day it touches (2,000 posts a month stay fast).
 */
export function ScheduleCalendar({ view, days, anchor, today, rows, timeZone, onOpen, onShowDay }: Props) {
  const { i18n } = useTranslation();
  const locale = intlLocale(i18n.language);
  const byDay = useMemo(() => {
    const map = new Map<string, PostRow[]>();
    for (const r of rows) {
      const key = dayKey(new Date(r.dueAt), timeZone);
      let list = map.get(key);
      if (!list) map.set(key, (list = []));
      list.push(r);
    }
    return map;
  }, [rows, timeZone]);
  const timeFormat = useMemo(() => new Intl.DateTimeFormat(locale, { timeZone, hour: "2-digit", minute: "2-digit" }), [locale, timeZone]);
  const headFormat = useMemo(() => new Intl.DateTimeFormat(locale, { weekday: view === "week" ? "long" : "short", timeZone: "UTC" }), [locale, view]);
  const month = anchor.slice(0, 7);
  return (
    <div className={`calendar calendar--${view}`} data-testid="calendar-grid" role="grid">
      {days.slice(0, 7).map((d) => (
        <div key={`h-${d}`} className="calendar__head" role="columnheader">
          {headFormat.format(dayDate(d))}
        </div>
      ))}
      {days.map((d) => {
        const items = byDay.get(d) ?? EMPTY;
        return (
          <DayCell
            key={d}
            day={d}
            items={items}
            signature={signatureOf(items)}
            other={view === "month" && !d.startsWith(month)}
            isToday={d === today}
            limit={view === "month" ? MONTH_CHIPS : Infinity}
            timeFormat={timeFormat}
            onOpen={onOpen}
            onShowDay={onShowDay}
          />
        );
      })}
    </div>
  );
}

const EMPTY: PostRow[] = [];
const signatureOf = (items: PostRow[]) => items.map((i) => `${i.id}:${i.status}`).join(",");

interface DayProps {
  day: string;
  items: PostRow[];
  signature: string;
  other: boolean;
  isToday: boolean;
  limit: number;
  timeFormat: Intl.DateTimeFormat;
  onOpen: (postId: string, dueAt?: string) => void;
  onShowDay: (day: string) => void;
}

const DayCell = memo(
  function DayCell({ day, items, other, isToday, limit, timeFormat, onOpen, onShowDay }: DayProps) {
    const { t } = useTranslation();
    const shown = items.length > limit ? items.slice(0, limit - 1) : items;
    return (
      <div
        className={`calendar__day${other ? " calendar__day--other" : ""}${isToday ? " calendar__day--today" : ""}`}
        data-testid={`calendar-day-${day}`}
        data-count={items.length}
        role="gridcell"
      >
        <span className="calendar__date">{Number(day.slice(8))}</span>
        {shown.map((p) => (
          <button
            key={p.id}
            type="button"
            className={`post-chip status--${p.status}`}
            data-testid="post-chip"
            data-post-id={p.postId}
            data-status={p.status}
            title={`${t(`schedule.status.${p.status as "queued"}`)} · ${p.excerpt ?? ""}`}
            onClick={() => onOpen(p.postId, new Date(p.dueAt).toISOString())}
          >
            <PlatformIcon platform={p.platform as "whatsapp" | "instagram"} size={12} />
            <span className="post-chip__time">{timeFormat.format(new Date(p.dueAt))}</span>
            <span className="post-chip__text">{p.excerpt || t("schedule.untitled")}</span>
          </button>
        ))}
        {items.length > shown.length && (
          <button type="button" className="calendar__more" onClick={() => onShowDay(day)}>
            {t("schedule.more", { count: items.length - shown.length })}
          </button>
        )}
      </div>
    );
  },
  (a, b) =>
    a.signature === b.signature && a.day === b.day && a.other === b.other && a.isToday === b.isToday && a.limit === b.limit && a.timeFormat === b.timeFormat && a.onOpen === b.onOpen && a.onShowDay === b.onShowDay,
);
