import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { createLazyRoute } from "@tanstack/react-router";
import { lazy, Suspense, useCallback, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { Dialog } from "../components/Dialog";
import { FormError } from "../components/Field";
import { Icon } from "../components/Icon";
import { PageHeader } from "../components/PageHeader";
import { Agenda } from "../components/schedule/Agenda";
import { addDays, addMonths, dayDate, dayKey, firstDayOfWeek, gridDays, rangeOf } from "../components/schedule/dates";
import { PostDetail, type PostDetailData } from "../components/schedule/PostDetail";
import { PostList } from "../components/schedule/PostList";
import { ScheduleCalendar, type PostRow } from "../components/schedule/ScheduleCalendar";
import { WeekGrid } from "../components/schedule/WeekGrid";
import "../components/schedule/schedule.css";
import { intlLocale, loadAreas } from "../i18n";
import { errorMessageOf } from "../lib/errors";
import { usePhoneWidth } from "../lib/phone-width";
import { useWorkspaceEvents } from "../lib/events";
import { zoneName } from "../lib/timezones";

// The composer (its fields, checks, previews) loads when it is first opened, or pointed at, not with the page: the
// first-page JavaScript budget (build/assets.ts). With it the field issues' words: it words its own checks before any
// refusal from the server (which loads them otherwise).
const importComposer = () => Promise.all([import("../components/schedule/PostComposer"), loadAreas(["fieldIssues"])]).then(([m]) => m);
const PostComposer = lazy(() => importComposer().then((m) => ({ default: m.PostComposer })));
const loadComposer = () => void importComposer();
import { useTRPC } from "../lib/trpc";
import { useWorkspace } from "../lib/workspace";

type View = "week" | "month" | "list" | "agenda";


/** Scheduled posts for WhatsApp and Instagram: week and month calendars and a list, in the workspace's zone. */
export const Route = createLazyRoute("/app/schedule")({ component: SchedulePage });

type Dialogs = { kind: "none" } | { kind: "compose"; mode: "new" | "edit" | "duplicate"; post?: PostDetailData; day?: string } | { kind: "detail"; postId: string; occurrence?: string };

function SchedulePage() {
  const { t, i18n } = useTranslation();
  const trpc = useTRPC();
  const { workspace } = useWorkspace();
  const timeZone = workspace?.timeZone ?? "Europe/Paris";
  const today = dayKey(new Date(), timeZone);
  // A phone width: the month grid and the list's table have no room there, the agenda replaces them.
  const phone = usePhoneWidth();
  const [chosenView, setView] = useState<View | null>(null);
  // A phone opens on the agenda; month and list are not offered there.
  const view: View = chosenView && !(phone && (chosenView === "month" || chosenView === "list")) ? chosenView : phone ? "agenda" : "month";
  const views: View[] = phone ? ["agenda", "week"] : ["week", "month", "list", "agenda"];
  const queryClient = useQueryClient();
  const channels = useQuery(trpc.channels.list.queryOptions());
  const [moveNote, setMoveNote] = useState<string | null>(null);
  const reschedule = useMutation(
    trpc.posts.reschedule.mutationOptions({
      onSettled: () => {
        void queryClient.invalidateQueries(trpc.posts.calendar.queryFilter());
        void queryClient.invalidateQueries(trpc.posts.list.queryFilter());
        void queryClient.invalidateQueries(trpc.posts.get.queryFilter());
      },
    }),
  );
  const [anchor, setAnchor] = useState(today);
  const [dialog, setDialog] = useState<Dialogs>({ kind: "none" });
  // The post just saved: highlighted where the calendar moved to show it (as a calendar app does).
  const [saved, setSaved] = useState<string | null>(null);
  const live = useWorkspaceEvents();

  const locale = intlLocale(i18n.language);
  // Weeks start where the reader's locale starts them: Sunday in the US, Monday in France or the UK.
  const firstDay = useMemo(() => firstDayOfWeek(locale), [locale]);
  const days = useMemo(() => gridDays(view === "week" ? "week" : "month", anchor, firstDay), [view, anchor, firstDay]);
  const monthDays = useMemo(() => (view === "agenda" ? days.filter((d) => d.startsWith(anchor.slice(0, 7)) && d >= (anchor.slice(0, 7) === today.slice(0, 7) ? today : "")) : days), [view, days, anchor, today]);
  const range = useMemo(() => rangeOf(days), [days]);
  // The whole visible period in one query of compact rows, with the later occurrences of series (planned).
  const rows = useQuery(trpc.posts.calendar.queryOptions({ from: range.from, to: range.to, limit: 5000 }, { enabled: view !== "list", placeholderData: keepPreviousData }));

  const onOpen = useCallback((postId: string, occurrence?: string) => {
    loadComposer(); // an open post is often edited or duplicated next
    setDialog({ kind: "detail", postId, occurrence });
  }, []);
  const onMove = useCallback(
    (row: PostRow, at: string) => {
      setMoveNote(null);
      reschedule.mutate(
        { id: row.postId, occurrence: new Date(row.dueAt).toISOString(), at, timeZone },
        { onSuccess: () => setMoveNote(t("scheduleUx.week.moved", { when: at.replace("T", " ") })) },
      );
    },
    [reschedule, timeZone, t],
  );
  const onShowDay = useCallback((day: string) => {
    setAnchor(day);
    setView("week");
  }, []);
  const title =
    view === "week"
      ? `${new Intl.DateTimeFormat(locale, { day: "numeric", month: "short", timeZone: "UTC" }).format(dayDate(days[0]!))} – ${new Intl.DateTimeFormat(locale, { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" }).format(dayDate(days[6]!))}`
      : new Intl.DateTimeFormat(locale, { month: "long", year: "numeric", timeZone: "UTC" }).format(dayDate(anchor));
  const move = (dir: 1 | -1) => setAnchor((a) => (view === "week" ? addDays(a, 7 * dir) : addMonths(a, dir)));

  return (
    <div className="page page--wide">
      <PageHeader title={t("schedule.title")} description={t("schedule.description")} />
      <div className="schedule-toolbar">
        <div className="segmented" role="group" aria-label={t("schedule.title")}>
          {views.map((v) => (
            <button key={v} type="button" aria-pressed={view === v} onClick={() => setView(v)} data-testid={`schedule-view-${v}`}>
              {v === "agenda" ? t("scheduleUx.agenda.title") : t(`schedule.views.${v}`)}
            </button>
          ))}
        </div>
        {view !== "list" && (
          <>
            {/* prev / today / next stay on one line when the toolbar wraps (phone) */}
            <span className="schedule-toolbar__nav">
              <button type="button" className="btn btn--sm" onClick={() => move(-1)} aria-label={t("schedule.previous")} data-testid="schedule-prev">
                ‹
              </button>
              <button type="button" className="btn btn--sm" onClick={() => setAnchor(today)} data-testid="schedule-today">
                {t("schedule.today")}
              </button>
              <button type="button" className="btn btn--sm" onClick={() => move(1)} aria-label={t("schedule.next")} data-testid="schedule-next">
                ›
              </button>
            </span>
            <span className="schedule-toolbar__title" data-testid="schedule-title">
              {title}
            </span>
          </>
        )}
        <span className="schedule-toolbar__spacer" />
        <span className="schedule-zone" data-testid="schedule-zone" title={live}>
          <span title={timeZone} data-testid="schedule-zone-name">
            {t("schedule.zone", { zone: zoneName(timeZone, locale) })}
          </span>
        </span>
        <button type="button" className="btn btn--primary" onClick={() => setDialog({ kind: "compose", mode: "new" })} onPointerEnter={loadComposer} onFocus={loadComposer} data-testid="schedule-new">
          <Icon name="plus" size={16} /> {t("schedule.new")}
        </button>
      </div>
      {view === "list" ? (
        <PostList timeZone={timeZone} onOpen={onOpen} />
      ) : (
        <>
          {rows.isError && <FormError message={errorMessageOf(rows.error, t)} />}
          {rows.data?.truncated && <p className="schedule-note">{t("schedule.truncated")}</p>}
          <FormError message={errorMessageOf(reschedule.error, t)} />
          {moveNote && !reschedule.error && (
            <p className="schedule-note" role="status" data-testid="move-note">
              {moveNote}
            </p>
          )}
          {view === "week" ? (
            <WeekGrid days={days} today={today} rows={rows.data?.items ?? []} timeZone={timeZone} onOpen={onOpen} onMove={onMove} saved={saved} />
          ) : view === "agenda" ? (
            <Agenda
              rows={(rows.data?.items ?? []).filter((r) => monthDays.includes(dayKey(new Date(r.dueAt), timeZone)))}
              timeZone={timeZone}
              channelName={(id) => channels.data?.find((c) => c.id === id)?.displayName}
              onOpen={onOpen}
              saved={saved}
            />
          ) : (
            <ScheduleCalendar view={view} days={days} anchor={anchor} today={today} rows={rows.data?.items ?? []} timeZone={timeZone} onOpen={onOpen} onShowDay={onShowDay} saved={saved} />
          )}
        </>
      )}
      <Dialog
        wide
        open={dialog.kind !== "none"}
        onClose={() => setDialog({ kind: "none" })}
        title={
          dialog.kind === "detail"
            ? t("schedule.detail.title")
            : dialog.kind === "compose"
              ? t(`schedule.composer.title_${dialog.mode}`)
              : ""
        }
      >
        {dialog.kind === "compose" && (
          <Suspense fallback={<p className="muted">{t("common.loading")}</p>}>
            <PostComposer
              key={`${dialog.mode}-${dialog.post?.id ?? "new"}`}
              mode={dialog.mode}
              post={dialog.post}
              timeZone={timeZone}
              initialDate={dialog.day}
              onDone={(postId, day) => {
                setAnchor(day);
                setSaved(postId);
                setDialog({ kind: "detail", postId });
              }}
            />
          </Suspense>
        )}
        {dialog.kind === "detail" && (
          <PostDetail
            postId={dialog.postId}
            occurrence={dialog.occurrence}
            timeZone={timeZone}
            onEdit={(post) => setDialog({ kind: "compose", mode: "edit", post })}
            onDuplicate={(post) => setDialog({ kind: "compose", mode: "duplicate", post })}
          />
        )}
      </Dialog>
    </div>
  );
}
