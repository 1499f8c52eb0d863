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
  /** The post just saved, highlighted so the owner sees where it landed. */
  saved?: string | null;
}

const MONTH_CHIPS = 4;

/**
 * Week or month grid from one list query. Rows are grouped by day once per data change; each day cell is memoized
 * on a signature of its rows, so a live status change re-renders only the day it touches (2,000 posts a month stay fast).
 */
export function ScheduleCalendar({ view, days, anchor, today, rows, timeZone, onOpen, onShowDay, saved }: Props) {
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
            saved={saved && items.some((i) => i.postId === saved) ? saved : undefined}
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
  saved?: string;
}

const DayCell = memo(
  function DayCell({ day, items, other, isToday, limit, timeFormat, onOpen, onShowDay, saved }: DayProps) {
    const { t } = useTranslation();
    // The post just saved stays visible even on a full day.
    const first = items.length > limit ? items.slice(0, limit - 1) : items;
    const hidden = saved ? items.find((i) => i.postId === saved && !first.includes(i)) : undefined;
    const shown = hidden ? [...first.slice(0, -1), hidden] : first;
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
            className={`post-chip status--${p.status}${p.postId === saved ? " post-chip--saved" : ""}`}
            data-testid="post-chip"
            data-saved={p.postId === saved || undefined}
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
    a.signature === b.signature && a.saved === b.saved && a.day === b.day && a.other === b.other && a.isToday === b.isToday && a.limit === b.limit && a.timeFormat === b.timeFormat && a.onOpen === b.onOpen && a.onShowDay === b.onShowDay,
);
