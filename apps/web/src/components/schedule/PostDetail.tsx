import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { intlLocale, useAreas } from "../../i18n";
import { errorMessageOf, errorsUnder, fieldErrorsOf, renderStoredReason } from "../../lib/errors";
import { useFormatters } from "../../lib/format";
import { useTRPC, type RouterOutputs } from "../../lib/trpc";
import { ConfirmButton } from "../ConfirmButton";
import { FieldShell, FormError, TextField } from "../Field";
import { localInput } from "./dates";
import { useRuleDescription } from "./recurrence";
import { statusReasonText } from "./status-reason";

export type PostDetailData = RouterOutputs["posts"]["get"];
type BroadcastDelivery = NonNullable<PostDetailData["publications"][number]["delivery"]>;

/** A table with a caption for screen readers and one header row. */
function Table({ testId, caption, headers, children }: { testId: string; caption: string; headers: string[]; children: ReactNode }) {
  return (
    <table className="table" data-testid={testId}>
      <caption className="sr-only">{caption}</caption>
      <thead>
        <tr>
          {headers.map((h) => (
            <th key={h} scope="col">
              {h}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>{children}</tbody>
    </table>
  );
}

/** A WhatsApp broadcast, recipient by recipient: "published to 2 of 3", then who was not reached and why. */
function Delivery({ delivery }: { delivery: BroadcastDelivery }) {
  const { t } = useTranslation();
  const { summary, recipients } = delivery;
  const counts = (["sent", "failed", "uncertain", "skipped", "pending"] as const).filter((k) => summary[k] > 0);
  return (
    <div className="detail__delivery" data-testid="delivery">
      <p className={summary.sent === summary.total ? "muted" : "detail__error"} data-testid="delivery-summary">
        {t("schedule.detail.deliveredTo", { sent: summary.sent, count: summary.total })}
        {" · "}
        {counts.map((k) => `${t(`schedule.detail.recipientStatus.${k}`)} ${summary[k]}`).join(" · ")}
      </p>
      {recipients.length > 0 && (
        <details open={summary.sent !== summary.total} className="table-wrap">
          <summary>{`${t("schedule.detail.recipients")} (${summary.total})`}</summary>
          <Table testId="recipients-table" caption={t("schedule.detail.recipients")} headers={[t("schedule.detail.recipient"), t("schedule.filters.status"), t("schedule.detail.reason")]}>
            {recipients.map((r) => (
              <tr key={r.to} data-testid="recipient" data-status={r.status}>
                <td className="input--mono">{r.to}</td>
                <td>{t(`schedule.detail.recipientStatus.${r.status}`)}</td>
                <td className={r.status === "sent" ? undefined : "detail__error"}>
                  {r.status === "skipped" && r.reasonCode
                    ? t(`schedule.detail.skipReason.${r.reasonCode as "invalid"}`)
                    : renderStoredReason({ code: r.reasonCode ? `platform.${r.reasonCode}` : null, params: { platform: "whatsapp" }, text: r.reason })}
                </td>
              </tr>
            ))}
          </Table>
        </details>
      )}
      {delivery.truncated && <p className="muted">{t("schedule.detail.recipientsTruncated")}</p>}
    </div>
  );
}

/** A post: content, schedule, each publication with its status, error and run history; cancel, retry, edit, duplicate. */
/** The post's first image, with a fresh signed link. */
function PostImage({ mediaId }: { mediaId: string }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const media = useQuery(trpc.media.get.queryOptions({ id: mediaId }));
  if (!media.data?.mimeType.startsWith("image/")) return null;
  return <img className="detail__image" src={media.data.url} alt={t("scheduleUx.image")} data-testid="post-image" />;
}

/**
 * One date of the post, opened from the calendar: moved with a date-and-time field (the keyboard's way to do what a
 * drag does in the week view) or, for a series, skipped.
 */
function OccurrenceActions({ post, occurrence, timeZone, onChanged }: { post: PostDetailData; occurrence: string; timeZone: string; onChanged: () => void }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const format = useFormatters(timeZone);
  const [at, setAt] = useState(() => localInput(new Date(occurrence), timeZone));
  const [done, setDone] = useState<string | null>(null);
  const reschedule = useMutation(trpc.posts.reschedule.mutationOptions({ onSuccess: onChanged }));
  const skip = useMutation(trpc.posts.skipOccurrence.mutationOptions({ onSuccess: onChanged }));
  const edit = useMutation(trpc.posts.editOccurrence.mutationOptions({ onSuccess: onChanged }));
  const pub = post.publications.find((x) => new Date(x.dueAt).toISOString() === occurrence);
  const [text, setText] = useState(() => ((pub?.contentOverride as { text?: string } | null)?.text ?? post.content.text) || "");
  const title = t("scheduleUx.occurrence.title", { when: format.dateTime(occurrence) });
  if (done) {
    return (
      <p className="muted" role="status" data-testid="occurrence-done">
        {done}
      </p>
    );
  }
  return (
    <section className="card occurrence" data-testid="occurrence" aria-label={title}>
      <strong>{title}</strong>
      <FormError message={errorMessageOf(reschedule.error ?? skip.error ?? edit.error, t)} />
      <div className="composer__row">
        <TextField label={t("scheduleUx.occurrence.moveLabel")} type="datetime-local" value={at} onChange={(e) => setAt(e.target.value)} data-testid="occurrence-at" />
        <button
          type="button"
          className="btn btn--sm"
          style={{ flex: "0 0 auto" }}
          disabled={reschedule.isPending || !at}
          data-testid="occurrence-move"
          onClick={() => reschedule.mutate({ id: post.id, occurrence, at, timeZone }, { onSuccess: () => setDone(t("scheduleUx.week.moved", { when: at.replace("T", " ") })) })}
        >
          {t("scheduleUx.occurrence.move")}
        </button>
      </div>
      {post.rrule && (
        <div className="stack">
          <FieldShell label={t("scheduleUx.occurrence.textLabel")} error={errorsUnder(fieldErrorsOf(edit.error), "content")}>
            {(a11y) => <textarea className="input" rows={3} value={text} onChange={(e) => setText(e.target.value)} data-testid="occurrence-text" {...a11y} />}
          </FieldShell>
          <button
            type="button"
            className="btn btn--sm"
            style={{ alignSelf: "flex-start" }}
            disabled={edit.isPending}
            data-testid="occurrence-edit"
            onClick={() => edit.mutate({ id: post.id, occurrence, content: { ...post.content, text } }, { onSuccess: () => setDone(t("scheduleUx.occurrence.edited")) })}
          >
            {t("scheduleUx.occurrence.edit")}
          </button>
        </div>
      )}
      {post.rrule && (
        <div className="detail__actions">
          <ConfirmButton
            confirmLabel={t("scheduleUx.occurrence.skipConfirm")}
            cancelLabel={t("scheduleUx.cancelKeep")}
            onConfirm={() => skip.mutate({ id: post.id, occurrence }, { onSuccess: () => setDone(t("scheduleUx.occurrence.skipped", { dates: format.dateTime(occurrence) })) })}
            pending={skip.isPending}
            testId="occurrence-skip"
          >
            {t("scheduleUx.occurrence.skip")}
          </ConfirmButton>
        </div>
      )}
    </section>
  );
}

export function PostDetail({
  postId,
  occurrence,
  timeZone,
  onEdit,
  onDuplicate,
}: {
  postId: string;
  /** The date it was opened from (the calendar's `dueAt`), to move or skip that one. */
  occurrence?: string;
  timeZone: string;
  onEdit: (p: PostDetailData) => void;
  onDuplicate: (p: PostDetailData) => void;
}) {
  const { t, i18n } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const format = useFormatters(timeZone);
  const post = useQuery(trpc.posts.get.queryOptions({ id: postId }));
  // Publications' and recipients' reasons are worded by the server's error codes: fetched with the post.
  const worded = useAreas(["serverErrors"]);
  const refresh = () => {
    void queryClient.invalidateQueries(trpc.posts.get.queryFilter({ id: postId }));
    void queryClient.invalidateQueries(trpc.posts.list.queryFilter());
    void queryClient.invalidateQueries(trpc.posts.calendar.queryFilter());
  };
  const cancel = useMutation(trpc.posts.cancel.mutationOptions({ onSuccess: refresh }));
  const retry = useMutation(trpc.posts.retry.mutationOptions({ onSuccess: refresh }));
  const s = post.data;
  // A series stores only its next occurrence; the ones after it are computed from the rule.
  const upcoming = useQuery(
    trpc.posts.previewOccurrences.queryOptions(
      { rrule: s?.rrule ?? "", dtstart: s?.dtstart ?? "", timeZone: s?.timeZone ?? timeZone, exdates: s?.exdates ?? [], overrides: s?.overrides ?? [], count: 5 },
      { enabled: Boolean(s?.rrule && s.dtstart && s.status === "active") },
    ),
  );

  const seriesSummary = useRuleDescription(s?.rrule ?? null, s?.dtstart ?? "");
  // DTSTART is wall time in the series' zone: shown as written, not converted.
  const startDate = (local: string | null) => (local ? new Intl.DateTimeFormat(intlLocale(i18n.language), { dateStyle: "long", timeZone: "UTC" }).format(new Date(`${local.slice(0, 16)}:00Z`)) : "");

  // Skipped and moved dates are wall times in the post's zone: shown as written.
  const localDate = (local: string) => new Intl.DateTimeFormat(intlLocale(i18n.language), { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" }).format(new Date(`${local.slice(0, 16)}:00Z`));

  if (post.isPending || !worded) return <p className="muted">{t("common.loading")}</p>;
  if (post.isError) return <FormError message={errorMessageOf(post.error, t)} />;
  const p = post.data;
  const statuses = p.publications.map((x) => x.status);
  const editable = p.status !== "cancelled" && (p.rrule ? statuses.some((s) => s === "queued") : statuses.every((s) => s === "queued") && p.publications.every((x) => x.attempts === 0));
  const cancellable = statuses.some((s) => s === "queued" || s === "waiting_quota");
  // Going out now: cancel asks the worker to stop at the next step (a broadcast after the recipients in hand).
  const stoppable = !cancellable && p.publications.some((x) => x.status === "publishing" && !x.stopRequestedAt);
  const channelName = (id: string) => p.channels.find((c) => c.id === id)?.displayName ?? id;

  return (
    <div className="detail" data-testid="post-detail" data-post-id={p.id}>
      <FormError message={errorMessageOf(cancel.error ?? retry.error, t)} />
      <div className="detail__actions">
        {editable && (
          <button type="button" className="btn btn--sm" onClick={() => onEdit(p)} data-testid="post-edit">
            {t("schedule.detail.edit")}
          </button>
        )}
        <button type="button" className="btn btn--sm" onClick={() => onDuplicate(p)} data-testid="post-duplicate">
          {t("schedule.detail.duplicate")}
        </button>
        {statuses.includes("failed") && (
          <button type="button" className="btn btn--sm" disabled={retry.isPending} onClick={() => retry.mutate({ id: p.id })} data-testid="post-retry">
            {t("schedule.detail.retry")}
          </button>
        )}
        {cancellable && (
          <ConfirmButton confirmLabel={t("scheduleUx.cancelConfirm")} cancelLabel={t("scheduleUx.cancelKeep")} onConfirm={() => cancel.mutate({ id: p.id })} pending={cancel.isPending} testId="post-cancel">
            {t("schedule.detail.cancel")}
          </ConfirmButton>
        )}
        {stoppable && (
          <ConfirmButton confirmLabel={t("schedule.detail.stopConfirm")} cancelLabel={t("scheduleUx.stopKeep")} onConfirm={() => cancel.mutate({ id: p.id })} pending={cancel.isPending} testId="post-stop">
            {t("schedule.detail.stop")}
          </ConfirmButton>
        )}
      </div>
      {p.content.mediaIds[0] && <PostImage mediaId={p.content.mediaIds[0]} />}
      {p.content.text && <div className="detail__text">{p.content.text}</div>}
      <p className="muted" data-testid="post-schedule-line">
        {p.rrule ? t("schedule.detail.seriesLine", { rule: seriesSummary.charAt(0).toLocaleLowerCase() + seriesSummary.slice(1), date: startDate(p.dtstart) }) : format.dateTime(p.publishAt)} · <span title={p.timeZone}>{format.zone(p.timeZone)}</span>
      </p>
      {occurrence && p.status === "active" && new Date(occurrence).getTime() > Date.now() && <OccurrenceActions post={p} occurrence={occurrence} timeZone={p.timeZone} onChanged={refresh} />}
      {p.rrule && p.exdates.length > 0 && (
        <p className="muted" data-testid="post-skipped">
          {t("scheduleUx.occurrence.skipped", { dates: p.exdates.map((d) => localDate(d)).join(", ") })}
        </p>
      )}
      {p.rrule && p.overrides.length > 0 && (
        <p className="muted" data-testid="post-moved">
          {t("scheduleUx.occurrence.moved", { dates: p.overrides.map((o) => t("scheduleUx.occurrence.movedItem", { from: localDate(o.occurrence), to: localDate(o.at) })).join(", ") })}
        </p>
      )}
      {p.rrule && p.status === "completed" && (
        <p className="muted" data-testid="series-completed">
          {t("schedule.detail.seriesCompleted")}
        </p>
      )}
      {upcoming.data && upcoming.data.occurrences.length > 0 && (
        <div className="composer__preview" data-testid="post-upcoming">
          <strong>{t("schedule.detail.upcoming")}</strong>
          <ol>
            {upcoming.data.occurrences.map((o) => (
              <li key={String(o)}>{format.dateTime(o)}</li>
            ))}
          </ol>
        </div>
      )}
      {p.publications.map((pub) => (
        <section key={pub.id} className="card" data-testid="publication" data-status={pub.status}>
          <div className="detail__actions">
            <strong>{channelName(pub.channelId)}</strong>
            <span className={`status-badge status--${pub.status}`} data-testid="post-status">
              {t(`schedule.status.${pub.status as "queued"}`)}
            </span>
            <span className="muted">{format.dateTime(pub.dueAt)}</span>
            {pub.permalink && (
              <a href={pub.permalink} target="_blank" rel="noreferrer">
                {t("schedule.detail.open")}
              </a>
            )}
          </div>
          {pub.delivery && <Delivery delivery={pub.delivery} />}
          {pub.statusReason && (
            <p className={pub.status === "published" ? "muted" : "detail__error"} data-testid="status-reason">
              {statusReasonText(t, pub)}
            </p>
          )}
          {(pub.status === "publishing" || pub.status === "queued") && pub.stopRequestedAt && <p className="muted">{t("schedule.detail.stopping")}</p>}
          {pub.nextAttemptAt && (pub.status === "queued" || pub.status === "waiting_quota") && <p className="muted">{t("schedule.detail.nextAttempt", { when: format.dateTime(pub.nextAttemptAt) })}</p>}
          {pub.runs.length === 0 ? (
            <p className="muted">{t("schedule.detail.noRuns")}</p>
          ) : (
            <div className="table-wrap">
              <Table
                testId="runs-table"
                caption={t("schedule.detail.runs")}
                headers={[t("schedule.detail.attempt"), t("schedule.detail.started"), t("schedule.detail.finished"), t("schedule.filters.status"), t("schedule.detail.step"), t("schedule.detail.error")]}
              >
                {pub.runs.map((r) => (
                  <tr key={r.id}>
                    <td>{r.attempt}</td>
                    <td>{format.dateTime(r.startedAt)}</td>
                    <td>{format.dateTime(r.finishedAt)}</td>
                    <td>{t(`schedule.runStatus.${r.status as "running"}`)}</td>
                    <td>{t(`schedule.runStep.${r.step as "start"}`, { defaultValue: r.step })}</td>
                    <td className="detail__error">{renderStoredReason({ code: r.errorCode, params: r.errorParams, text: r.errorMessage })}</td>
                  </tr>
                ))}
              </Table>
            </div>
          )}
        </section>
      ))}
    </div>
  );
}
