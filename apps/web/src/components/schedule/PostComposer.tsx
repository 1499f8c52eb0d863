import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Link } from "@tanstack/react-router";
import { useEffect, useMemo, useRef, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { intlLocale } from "../../i18n";
import { errorMessageOf, errorsUnder, fieldErrorsOf, renderFieldIssue, type CodedIssue, type FieldErrors } from "../../lib/errors";
import { zoneName } from "../../lib/timezones";
import { useTRPC, type RouterOutputs } from "../../lib/trpc";
import { collidingHandles } from "../channels/channel-handle";
import { FieldShell, FormError, SelectField, TextField } from "../Field";
import { readAsDataUrl } from "../../lib/upload";
import { firstDayOfWeek, localInput, wallTimeFate } from "./dates";
import { InstagramFields } from "./InstagramFields";
import { instagramInput, instagramIssues, type IgOptions } from "./instagram-options";
import { PostPreview } from "./PostPreview";
import { buildRrule, isFormRule, parseRrule, useRuleDescription, useWeekdayNames, WEEKDAYS, type Freq, type Recurrence } from "./recurrence";

type Post = RouterOutputs["posts"]["get"];
const LIMITS = { instagram: 2200, whatsapp: 4096, whatsappCaption: 1024 };

interface Media {
  id: string;
  url: string;
  mimeType: string;
  width?: number | null;
  height?: number | null;
  durationS?: number | null;
  /** What the upload converted ("PNG converti en JPEG, recadré en 4:5"). */
  note?: string;
  /** A stored file of the post being edited whose preview is still on its way (`loading`) or could not be read. */
  stored?: "loading" | "unavailable";
  /**
   * The file as chosen and what it was uploaded for, while the composer is open: a feed upload is cropped to 4:5–1.91:1
   * and a story's is not, so choosing the other format uploads the original again instead of keeping the wrong shape.
   */
  source?: { file: File; purpose: UploadPurpose; cropped: boolean };
}

type UploadPurpose = "post" | "story";
const purposeOf = (format: string): UploadPurpose => (format === "story" ? "story" : "post");

const chars = (s: string) => [...s].length;

export interface ComposerProps {
  mode: "new" | "edit" | "duplicate";
  post?: Post;
  timeZone: string;
  /** Prefilled date for a new post (a calendar day). */
  initialDate?: string;
  /** `day` is the saved post's (first) date, `YYYY-MM-DD` in `timeZone`: the calendar moves there to show it. */
  onDone: (postId: string, day: string) => void;
}

/**
 * Channels, text with per-platform counters, media with previews, the WhatsApp template and its audience, and the
 * time in the workspace's zone (once, or a recurrence with its next 5 occurrences in plain words).
 */
export function PostComposer({ mode, post, timeZone, initialDate, onDone }: ComposerProps) {
  const { t, i18n } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const channels = useQuery(trpc.channels.list.queryOptions());
  const content = post?.content;
  const [channelIds, setChannelIds] = useState<string[]>(post?.channels.map((c) => c.id) ?? []);
  const [text, setText] = useState(content?.text ?? "");
  // An edited post's stored files are in the form from the start, in their order, so they are kept whatever happens to
  // their previews (read below): a slow or failed preview never drops a picture from the save.
  const [media, setMedia] = useState<Media[]>(() => (content?.mediaIds ?? []).map((id) => ({ id, url: "", mimeType: "", stored: "loading" })));
  const [format, setFormat] = useState<string>(content?.instagram?.format ?? "auto");
  const ig = content?.instagram;
  const [igOptions, setIgOptions] = useState<IgOptions>({
    altText: ig?.altText ?? "",
    shareToFeed: ig?.shareToFeed,
    cover: ig?.coverMediaId ? "image" : ig?.thumbOffsetMs !== undefined ? "frame" : "none",
    coverMedia: null,
    frameSeconds: ig?.thumbOffsetMs !== undefined ? String(ig.thumbOffsetMs / 1000) : "",
  });
  const [coverUrl, setCoverUrl] = useState<string | null>(null);
  // Problems found before sending (the API's own checks), shown like the server's until the next submit.
  const [clientIssues, setClientIssues] = useState<Record<string, CodedIssue[]>>({});
  const formRef = useRef<HTMLFormElement>(null);
  const [failedSubmits, setFailedSubmits] = useState(0);
  const [template, setTemplate] = useState(content?.whatsapp?.template ? `${content.whatsapp.template.name}|${content.whatsapp.template.language}` : "");
  const [params, setParams] = useState((content?.whatsapp?.template?.bodyParams ?? []).join("\n"));
  const [phones, setPhones] = useState((content?.whatsapp?.audience.phones ?? []).join("\n"));
  const [optedIn, setOptedIn] = useState(content?.whatsapp?.audience.optedInContacts ?? false);
  const [repeat, setRepeat] = useState(Boolean(post?.rrule));
  const defaultWhen = post?.publishAt && mode === "edit" ? localInput(new Date(post.publishAt), timeZone) : `${initialDate ?? localInput(new Date(Date.now() + 3_600_000), timeZone).slice(0, 10)}T${localInput(new Date(Date.now() + 3_600_000), timeZone).slice(11, 13)}:00`;
  const [when, setWhen] = useState(post?.dtstart && mode === "edit" ? post.dtstart : defaultWhen);
  // The stored rule is sent back byte for byte until the person changes the recurrence; one the form cannot express
  // is shown read-only until they choose to replace it.
  const originalRule = post?.rrule ?? null;
  const [ruleTouched, setRuleTouched] = useState(false);
  const [recurrence, setRecurrenceState] = useState<Recurrence>(parseRrule(originalRule && isFormRule(originalRule) ? originalRule : null));
  const setRecurrence = (r: Recurrence) => {
    setRuleTouched(true);
    setRecurrenceState(r);
  };
  const ruleReadOnly = originalRule !== null && !ruleTouched && !isFormRule(originalRule);
  const [uploadError, setUploadError] = useState<string | null>(null);
  const [dragging, setDragging] = useState(false);

  // Media of an existing post: fresh signed links for the previews, each filled in as it comes (one missing file does
  // not hide the others).
  const mediaIds = content?.mediaIds;
  useEffect(() => {
    if (!mediaIds?.length) return;
    let stop = false;
    const fill = (id: string, found: Partial<Media>) => !stop && setMedia((list) => list.map((m) => (m.id === id && m.stored ? { ...m, ...found } : m)));
    for (const id of mediaIds) {
      queryClient.fetchQuery(trpc.media.get.queryOptions({ id })).then(
        (r) => fill(id, { url: r.url, mimeType: r.mimeType, width: r.width, height: r.height, durationS: r.durationS, stored: undefined }),
        () => fill(id, { stored: "unavailable" }),
      );
    }
    return () => {
      stop = true;
    };
  }, [mediaIds, queryClient, trpc]);
  // The format and options a post goes out with depend on its files' kinds: it is saved once they are known.
  const mediaLoading = media.some((m) => m.stored === "loading");
  const coverMediaId = ig?.coverMediaId;
  useEffect(() => {
    if (!coverMediaId) return;
    let stop = false;
    void queryClient.fetchQuery(trpc.media.get.queryOptions({ id: coverMediaId })).then((r) => {
      if (stop) return;
      setCoverUrl(r.url);
      setIgOptions((o) => ({ ...o, coverMedia: { id: r.id, mimeType: r.mimeType, width: r.width, height: r.height } }));
    });
    return () => {
      stop = true;
    };
  }, [coverMediaId, queryClient, trpc]);

  const handleOf = collidingHandles(channels.data ?? [], (c) => c.displayName);
  const selected = (channels.data ?? []).filter((c) => channelIds.includes(c.id));
  const hasIg = selected.some((c) => c.platform === "instagram");
  const waChannel = selected.find((c) => c.platform === "whatsapp");
  const templates = useQuery(trpc.posts.whatsappTemplates.queryOptions({ channelId: waChannel?.id ?? "" }, { enabled: Boolean(waChannel) }));
  const rrule = originalRule !== null && !ruleTouched ? originalRule : buildRrule(recurrence);
  const preview = useQuery(
    trpc.posts.previewOccurrences.queryOptions({ rrule, dtstart: when, timeZone, count: 5 }, { enabled: repeat && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(when) }),
  );

  const upload = useMutation(trpc.media.upload.mutationOptions());
  const create = useMutation(trpc.posts.create.mutationOptions());
  const update = useMutation(trpc.posts.update.mutationOptions());
  const save = mode === "edit" ? update : create;
  const errors: FieldErrors = Object.keys(clientIssues).length
    ? Object.fromEntries(Object.entries(clientIssues).map(([path, list]) => [path, list.map((issue) => renderFieldIssue(issue, t) ?? t("fieldIssues.invalid"))]))
    : fieldErrorsOf(save.error);
  const hasErrors = Object.keys(errors).length > 0;

  // After a refused submit, the first field in error takes the focus (keyboard and screen-reader users land on what
  // to fix, with its message read through aria-describedby); with none shown, the form's error does.
  useEffect(() => {
    if (!failedSubmits) return;
    const form = formRef.current;
    const field = form?.querySelector<HTMLElement>('[aria-invalid="true"]');
    const alert = form?.querySelector<HTMLElement>('[role="alert"]');
    // The alert is focusable from script only (tabindex -1): it is not a stop on the keyboard's path.
    if (!field) alert?.setAttribute("tabindex", "-1");
    (field ?? alert)?.focus();
  }, [failedSubmits]);
  // Errors of a field and of its parts ("content.whatsapp.audience.phones.2", "content.whatsapp.template.language").

  /** Uploads one chosen file for a format: images are made ready for Instagram by the server (JPEG within its ratio and size limits; a story's keeps its shape). */
  async function uploadFile(file: File, purpose: UploadPurpose): Promise<Media> {
    const m = await upload.mutateAsync({ data: await readAsDataUrl(file), filename: file.name, purpose });
    const c = m.conversion;
    const note = c
      ? [
          c.from === "image/jpeg" ? null : t("scheduleUx.converted", { from: t(`scheduleUx.formats.${c.from as "image/png"}`, { defaultValue: c.from }) }),
          c.croppedTo ? t("scheduleUx.croppedTo", { ratio: c.croppedTo }) : null,
          c.resized ? t("scheduleUx.resized", { width: m.width }) : null,
        ]
          .filter(Boolean)
          .join(", ")
      : undefined;
    const source = { file, purpose, cropped: !!c?.croppedTo };
    return { id: m.id, url: m.url, mimeType: m.mimeType, width: m.width, height: m.height, durationS: m.durationS, note: note ? note.charAt(0).toUpperCase() + note.slice(1) : undefined, source };
  }

  async function onFiles(files: FileList | null) {
    setUploadError(null);
    for (const file of Array.from(files ?? [])) {
      try {
        const item = await uploadFile(file, purposeOf(format));
        setMedia((list) => [...list, item]);
      } catch (err) {
        setUploadError(errorMessageOf(err, t));
      }
    }
  }

  /**
   * A new format. Images uploaded for the other one are uploaded again from the original still in memory: a feed crop
   * made into a story, or a story's free shape made into a feed post (cropped then, as a feed upload is). A post opened
   * for editing has no original here: its media stay as stored, and the save's checks speak for them.
   */
  async function chooseFormat(next: string) {
    setFormat(next);
    const purpose = purposeOf(next);
    const stale = media.filter((m) => m.source && m.source.purpose !== purpose && (m.source.cropped || purpose === "post") && m.mimeType.startsWith("image/"));
    if (!stale.length) return;
    setUploadError(null);
    for (const old of stale) {
      try {
        const item = await uploadFile(old.source!.file, purpose);
        setMedia((list) => list.map((m) => (m.id === old.id ? item : m)));
      } catch (err) {
        setUploadError(errorMessageOf(err, t));
      }
    }
  }

  async function onCoverFile(file: File) {
    setUploadError(null);
    try {
      // Made a JPEG by the server, as Meta takes for `cover_url`, keeping its shape (9:16 recommended).
      const m = await upload.mutateAsync({ data: await readAsDataUrl(file), filename: file.name, purpose: "story" });
      setCoverUrl(m.url);
      setIgOptions((o) => ({ ...o, coverMedia: { id: m.id, mimeType: m.mimeType, width: m.width, height: m.height } }));
    } catch (err) {
      setUploadError(errorMessageOf(err, t));
    }
  }

  function submit(e: FormEvent) {
    e.preventDefault();
    if (mediaLoading) return;
    const issues = hasIg ? instagramIssues(format, media, igOptions) : {};
    setClientIssues(issues);
    if (Object.keys(issues).length) {
      save.reset();
      setFailedSubmits((n) => n + 1);
      return;
    }
    const instagram = hasIg ? instagramInput(format, media, igOptions) : {};
    const [tplName, tplLang] = template.split("|");
    const input = {
      channelIds,
      timeZone,
      content: {
        text,
        mediaIds: media.map((m) => m.id),
        ...(Object.keys(instagram).length ? { instagram } : {}),
        ...(waChannel
          ? {
              whatsapp: {
                ...(tplName && tplLang ? { template: { name: tplName, language: tplLang, bodyParams: params.split("\n").map((s) => s.trim()).filter(Boolean) } } : {}),
                // One number a line (or comma-separated): spaces inside a number are allowed ("+33 6 12 34 56 78").
                audience: { phones: phones.split(/[\n,;]+/).map((s) => s.trim()).filter(Boolean), optedInContacts: optedIn },
              },
            }
          : {}),
      },
      ...(repeat ? { rrule, dtstart: when } : { publishAt: when }),
    };
    const done = (postId: string) => {
      void queryClient.invalidateQueries(trpc.posts.list.queryFilter());
      void queryClient.invalidateQueries(trpc.posts.get.queryFilter());
      void queryClient.invalidateQueries(trpc.posts.calendar.queryFilter());
      onDone(postId, when.slice(0, 10));
    };
    const refused = () => setFailedSubmits((n) => n + 1);
    if (mode === "edit" && post) update.mutate({ ...input, id: post.id }, { onSuccess: () => done(post.id), onError: refused });
    else create.mutate(input, { onSuccess: (res) => done(res.id), onError: refused });
  }

  const locale = intlLocale(i18n.language);
  const occurrenceFormat = useMemo(() => new Intl.DateTimeFormat(locale, { dateStyle: "full", timeStyle: "short", timeZone }), [locale, timeZone]);
  const weekdayNames = useWeekdayNames();
  // The weekday boxes in the reader's week order, as the calendar shows it (WEEKDAYS is Monday first).
  const weekdayOrder = useMemo(() => {
    const from = (firstDayOfWeek(locale) + 6) % 7;
    return WEEKDAYS.map((_, i) => (from + i) % 7);
  }, [locale]);
  const summary = useRuleDescription(rrule, when);

  const textMax = waChannel && !template ? (media.length ? LIMITS.whatsappCaption : LIMITS.whatsapp) : null;
  const n = chars(text);

  return (
    <form className="composer" onSubmit={submit} data-testid="post-composer" noValidate ref={formRef}>
      <FormError message={hasErrors ? t("errors.checkFields") : save.error ? errorMessageOf(save.error, t) : null} />
      <FieldShell label={t("schedule.composer.channels")} error={errors.channelIds}>
        {(a11y) => (
          <div className="composer__channels">
            {channels.data?.length === 0 && (
              // Not a dead end: the way to connect one, from where it is missed.
              <p className="muted">
                {t("schedule.composer.noChannels")}{" "}
                <Link to="/settings/channels" data-testid="composer-connect-channel">
                  {t("schedule.composer.connectChannel")}
                </Link>
              </p>
            )}
            {channels.data?.map((c) => (
              <label key={c.id} className="composer__channel">
                <input
                  type="checkbox"
                  data-testid={`composer-channel-${c.id}`}
                  data-platform={c.platform}
                  checked={channelIds.includes(c.id)}
                  onChange={(e) => setChannelIds((ids) => (e.target.checked ? [...ids, c.id] : ids.filter((i) => i !== c.id)))}
                  // Every box says the group's error (each has its own label: the field's id would make "Channels" tick one).
                  aria-describedby={a11y["aria-describedby"]}
                  aria-invalid={a11y["aria-invalid"]}
                />
                {c.displayName} <span className="muted">({c.platform === "instagram" ? "Instagram" : "WhatsApp"})</span>
                {handleOf(c) && <span className="muted small" data-testid="channel-handle">{handleOf(c)}</span>}
              </label>
            ))}
          </div>
        )}
      </FieldShell>

      <FieldShell label={t("schedule.composer.text")} hint={t("schedule.composer.textHint")} error={errorsUnder(errors, "content.text")}>
        {(a11y) => <textarea className="input" rows={4} value={text} onChange={(e) => setText(e.target.value)} data-testid="composer-text" {...a11y} />}
      </FieldShell>
      <div className="composer__counters" data-testid="composer-counters">
        {hasIg && (
          <span className={n > LIMITS.instagram ? "composer__counter--over" : ""} data-testid="counter-instagram">
            {t("schedule.composer.counter", { platform: "Instagram", count: n, max: LIMITS.instagram })}
          </span>
        )}
        {textMax !== null && (
          <span className={n > textMax ? "composer__counter--over" : ""} data-testid="counter-whatsapp">
            {t("schedule.composer.counter", { platform: "WhatsApp", count: n, max: textMax })}
          </span>
        )}
      </div>

      <FieldShell label={t("schedule.composer.media")} hint={t("mediaConversion.hint")} error={uploadError ?? errorsUnder(errors, "content.mediaIds")}>
        {(a11y) => (
          <div className="stack">
            {/* A drop zone that is also the file picker (the input stays in the label for keyboards and tests). */}
            <label
              className={`dropzone${dragging ? " dropzone--over" : ""}`}
              onDragOver={(e) => {
                e.preventDefault();
                setDragging(true);
              }}
              onDragLeave={() => setDragging(false)}
              onDrop={(e) => {
                e.preventDefault();
                setDragging(false);
                void onFiles(e.dataTransfer.files);
              }}
            >
              <input
                type="file"
                className="sr-only"
                multiple
                accept="image/jpeg,image/png,image/webp,image/gif,image/heic,image/heif,image/avif,.heic,video/mp4,video/quicktime,application/pdf"
                onChange={(e) => {
                  void onFiles(e.target.files);
                  e.target.value = "";
                }}
                data-testid="composer-media"
                {...a11y}
              />
              <span>{t("schedule.composer.dropzone")}</span>
            </label>
            {upload.isPending && <span className="muted">{t("schedule.composer.uploading")}</span>}
            {media.some((m) => m.note) && (
              <ul className="composer__converted" data-testid="composer-converted" aria-live="polite">
                {media
                  .filter((m) => m.note)
                  .map((m) => (
                    <li key={m.id}>{m.note}</li>
                  ))}
              </ul>
            )}
            <div className="composer__media">
              {media.map((m, i) => (
                <div key={m.id} className="composer__thumb" data-testid="composer-media-item">
                  {m.stored ? (
                    <span className="muted" data-testid="composer-media-stored">{m.stored === "loading" ? t("common.loading") : t("schedule.composer.mediaUnavailable")}</span>
                  ) : m.mimeType.startsWith("image/") ? (
                    <img src={m.url} alt="" />
                  ) : m.mimeType.startsWith("video/") ? (
                    <video src={m.url} muted />
                  ) : (
                    <span>PDF</span>
                  )}
                  <button type="button" className="btn btn--sm" onClick={() => setMedia((l) => l.filter((x) => x.id !== m.id))} aria-label={t("schedule.composer.removeMedia")}>
                    ×
                  </button>
                  {/* A carousel goes out in this order. */}
                  {i > 0 && (
                    <button
                      type="button"
                      className="btn btn--sm composer__earlier"
                      onClick={() => setMedia((l) => [...l.slice(0, i - 1), l[i]!, l[i - 1]!, ...l.slice(i + 1)])}
                      aria-label={t("schedule.composer.moveEarlier")}
                      title={t("schedule.composer.moveEarlier")}
                      data-testid="composer-media-earlier"
                    >
                      ‹
                    </button>
                  )}
                </div>
              ))}
            </div>
          </div>
        )}
      </FieldShell>

      {hasIg && (
        <InstagramFields
          format={format}
          onFormat={(f) => void chooseFormat(f)}
          media={media}
          options={igOptions}
          onOptions={setIgOptions}
          onCoverFile={(file) => void onCoverFile(file)}
          coverUrl={igOptions.coverMedia ? coverUrl : null}
          uploading={upload.isPending}
          errors={errors}
        />
      )}

      {waChannel && (
        <>
          <SelectField label={t("schedule.composer.template")} value={template} onChange={(e) => setTemplate(e.target.value)} error={errorsUnder(errors, "content.whatsapp.template")} data-testid="composer-wa-template">
            <option value="">{t("schedule.composer.noTemplate")}</option>
            {templates.data?.map((tpl) => (
              <option key={`${tpl.name}|${tpl.language}`} value={`${tpl.name}|${tpl.language}`}>
                {tpl.name} ({tpl.language})
              </option>
            ))}
          </SelectField>
          {template && (
            <FieldShell label={t("schedule.composer.params")} hint={t("schedule.composer.paramsHint")} error={errorsUnder(errors, "content.whatsapp.template.bodyParams")}>
              {(a11y) => <textarea className="input" rows={2} value={params} onChange={(e) => setParams(e.target.value)} data-testid="composer-wa-params" {...a11y} />}
            </FieldShell>
          )}
          <FieldShell label={t("schedule.composer.audience")} hint={t("schedule.composer.audienceHint")} error={errorsUnder(errors, "content.whatsapp.audience")}>
            {(a11y) => <textarea className="input input--mono" rows={3} value={phones} onChange={(e) => setPhones(e.target.value)} data-testid="composer-wa-phones" {...a11y} />}
          </FieldShell>
          <label>
            <input type="checkbox" checked={optedIn} onChange={(e) => setOptedIn(e.target.checked)} data-testid="composer-wa-optedin" /> {t("schedule.composer.optedIn")}
          </label>
        </>
      )}

      <div className="segmented" role="group" aria-label={t("schedule.composer.when")}>
        <button type="button" aria-pressed={!repeat} onClick={() => setRepeat(false)} data-testid="composer-mode-once">
          {t("schedule.composer.once")}
        </button>
        <button type="button" aria-pressed={repeat} onClick={() => setRepeat(true)} data-testid="composer-mode-repeat">
          {t("schedule.composer.repeat")}
        </button>
      </div>
      <TextField
        type="datetime-local"
        // To the minute: no seconds field in any browser, and a value with seconds (pasted, scripted) is cut to HH:mm.
        step={60}
        label={t("schedule.composer.dateTime")}
        hint={<span title={timeZone}>{t("schedule.composer.zoneHint", { zone: zoneName(timeZone, locale) })}</span>}
        value={when}
        onChange={(e) => setWhen(e.target.value.slice(0, 16))}
        error={errors.publishAt ?? errors.dtstart ?? errorsUnder(errors, "exdates")}
        data-testid="composer-datetime"
      />
      <DstNotice when={when} timeZone={timeZone} />
      {repeat && (
        <div className="stack">
          {ruleReadOnly ? (
            <div className="composer__rule" data-testid="composer-rrule-readonly">
              <p className="muted">{t("schedule.composer.advancedRule")}</p>
              <code data-testid="composer-rrule-text">{originalRule}</code>
              {errors.rrule && <p className="detail__error">{errors.rrule[0]}</p>}
              <button type="button" className="btn btn--sm" onClick={() => setRuleTouched(true)} data-testid="composer-rrule-replace">
                {t("schedule.composer.replaceRule")}
              </button>
            </div>
          ) : (
            <>
            <div className="composer__row">
              <SelectField label={t("schedule.composer.frequency")} value={recurrence.freq} onChange={(e) => setRecurrence({ ...recurrence, freq: e.target.value as Freq })} data-testid="composer-rrule-freq" error={errors.rrule}>
                {(["HOURLY", "DAILY", "WEEKLY", "MONTHLY"] as const).map((f) => (
                  <option key={f} value={f}>
                    {t(`schedule.composer.freq.${f}`)}
                  </option>
                ))}
              </SelectField>
              <TextField type="number" min={1} max={99} label={t("schedule.composer.interval")} value={recurrence.interval} onChange={(e) => setRecurrence({ ...recurrence, interval: Number(e.target.value) || 1 })} data-testid="composer-rrule-interval" />
            </div>
            {recurrence.freq === "WEEKLY" && (
              <div className="composer__weekdays" role="group" aria-label={t("schedule.composer.weekdays")}>
                {weekdayOrder.map((i) => [WEEKDAYS[i]!, weekdayNames[i]] as const).map(([d, name]) => (
                  <label key={d}>
                    <input
                      type="checkbox"
                      checked={recurrence.byDay.includes(d)}
                      onChange={(e) => setRecurrence({ ...recurrence, byDay: e.target.checked ? WEEKDAYS.filter((w) => w === d || recurrence.byDay.includes(w)) : recurrence.byDay.filter((w) => w !== d) })}
                    />{" "}
                    {name}
                  </label>
                ))}
              </div>
            )}
            <div className="composer__row">
              <SelectField label={t("schedule.composer.end")} value={recurrence.end} onChange={(e) => setRecurrence({ ...recurrence, end: e.target.value as Recurrence["end"] })} data-testid="composer-rrule-end">
                <option value="never">{t("schedule.composer.endNever")}</option>
                <option value="count">{t("schedule.composer.endCount")}</option>
                <option value="until">{t("schedule.composer.endUntil")}</option>
              </SelectField>
              {recurrence.end === "count" && (
                <TextField type="number" min={1} max={999} label={t("schedule.composer.occurrences")} value={recurrence.count} onChange={(e) => setRecurrence({ ...recurrence, count: Number(e.target.value) || 1 })} data-testid="composer-rrule-count" />
              )}
              {recurrence.end === "until" && (
                <TextField type="date" label={t("schedule.composer.endUntil")} value={recurrence.until} onChange={(e) => setRecurrence({ ...recurrence, until: e.target.value })} data-testid="composer-rrule-until" />
              )}
            </div>
            </>
          )}
          <div className="composer__preview" data-testid="composer-preview" aria-live="polite">
            <strong data-testid="composer-rrule-summary">{summary}</strong>
            <div>{t("schedule.composer.preview")}</div>
            {preview.error ? (
              <p className="detail__error">{fieldErrorsOf(preview.error).rrule?.[0] ?? errorMessageOf(preview.error, t)}</p>
            ) : preview.data?.occurrences.length === 0 ? (
              <p className="muted">{t("schedule.composer.previewEmpty")}</p>
            ) : (
              <ol>
                {preview.data?.occurrences.map((o) => (
                  <li key={String(o)} data-testid="composer-preview-item">
                    {occurrenceFormat.format(new Date(o))}
                  </li>
                ))}
              </ol>
            )}
          </div>
        </div>
      )}
      <PostPreview
        instagram={hasIg}
        whatsapp={Boolean(waChannel)}
        text={text}
        media={media.filter((m) => !m.stored)}
        account={selected.find((c) => c.platform === "instagram")?.displayName}
        template={templates.data?.find((tpl) => `${tpl.name}|${tpl.language}` === template) ?? null}
        params={params.split("\n").map((p) => p.trim()).filter(Boolean)}
      />
      <div className="detail__actions">
        <button type="submit" className="btn btn--primary" disabled={save.isPending || upload.isPending || mediaLoading} data-testid="composer-submit">
          {mode === "edit" ? t("schedule.composer.submitEdit") : t("schedule.composer.submitNew")}
        </button>
      </div>
    </form>
  );
}

/** Said before saving: a time the clocks skip (spring) goes out later, one they repeat (autumn) goes out the first time. */
function DstNotice({ when, timeZone }: { when: string; timeZone: string }) {
  const { t } = useTranslation();
  const fate = wallTimeFate(when, timeZone);
  if (fate.kind === "ok") return null;
  const time = when.slice(11, 16);
  return (
    <p className="alert alert--info small" role="status" data-testid="composer-dst">
      {fate.kind === "skipped" ? t("schedule.composer.dstSkipped", { time, actual: fate.actual }) : t("schedule.composer.dstRepeated", { time })}
    </p>
  );
}
