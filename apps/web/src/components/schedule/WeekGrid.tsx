import { memo, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { intlLocale } from "../../i18n";
import { PlatformIcon } from "../channels/PlatformIcon";
import { dayDate, localInput } from "./dates";
import type { PostRow } from "./ScheduleCalendar";

/** What can still be moved: nothing has gone out for it yet. */
export const movable = (r: PostRow) => r.status === "queued" || r.status === "planned";

const HOURS = Array.from({ length: 24 }, (_, h) => h);
const pad = (n: number) => String(n).padStart(2, "0");

interface Props {
  days: string[];
  today: string;
  rows: PostRow[];
  timeZone: string;
  onOpen: (postId: string, dueAt: string) => void;
  /** The post just saved, highlighted so the owner sees where it landed. */
  saved?: string | null;
  /** A post dropped on another day/hour: `at` is local wall time `YYYY-MM-DDTHH:mm` in `timeZone`, minutes kept. */
  onMove: (row: PostRow, at: string) => void;
}

/**
 * The week as an hour grid (rows 00:00–23:00, a column per day from the locale's first weekday, in the workspace's zone). A queued post or a
 * planned occurrence of a series is dragged onto another hour cell to move it; the keyboard alternative is the post's
 * detail, which has a date-and-time field for the occurrence.
 */
export function WeekGrid({ days, today, rows, timeZone, onOpen, onMove, saved }: Props) {
  const { t, i18n } = useTranslation();
  const locale = intlLocale(i18n.language);
  const [dragged, setDragged] = useState<PostRow | null>(null);
  const [over, setOver] = useState<string | null>(null);
  const cells = useMemo(() => {
    const map = new Map<string, PostRow[]>();
    for (const r of rows) {
      const key = localInput(new Date(r.dueAt), timeZone).slice(0, 13);
      let list = map.get(key);
      if (!list) map.set(key, (list = []));
      list.push(r);
    }
    return map;
  }, [rows, timeZone]);
  const headFormat = useMemo(() => new Intl.DateTimeFormat(locale, { weekday: "short", day: "numeric", timeZone: "UTC" }), [locale]);
  const dayLong = useMemo(() => new Intl.DateTimeFormat(locale, { weekday: "long", day: "numeric", month: "long", timeZone: "UTC" }), [locale]);
  const timeFormat = useMemo(() => new Intl.DateTimeFormat(locale, { timeZone, hour: "2-digit", minute: "2-digit", hourCycle: "h23" }), [locale, timeZone]);
  // Where the grid starts scrolled: an hour before the first post of the week, else 08:00.
  const firstHour = useMemo(() => Math.max(0, Math.min(8, ...rows.map((r) => Number(localInput(new Date(r.dueAt), timeZone).slice(11, 13)))) - 1), [rows, timeZone]);

  return (
    <div className="week" data-testid="week-grid">
      <p className="schedule-note">{t("scheduleUx.week.dragHint")}</p>
      <div
        className="week__scroll"
        ref={(el) => {
          if (el && !el.dataset.scrolled) {
            el.dataset.scrolled = "1";
            el.scrollTop = firstHour * 48;
          }
        }}
      >
        <div className="week__grid" role="grid" aria-label={t("schedule.views.week")}>
          <div className="week__corner" role="columnheader">
            <span className="sr-only">{t("scheduleUx.week.hours")}</span>
          </div>
          {days.map((d) => (
            <div key={`h-${d}`} className={`week__head${d === today ? " week__head--today" : ""}`} role="columnheader">
              {headFormat.format(dayDate(d))}
            </div>
          ))}
          {HOURS.map((h) => (
            <HourRow
              key={h}
              hour={h}
              days={days}
              cells={cells}
              over={over}
              dragged={dragged}
              label={(d) => t("scheduleUx.week.dropHere", { day: dayLong.format(dayDate(d)), hour: `${pad(h)}:00` })}
              timeFormat={timeFormat}
              onOpen={onOpen}
              saved={saved}
              onDragStart={setDragged}
              onOver={setOver}
              onDrop={(d) => {
                setOver(null);
                if (!dragged) return;
                const minutes = localInput(new Date(dragged.dueAt), timeZone).slice(14, 16);
                const at = `${d}T${pad(h)}:${minutes}`;
                if (at !== localInput(new Date(dragged.dueAt), timeZone)) onMove(dragged, at);
                setDragged(null);
              }}
            />
          ))}
        </div>
      </div>
    </div>
  );
}

interface RowProps {
  hour: number;
  days: string[];
  cells: Map<string, PostRow[]>;
  over: string | null;
  dragged: PostRow | null;
  label: (day: string) => string;
  timeFormat: Intl.DateTimeFormat;
  onOpen: (postId: string, dueAt: string) => void;
  saved?: string | null;
  onDragStart: (r: PostRow | null) => void;
  onOver: (key: string | null) => void;
  onDrop: (day: string) => void;
}

const HourRow = memo(function HourRow({ hour, days, cells, over, dragged, label, timeFormat, onOpen, saved, onDragStart, onOver, onDrop }: RowProps) {
  const { t } = useTranslation();
  return (
    <>
      <div className="week__hour" role="rowheader">
        {pad(hour)}:00
      </div>
      {days.map((d) => {
        const key = `${d}T${pad(hour)}`;
        const items = cells.get(key) ?? [];
        return (
          <div
            key={key}
            className={`week__cell${over === key ? " week__cell--over" : ""}`}
            role="gridcell"
            aria-label={label(d)}
            data-testid={`week-cell-${key}`}
            onDragOver={(e) => {
              if (!dragged) return;
              e.preventDefault();
              e.dataTransfer.dropEffect = "move";
              if (over !== key) onOver(key);
            }}
            onDragLeave={() => over === key && onOver(null)}
            onDrop={(e) => {
              e.preventDefault();
              onDrop(d);
            }}
          >
            {items.map((p) => (
              <button
                key={p.id}
                type="button"
                draggable={movable(p)}
                onDragStart={(e) => {
                  e.dataTransfer.effectAllowed = "move";
                  e.dataTransfer.setData("text/plain", p.id);
                  onDragStart(p);
                }}
                onDragEnd={() => onDragStart(null)}
                className={`post-chip status--${p.status}${movable(p) ? " post-chip--movable" : ""}${p.postId === saved ? " post-chip--saved" : ""}`}
                data-testid="post-chip"
                data-saved={p.postId === saved || undefined}
                data-post-id={p.postId}
                data-status={p.status}
                data-due-at={new Date(p.dueAt).toISOString()}
                title={`${t(`schedule.status.${p.status as "queued"}`)} · ${p.excerpt ?? ""}`}
                onClick={() => onOpen(p.postId, new Date(p.dueAt).toISOString())}
              >
                <PlatformIcon platform={p.platform as "whatsapp" | "instagram"} size={12} />
                <span className="post-chip__time">{timeFormat.format(new Date(p.dueAt))}</span>
                <span className="post-chip__text">{p.excerpt || t("schedule.untitled")}</span>
              </button>
            ))}
          </div>
        );
      })}
    </>
  );
});
