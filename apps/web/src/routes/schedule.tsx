import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { createLazyRoute } from "@tanstack/react-router";
import { useCallback, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { Dialog } from "../components/Dialog";
import { FormError } from "../components/Field";
import { Icon } from "../components/Icon";
import { PageHeader } from "../components/PageHeader";
import { addDays, addMonths, dayDate, dayKey, gridDays, rangeOf } from "../components/schedule/dates";
import { PostComposer } from "../components/schedule/PostComposer";
import { PostDetail, type PostDetailData } from "../components/schedule/PostDetail";
import { PostList } from "../components/schedule/PostList";
import { ScheduleCalendar } from "../components/schedule/ScheduleCalendar";
import "../components/schedule/schedule.css";
import { intlLocale } from "../i18n";
import { errorMessageOf } from "../lib/errors";
import { useWorkspaceEvents } from "../lib/events";
import { useTRPC } from "../lib/trpc";
import { useWorkspace } from "../lib/workspace";

type View = "week" | "month" | "list";

/** Scheduled posts for WhatsApp and Instagram: week and month calendars and a list, in the workspace's zone. */
export const Route = createLazyRoute("/app/schedule")({ component: SchedulePage });

type Dialogs = { kind: "none" } | { kind: "compose"; mode: "new" | "edit" | "duplicate"; post?: PostDetailData; day?: string } | { kind: "detail"; postId: string };

function SchedulePage() {
  const { t, i18n } = useTranslation();
  const trpc = useTRPC();
  const { workspace } = useWorkspace();
  const timeZone = workspace?.timeZone ?? "Europe/Paris";
  const today = dayKey(new Date(), timeZone);
  const [view, setView] = useState<View>("month");
  const [anchor, setAnchor] = useState(today);
  const [dialog, setDialog] = useState<Dialogs>({ kind: "none" });
  const live = useWorkspaceEvents();

  const days = useMemo(() => gridDays(view === "week" ? "week" : "month", anchor), [view, anchor]);
  const range = useMemo(() => rangeOf(days), [days]);
  // The whole visible period in one query of compact rows, with the later occurrences of series (planned).
  const rows = useQuery(trpc.posts.calendar.queryOptions({ from: range.from, to: range.to, limit: 5000 }, { enabled: view !== "list", placeholderData: keepPreviousData }));

  const onOpen = useCallback((postId: string) => setDialog({ kind: "detail", postId }), []);
  const onShowDay = useCallback((day: string) => {
    setAnchor(day);
    setView("week");
  }, []);
  const locale = intlLocale(i18n.language);
  const title =
    view === "week"
      ? `${new Intl.DateTimeFormat(locale, { day: "numeric", month: "short", timeZone: "UTC" }).format(dayDate(days[0]!))} – ${new Intl.DateTimeFormat(locale, { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" }).format(dayDate(days[6]!))}`
      : new Intl.DateTimeFormat(locale, { month: "long", year: "numeric", timeZone: "UTC" }).format(dayDate(anchor));
  const move = (dir: 1 | -1) => setAnchor((a) => (view === "week" ? addDays(a, 7 * dir) : addMonths(a, dir)));

  return (
    <div className="page page--wide">
      <PageHeader title={t("pages.schedule.title")} description={t("pages.schedule.description")} />
      <div className="schedule-toolbar">
        <div className="segmented" role="group" aria-label={t("pages.schedule.title")}>
          {(["week", "month", "list"] as const).map((v) => (
            <button key={v} type="button" aria-pressed={view === v} onClick={() => setView(v)} data-testid={`schedule-view-${v}`}>
              {t(`pages.schedule.views.${v}`)}
            </button>
          ))}
        </div>
        {view !== "list" && (
          <>
            <button type="button" className="btn btn--sm" onClick={() => move(-1)} aria-label={t("pages.schedule.previous")} data-testid="schedule-prev">
              ‹
            </button>
            <button type="button" className="btn btn--sm" onClick={() => setAnchor(today)} data-testid="schedule-today">
              {t("pages.schedule.today")}
            </button>
            <button type="button" className="btn btn--sm" onClick={() => move(1)} aria-label={t("pages.schedule.next")} data-testid="schedule-next">
              ›
            </button>
            <span className="schedule-toolbar__title" data-testid="schedule-title">
              {title}
            </span>
          </>
        )}
        <span className="schedule-toolbar__spacer" />
        <span className="schedule-zone" data-testid="schedule-zone" title={live}>
          {t("pages.schedule.zone", { zone: timeZone })}
        </span>
        <button type="button" className="btn btn--primary" onClick={() => setDialog({ kind: "compose", mode: "new" })} data-testid="schedule-new">
          <Icon name="plus" size={16} /> {t("pages.schedule.new")}
        </button>
      </div>
      {view === "list" ? (
        <PostList timeZone={timeZone} onOpen={onOpen} />
      ) : (
        <>
          {rows.isError && <FormError message={errorMessageOf(rows.error, t)} />}
          {rows.data?.truncated && <p className="schedule-note">{t("pages.schedule.truncated")}</p>}
          <ScheduleCalendar view={view} days={days} anchor={anchor} today={today} rows={rows.data?.items ?? []} timeZone={timeZone} onOpen={onOpen} onShowDay={onShowDay} />
        </>
      )}
      <Dialog
        wide
        open={dialog.kind !== "none"}
        onClose={() => setDialog({ kind: "none" })}
        title={
          dialog.kind === "detail"
            ? t("pages.schedule.detail.title")
            : dialog.kind === "compose"
              ? t(`pages.schedule.composer.title_${dialog.mode}`)
              : ""
        }
      >
        {dialog.kind === "compose" && (
          <PostComposer
            key={`${dialog.mode}-${dialog.post?.id ?? "new"}`}
            mode={dialog.mode}
            post={dialog.post}
            timeZone={timeZone}
            initialDate={dialog.day}
            onDone={(postId) => setDialog({ kind: "detail", postId })}
          />
        )}
        {dialog.kind === "detail" && (
          <PostDetail
            postId={dialog.postId}
            timeZone={timeZone}
            onEdit={(post) => setDialog({ kind: "compose", mode: "edit", post })}
            onDuplicate={(post) => setDialog({ kind: "compose", mode: "duplicate", post })}
          />
        )}
      </Dialog>
    </div>
  );
}
