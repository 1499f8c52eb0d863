import {
  calendarEntries,
  cancelPost,
  ChannelNotFoundError,
  checkPostContent,
  checkSeries,
  createPost,
  firstOccurrences,
  getPost,
  listPublications,
  localDateTimeSchema,
  normalizeRrule,
  occurrenceOverrideSchema,
  editOccurrence,
  OccurrenceError,
  rescheduleOccurrence,
  skipOccurrence,
  postContentSchema,
  PostInputError,
  postIssueMessage,
  PostStateError,
  PUBLICATION_STATUSES,
  publishInstant,
  RecurrenceError,
  retryPost,
  scheduleOf,
  templateShape,
  updatePost,
  whatsappTemplatesOf,
  type ComposeDeps,
  type PostContent,
} from "@sillage/publishing";
import { BillingError } from "@sillage/billing";
import { timeZoneSchema } from "@sillage/time";
import { tracked } from "@trpc/server";
import { z } from "zod";
import { toApiError } from "../platform-errors";
import { apiError, type ApiErrorCode } from "../error-codes";
import { billingApiError } from "../billing-gate";
import { createTRPCRouter, invalidInput, workspaceProcedure, workspaceSubscription } from "../trpc";

/** An instant with its offset (`…Z`, `…+02:00`), or a local time read in `timeZone`. */
const whenSchema = z.union([z.iso.datetime({ offset: true }).max(40), localDateTimeSchema]);

const postInput = z
  .object({
    channelIds: z.array(z.uuid()).min(1, "Choose at least one channel").max(10),
    content: postContentSchema,
    /** One-off: when it goes out (local time in `timeZone`, or an ISO instant). */
    publishAt: whenSchema.optional(),
    /** Series: an RFC 5545 RRULE (COUNT, UNTIL, BYDAY…), DTSTART as local time in `timeZone`, EXDATEs likewise. */
    rrule: z.string().max(500).optional(),
    dtstart: localDateTimeSchema.optional(),
    exdates: z.array(localDateTimeSchema).max(500).optional(),
    timeZone: timeZoneSchema,
  })
  .superRefine((v, ctx) => {
    if (!v.publishAt === !v.rrule) ctx.addIssue({ code: "custom", path: ["publishAt"], message: "Give either a time (publishAt) or a recurrence (rrule)", params: { code: "post_when" } });
    if (v.rrule && !v.dtstart) ctx.addIssue({ code: "custom", path: ["dtstart"], message: "A recurrence needs its first date and time", params: { code: "post_dtstart" } });
  });
type PostInput = z.output<typeof postInput>;

/** A refusal of the post as sent, a missing channel or a platform error, as the API answers them. */
function composeError(err: unknown): unknown {
  if (err instanceof PostInputError) return postInputError(err);
  if (err instanceof ChannelNotFoundError) return apiError("NOT_FOUND", "channel_not_found", {}, err);
  return toApiError(err);
}

/** The post's schedule and its content as stored, both checked. */
async function composed(ctx: ComposeDeps, input: PostInput, now: Date): Promise<{ schedule: ReturnType<typeof scheduleOf>; channelIds: string[]; content: PostContent }> {
  try {
    const schedule = scheduleOf(input, now);
    const channelIds = [...new Set(input.channelIds)];
    return { schedule, channelIds, content: await checkPostContent(ctx, channelIds, input.content) };
  } catch (err) {
    throw composeError(err);
  }
}

const STATE_CODES: Record<string, ApiErrorCode> = {
  "This post was cancelled": "post_cancelled",
  "Occurrences of this series already went out: edit the series instead": "post_series_started",
  "This post has already started going out: it can no longer be edited": "post_started",
};

/** The domain's problems with their codes where it gave them (`POST_ISSUES`), English messages for the rest. */
function postInputError(err: PostInputError) {
  const issues = Object.entries(err.fieldErrors).flatMap(([path, messages]) =>
    messages.map((message) => {
      const coded = err.issues[path]?.find((i) => postIssueMessage(i) === message);
      return coded ? { path, message, code: coded.code, params: coded.params } : { path, message };
    }),
  );
  return invalidInput(issues);
}

/** A refusal of the post's state, or of the plan (the month of a publication it adds has no room left). */
function stateError(err: unknown): unknown {
  if (err instanceof BillingError) return billingApiError(err);
  if (!(err instanceof PostStateError)) return err;
  if (err.message === "not_found") return apiError("NOT_FOUND", "post_not_found");
  const code = STATE_CODES[err.message];
  // A state this map does not know yet is a bug; it still answers with a code rather than an English sentence.
  return apiError("PRECONDITION_FAILED", code ?? "post_started", {}, err);
}

/** The tRPC code of each occurrence refusal; its registry code (`data.appError`) is `occurrence_<code>`. */
const OCCURRENCE_CODES = {
  not_found: "NOT_FOUND",
  not_series: "BAD_REQUEST",
  not_an_occurrence: "BAD_REQUEST",
  already_started: "PRECONDITION_FAILED",
  in_the_past: "BAD_REQUEST",
  inactive: "PRECONDITION_FAILED",
} as const;

function occurrenceError(err: unknown): unknown {
  if (err instanceof OccurrenceError) return apiError(OCCURRENCE_CODES[err.code], `occurrence_${err.code}`, {}, err);
  return stateError(err);
}

function encodeCursor(dueAt: Date, id: string): string {
  return Buffer.from(`${dueAt.toISOString()}|${id}`).toString("base64url");
}
function decodeCursor(cursor: string): { dueAt: Date; id: string } {
  const [at, id] = Buffer.from(cursor, "base64url").toString("utf8").split("|");
  const dueAt = new Date(at ?? "");
  if (!id || Number.isNaN(dueAt.getTime()) || !z.uuid().safeParse(id).success) throw apiError("BAD_REQUEST", "bad_cursor");
  return { dueAt, id };
}

/** What a publication in `posts.get` says about its outcome (appended to docs/api.md). */
export const publicationOutcomeDoc = [
  "## Publication outcomes (`posts.get`)",
  "",
  "Each publication (one occurrence on one channel) has:",
  "",
  "- `status`: `queued`, `waiting_quota`, `publishing`, `published`, `failed` or `cancelled`.",
  "- `statusReason`: the reason in words whenever the status is not a plain success: why it failed, was cancelled or",
  "  waits for Instagram's quota, why it is queued again (the last error), and for a `published` one what is short of",
  "  complete (\"Published to 2 of 3 recipients: 1 failed.\", or an Instagram post whose link is still being looked up).",
  "  `errorClass` / `errorMessage`: the last platform error, kept until the publication is published.",
  "- `attempts`: the number of runs so far. Every run is an attempt (a quota wait too), numbered per publication",
  "  (`runs[].attempt`), never reset: after `posts.retry` the runs go on 4, 5…",
  "- `platformPostId` / `permalink`: the Instagram media and its link (null for a while when Instagram said the post",
  "  was published but did not list it yet: Sillage looks them up again and fills them in), or `broadcast:<id>` for",
  "  WhatsApp.",
  "- Instagram carousels may mix images and videos (2–10 items): Sillage waits until Instagram has processed every",
  "  item (a video takes a while) before it makes and publishes the carousel, so such a publication stays `publishing`",
  "  longer. An item Instagram cannot process fails the publication with a `statusReason` naming it (\"Carousel item 3",
  "  of 3 (video): Unsupported video: check codec, length and size.\"); an expired item is prepared again.",
  "- `delivery` (WhatsApp broadcasts, else null): `summary` `{ sent, failed, uncertain, skipped, pending, total }`,",
  "  `recipients` `[{ to, status: sent | failed | uncertain | skipped, reason, reasonCode, messageId, at }]` (not-sent",
  "  first, at most 200; `reason` in words, `reasonCode` the error kind or `opted_out` / `invalid` /",
  "  `window_closed`), and `truncated`. `uncertain` = the request's answer was lost: it may have arrived, and it is",
  "  never sent again. A broadcast that reached nobody is `failed`.",
  "",
];

export const postsRouter = createTRPCRouter({
  /**
   * Schedules a post on one or more channels: once (`publishAt`) or as a series (`rrule` + `dtstart`), in `timeZone`.
   * FORBIDDEN `billing_limit_reached` when the month of its first publication time has no room for one per channel.
   */
  create: workspaceProcedure.input(postInput).mutation(async ({ ctx, input }) => {
    const now = ctx.clock.now();
    const { schedule, channelIds, content } = await composed(ctx, input, now);
    // The plan's gate is in createPost: its first occurrence counts in its own month (a series' later ones as added).
    const created = await createPost(
      ctx.db,
      { workspaceId: ctx.workspace.id, createdBy: ctx.auth.kind === "session" ? ctx.auth.userId : null, channelIds, content, schedule },
      now,
    ).catch((err: unknown) => {
      throw stateError(err);
    });
    return { id: created.id, nextDueAt: created.firstDueAt };
  }),

  /**
   * Edits a post while it is queued; for a series, the change applies to future occurrences. What it adds (a channel,
   * a time in another month) is checked against that month's post limit: FORBIDDEN `billing_limit_reached`, and
   * nothing changes. Skip, reschedule and editOccurrence are checked the same way.
   */
  update: workspaceProcedure.input(z.object({ id: z.uuid() }).and(postInput)).mutation(async ({ ctx, input }) => {
    const now = ctx.clock.now();
    const { schedule, channelIds, content } = await composed(ctx, input, now);
    try {
      return await updatePost(ctx.db, input.id, { channelIds, content, schedule }, now);
    } catch (err) {
      throw stateError(err);
    }
  }),

  /** Cancels what has not gone out yet (the whole post, or one publication); its jobs are removed. */
  cancel: workspaceProcedure.input(z.object({ id: z.uuid(), publicationId: z.uuid().optional() })).mutation(async ({ ctx, input }) => {
    try {
      return await cancelPost(ctx.db, input.id, ctx.clock.now(), input.publicationId);
    } catch (err) {
      throw stateError(err);
    }
  }),

  /**
   * Skips one occurrence of a series (stored as an EXDATE, local wall time in the post's zone): `occurrence` is its
   * instant as the calendar gives it (`dueAt`). A moved occurrence is skipped altogether. Errors carry
   * `data.appError.code` `occurrence_not_series`, `occurrence_not_an_occurrence`, `occurrence_already_started`…
   */
  skipOccurrence: workspaceProcedure.input(z.object({ id: z.uuid(), occurrence: z.iso.datetime({ offset: true }).max(40) })).mutation(async ({ ctx, input }) => {
    try {
      return await skipOccurrence(ctx.db, input.id, new Date(input.occurrence), ctx.clock.now());
    } catch (err) {
      throw occurrenceError(err);
    }
  }),

  /**
   * Moves one publication time (the week view's drag): a one-off post to `at`, or one occurrence of a series to
   * `at` (an override of that date; the rest of the series keeps its times). `at` is an instant or a local time in
   * `timeZone`.
   */
  reschedule: workspaceProcedure
    .input(z.object({ id: z.uuid(), occurrence: z.iso.datetime({ offset: true }).max(40), at: whenSchema, timeZone: timeZoneSchema }))
    .mutation(async ({ ctx, input }) => {
      const at = /[zZ]|[+-]\d{2}:\d{2}$/.test(input.at) ? new Date(input.at) : publishInstant(input.at, input.timeZone);
      try {
        return await rescheduleOccurrence(ctx.db, input.id, new Date(input.occurrence), at, ctx.clock.now());
      } catch (err) {
        throw occurrenceError(err);
      }
    }),

  /**
   * Changes what one occurrence says (its text, media…), checked like a post's content against its channels: a series
   * keeps the change for that date only; a one-off post is edited. Refusals as `posts.skipOccurrence`.
   */
  editOccurrence: workspaceProcedure
    .input(z.object({ id: z.uuid(), occurrence: z.iso.datetime({ offset: true }).max(40), content: postContentSchema }))
    .mutation(async ({ ctx, input }) => {
      const post = await getPost(ctx.db, input.id);
      if (!post) throw apiError("NOT_FOUND", "post_not_found");
      let content: PostContent;
      try {
        content = await checkPostContent(ctx, post.channels.map((c) => c.id), input.content);
      } catch (err) {
        throw composeError(err);
      }
      try {
        return await editOccurrence(ctx.db, input.id, new Date(input.occurrence), content, ctx.clock.now());
      } catch (err) {
        throw occurrenceError(err);
      }
    }),

  /** Queues failed publications again, now; they resume from their saved progress (never a second post). */
  retry: workspaceProcedure.input(z.object({ id: z.uuid(), publicationId: z.uuid().optional() })).mutation(async ({ ctx, input }) => {
    let res;
    try {
      res = await retryPost(ctx.db, input.id, ctx.clock.now(), input.publicationId);
    } catch (err) {
      throw stateError(err);
    }
    if (!res.retried) throw apiError("PRECONDITION_FAILED", "post_retry_failed_only");
    return res;
  }),

  /**
   * A post with its schedule, channels, publications (latest 50) and each one's runs. `statusReason` says in words
   * why a publication is not a plain success (failed, cancelled, waiting for quota, queued again after an error,
   * published to some recipients only, published while its link is looked up). `attempts` counts runs, numbered
   * per publication (never reset by `posts.retry`). A WhatsApp broadcast has `delivery`: counts per outcome
   * ({ sent, failed, uncertain, skipped, pending, total }) and each recipient's outcome with its reason in words
   * (not-sent first, at most 200); null for Instagram.
   */
  get: workspaceProcedure.input(z.object({ id: z.uuid() })).query(async ({ ctx, input }) => {
    const post = await getPost(ctx.db, input.id);
    if (!post) throw apiError("NOT_FOUND", "post_not_found");
    return post;
  }),

  /**
   * Publications (one occurrence on one channel) as compact rows, by time: filter by status, date range and
   * channel; cursor paging. A month of a calendar is one call (limit up to 5,000).
   */
  list: workspaceProcedure
    .input(
      z
        .object({
          status: z.array(z.enum(PUBLICATION_STATUSES)).max(6).optional(),
          from: z.coerce.date().optional(),
          to: z.coerce.date().optional(),
          channelId: z.uuid().optional(),
          postId: z.uuid().optional(),
          cursor: z.string().max(200).nullish(),
          limit: z.number().int().min(1).max(5000).default(100),
        })
        .optional(),
    )
    .query(async ({ ctx, input }) => {
      const limit = input?.limit ?? 100;
      const { items, hasMore } = await listPublications(ctx.db, {
        status: input?.status,
        from: input?.from,
        to: input?.to,
        channelId: input?.channelId,
        postId: input?.postId,
        after: input?.cursor ? decodeCursor(input.cursor) : undefined,
        limit,
      });
      const last = items[items.length - 1];
      return { items, nextCursor: hasMore && last ? encodeCursor(last.dueAt, last.id) : null };
    }),

  /**
   * A calendar period: the publications in it plus the later occurrences of active series, computed from their
   * rule and marked `planned` (a series materializes only its next occurrence). At most 62 days per call.
   */
  calendar: workspaceProcedure
    .input(
      z
        .object({
          from: z.coerce.date(),
          to: z.coerce.date(),
          channelId: z.uuid().optional(),
          limit: z.number().int().min(1).max(5000).default(5000),
        })
        .refine((i) => i.to > i.from, { message: "`to` must be after `from`", path: ["to"], params: { code: "period_order" } })
        .refine((i) => i.to.getTime() - i.from.getTime() <= 62 * 86_400_000, { message: "A calendar period is at most 62 days", path: ["to"], params: { code: "period_too_long" } }),
    )
    .query(({ ctx, input }) => calendarEntries(ctx.db, input)),

  /** Approved WhatsApp templates of a connected number (the composer's template picker); the list posts are checked against. */
  whatsappTemplates: workspaceProcedure.input(z.object({ channelId: z.uuid() })).query(async ({ ctx, input }) => {
    const templates = await whatsappTemplatesOf(ctx, input.channelId).catch((err: unknown) => {
      throw composeError(err);
    });
    return templates
      .filter((tpl) => tpl.status === "APPROVED")
      .map((tpl) => {
        const shape = templateShape(tpl);
        return { name: tpl.name, language: tpl.language, category: tpl.category ?? null, bodyText: shape.bodyText, params: shape.params, headerFormat: shape.headerFormat };
      });
  }),

  /** The next occurrences of a recurrence (the composer's preview), or a field error. */
  previewOccurrences: workspaceProcedure
    .input(
      z.object({
        rrule: z.string().max(500),
        dtstart: localDateTimeSchema,
        timeZone: timeZoneSchema,
        exdates: z.array(localDateTimeSchema).max(500).optional(),
        /** Occurrences moved to another time (`posts.get`'s `overrides`). */
        overrides: z.array(occurrenceOverrideSchema).max(500).optional(),
        count: z.number().int().min(1).max(20).default(5),
      }),
    )
    .query(({ ctx, input }) => {
      try {
        const series = { rrule: normalizeRrule(input.rrule), dtstartLocal: input.dtstart, timeZone: input.timeZone, exdatesLocal: input.exdates ?? [], overrides: input.overrides ?? [] };
        const now = ctx.clock.now();
        checkSeries(series, now);
        return { occurrences: firstOccurrences(series, input.count, new Date(now.getTime() - 1000)) };
      } catch (err) {
        if (err instanceof RecurrenceError) throw invalidInput([{ path: "rrule", message: err.message, code: "recurrence_invalid" }]);
        throw err;
      }
    }),

  /** Live status changes of the workspace's posts (resumable with the last event id). */
  onStatus: workspaceSubscription
    .input(z.object({ lastEventId: z.coerce.number().int().nonnegative().nullish() }).optional())
    .subscription(async function* ({ ctx, input, signal }) {
      for await (const event of ctx.events.stream(ctx.workspace.id, { lastEventId: input?.lastEventId ?? undefined, signal })) {
        if (event.type !== "post.status") continue;
        yield tracked(String(event.id), { ...(event.payload as { postId: string; status: string; publicationId?: string; channelId?: string; dueAt?: string; reason?: string }), at: event.createdAt });
      }
    }),
});
