import {
  calendarEntries,
  cancelPost,
  checkSeries,
  checkTemplate,
  findApprovedTemplate,
  createPost,
  firstOccurrences,
  loadDeliveries,
  localDateTimeSchema,
  normalizeAudience,
  normalizeRrule,
  postContentSchema,
  PostStateError,
  publishInstant,
  RecurrenceError,
  retryPost,
  templateShape,
  updatePost,
  withHeaderFormat,
  validateContent,
  type FieldErrors,
  type PostContent,
  type Schedule,
} from "@sillage/publishing";
import { loadChannel } from "@sillage/channels";
import type { WhatsAppTemplate } from "@sillage/connectors";
import type { ScopedDb } from "@sillage/db";
import { sql } from "@sillage/db";
import { timeZoneSchema } from "@sillage/domain";
import { tracked, TRPCError } from "@trpc/server";
import { z } from "zod";
import type { ApiContext } from "../context";
import { toApiError } from "../platform-errors";
import { createTRPCRouter, invalidInput, workspaceProcedure, workspaceSubscription } from "../trpc";

const PUBLICATION_STATUSES = ["queued", "waiting_quota", "publishing", "published", "failed", "cancelled"] as const;
/** A one-off time this far in the past is still accepted (the form's "now"). */
const PAST_SLACK_MS = 60_000;

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
    if (!v.publishAt === !v.rrule) ctx.addIssue({ code: "custom", path: ["publishAt"], message: "Give either a time (publishAt) or a recurrence (rrule)" });
    if (v.rrule && !v.dtstart) ctx.addIssue({ code: "custom", path: ["dtstart"], message: "A recurrence needs its first date and time" });
  });
type PostInput = z.output<typeof postInput>;

function scheduleOf(input: PostInput, now: Date): Schedule {
  if (input.publishAt) {
    const publishAt = /[zZ]|[+-]\d{2}:\d{2}$/.test(input.publishAt) ? new Date(input.publishAt) : publishInstant(input.publishAt, input.timeZone);
    if (publishAt.getTime() < now.getTime() - PAST_SLACK_MS) throw invalidInput({ publishAt: ["Choose a time in the future"] });
    return { kind: "once", publishAt, timeZone: input.timeZone };
  }
  try {
    const series = { rrule: normalizeRrule(input.rrule!), dtstartLocal: input.dtstart!, timeZone: input.timeZone, exdatesLocal: input.exdates ?? [] };
    checkSeries(series, now);
    return { kind: "series", series };
  } catch (err) {
    if (err instanceof RecurrenceError) throw invalidInput({ rrule: [err.message] });
    throw err;
  }
}

type CheckCtx = { db: ScopedDb; connectors: ApiContext["connectors"]; secretBox: ApiContext["secretBox"] };

/**
 * Loads channels and media, checks the content against every channel's capabilities and each WhatsApp number's
 * templates, and returns it as it is stored (the WhatsApp audience in E.164, each number once).
 */
async function checkContent(ctx: CheckCtx, channelIds: string[], content: PostContent): Promise<PostContent> {
  const channels = await ctx.db
    .selectFrom("channels")
    .select(["id", "platform", "status", "display_name"])
    .where("id", "in", channelIds)
    .where("status", "<>", "disconnected")
    .execute();
  if (channels.length !== new Set(channelIds).size) throw invalidInput({ channelIds: ["Channel not found"] });
  const rows = content.mediaIds.length
    ? await ctx.db.selectFrom("media_assets").select(["id", "mime_type", "size_bytes", "width", "height", "duration_s"]).where("id", "in", content.mediaIds).execute()
    : [];
  const media = rows.map((m) => ({ id: m.id, mimeType: m.mime_type, sizeBytes: Number(m.size_bytes), width: m.width, height: m.height, durationS: m.duration_s }));
  const audience = normalizeAudience(content);
  const errors = mergeErrors(
    validateContent(
      content,
      channels.map((c) => ({ id: c.id, platform: c.platform as "whatsapp" | "instagram", status: c.status, displayName: c.display_name })),
      media,
      (p) => ctx.connectors.get(p).capabilities,
    ),
    audience.errors,
  );
  // The header format is Sillage's to record (from the approved template), never the caller's.
  let stored = dropHeaderFormat(audience.content);
  const waChannels = channels.filter((c) => c.platform === "whatsapp" && c.status === "active");
  for (const c of content.whatsapp?.template ? waChannels : []) {
    const templates = await templatesOf(ctx, c.id, content.whatsapp!.template!);
    mergeErrors(errors, checkTemplate(content, templates, media));
    stored = withHeaderFormat(stored, templates);
  }
  if (Object.keys(errors).length) throw invalidInput(errors);
  return stored;
}

function dropHeaderFormat(content: PostContent): PostContent {
  const template = content.whatsapp?.template;
  if (!content.whatsapp || !template?.headerFormat) return content;
  const { headerFormat: _dropped, ...rest } = template;
  return { ...content, whatsapp: { ...content.whatsapp, template: rest } };
}

/** Adds the messages of `more` to `into` (each once), and returns `into`. */
function mergeErrors(into: FieldErrors, more: FieldErrors): FieldErrors {
  for (const [field, messages] of Object.entries(more)) {
    const list = (into[field] ??= []);
    for (const m of messages) if (!list.includes(m)) list.push(m);
  }
  return into;
}

/** A WhatsApp number's templates (cached by the connector), read again at once when the chosen one is missing. */
async function templatesOf(ctx: CheckCtx, channelId: string, choice?: { name: string; language: string }): Promise<WhatsAppTemplate[]> {
  const loaded = await loadChannel(ctx.db, ctx.secretBox, channelId);
  if (!loaded || loaded.row.platform !== "whatsapp" || loaded.row.status === "disconnected") throw new TRPCError({ code: "NOT_FOUND", message: "Channel not found" });
  try {
    let { templates } = await ctx.connectors.whatsapp.cachedTemplates(loaded.channel);
    // It may have been approved since the list was read.
    if (choice && !findApprovedTemplate(templates, choice)) ({ templates } = await ctx.connectors.whatsapp.cachedTemplates(loaded.channel, { fresh: true }));
    return templates;
  } catch (err) {
    throw toApiError(err);
  }
}

function stateError(err: unknown): unknown {
  if (!(err instanceof PostStateError)) return err;
  if (err.message === "not_found") return new TRPCError({ code: "NOT_FOUND", message: "Post not found" });
  return new TRPCError({ code: "PRECONDITION_FAILED", message: err.message });
}

function encodeCursor(dueAt: Date, id: string): string {
  return Buffer.from(`${dueAt.toISOString()}|${id}`).toString("base64url");
}
function decodeCursor(cursor: string): { dueAt: Date; id: string } {
  const [at, id] = Buffer.from(cursor, "base64url").toString("utf8").split("|");
  const dueAt = new Date(at ?? "");
  if (!id || Number.isNaN(dueAt.getTime()) || !z.uuid().safeParse(id).success) throw new TRPCError({ code: "BAD_REQUEST", message: "Invalid cursor" });
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
  "- `delivery` (WhatsApp broadcasts, else null): `summary` `{ sent, failed, uncertain, skipped, pending, total }`,",
  "  `recipients` `[{ to, status: sent | failed | uncertain | skipped, reason, reasonCode, messageId, at }]` (not-sent",
  "  first, at most 200; `reason` in words, `reasonCode` the error kind or `opted_out` / `invalid` /",
  "  `window_closed`), and `truncated`. `uncertain` = the request's answer was lost: it may have arrived, and it is",
  "  never sent again. A broadcast that reached nobody is `failed`.",
  "",
];

export const postsRouter = createTRPCRouter({
  /** Schedules a post on one or more channels: once (`publishAt`) or as a series (`rrule` + `dtstart`), in `timeZone`. */
  create: workspaceProcedure.input(postInput).mutation(async ({ ctx, input }) => {
    const now = ctx.clock.now();
    const schedule = scheduleOf(input, now);
    const channelIds = [...new Set(input.channelIds)];
    const content = await checkContent(ctx, channelIds, input.content);
    const created = await createPost(
      ctx.db,
      { workspaceId: ctx.workspace.id, createdBy: ctx.auth.kind === "session" ? ctx.auth.userId : null, channelIds, content, schedule },
      now,
    );
    return { id: created.id, nextDueAt: created.firstDueAt };
  }),

  /** Edits a post while it is queued; for a series, the change applies to future occurrences. */
  update: workspaceProcedure.input(z.object({ id: z.uuid() }).and(postInput)).mutation(async ({ ctx, input }) => {
    const now = ctx.clock.now();
    const schedule = scheduleOf(input, now);
    const channelIds = [...new Set(input.channelIds)];
    const content = await checkContent(ctx, channelIds, input.content);
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

  /** Queues failed publications again, now; they resume from their saved progress (never a second post). */
  retry: workspaceProcedure.input(z.object({ id: z.uuid(), publicationId: z.uuid().optional() })).mutation(async ({ ctx, input }) => {
    let res;
    try {
      res = await retryPost(ctx.db, input.id, ctx.clock.now(), input.publicationId);
    } catch (err) {
      throw stateError(err);
    }
    if (!res.retried) throw new TRPCError({ code: "PRECONDITION_FAILED", message: "Only failed posts can be retried" });
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
    const { rows } = await sql<{
      id: string;
      content: PostContent;
      publishAt: Date | null;
      rrule: string | null;
      dtstart: string | null;
      exdates: string[];
      timeZone: string;
      status: string;
      nextOccurrenceAt: Date | null;
      createdAt: Date;
      updatedAt: Date;
    }>`select id, content, publish_at as "publishAt", rrule, to_char(dtstart_local, 'YYYY-MM-DD"T"HH24:MI') as dtstart,
         coalesce(array(select to_char(x, 'YYYY-MM-DD"T"HH24:MI') from unnest(exdates) x), '{}') as exdates,
         time_zone as "timeZone", status, next_occurrence_at as "nextOccurrenceAt", created_at as "createdAt", updated_at as "updatedAt"
       from scheduled_posts where id = ${input.id}`.execute(ctx.db);
    const post = rows[0];
    if (!post) throw new TRPCError({ code: "NOT_FOUND", message: "Post not found" });
    const channels = await ctx.db
      .selectFrom("post_channels as pc")
      .innerJoin("channels as c", "c.id", "pc.channel_id")
      .select(["c.id", "c.platform", "c.display_name as displayName", "c.username", "c.status"])
      .where("pc.post_id", "=", input.id)
      .execute();
    const publications = await ctx.db
      .selectFrom("post_publications")
      .select([
        "id",
        "channel_id as channelId",
        "due_at as dueAt",
        "status",
        "status_reason as statusReason",
        "attempts",
        "platform_post_id as platformPostId",
        "permalink",
        "error_class as errorClass",
        "error_message as errorMessage",
        "next_attempt_at as nextAttemptAt",
        "queued_at as queuedAt",
        "publishing_at as publishingAt",
        "published_at as publishedAt",
        "failed_at as failedAt",
        "cancelled_at as cancelledAt",
        "stop_requested_at as stopRequestedAt",
      ])
      .where("post_id", "=", input.id)
      .orderBy("due_at", "desc")
      .limit(50)
      .execute();
    const runs = publications.length
      ? await ctx.db
          .selectFrom("post_runs")
          .select(["id", "publication_id as publicationId", "attempt", "started_at as startedAt", "finished_at as finishedAt", "status", "step", "error_class as errorClass", "error_message as errorMessage", "platform_ids as platformIds"])
          .where("publication_id", "in", publications.map((p) => p.id))
          .orderBy("started_at")
          .execute()
      : [];
    const deliveries = await loadDeliveries(ctx.db, publications.map((p) => p.id));
    return {
      ...post,
      channels,
      publications: publications.map((p) => ({ ...p, delivery: deliveries.get(p.id) ?? null, runs: runs.filter((r) => r.publicationId === p.id) })),
    };
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
      let q = ctx.db
        .selectFrom("post_publications as p")
        .innerJoin("scheduled_posts as s", "s.id", "p.post_id")
        .innerJoin("channels as c", "c.id", "p.channel_id")
        .select([
          "p.id",
          "p.post_id as postId",
          "p.channel_id as channelId",
          "c.platform",
          "p.due_at as dueAt",
          "p.status",
          "p.status_reason as statusReason",
          sql<string>`left(s.content->>'text', 80)`.as("excerpt"),
          sql<number>`coalesce(jsonb_array_length(s.content->'mediaIds'), 0)`.as("mediaCount"),
          sql<boolean>`s.rrule is not null`.as("series"),
        ])
        .orderBy("p.due_at")
        .orderBy("p.id")
        .limit(limit + 1);
      if (input?.status?.length) q = q.where("p.status", "in", input.status);
      if (input?.from) q = q.where("p.due_at", ">=", input.from);
      if (input?.to) q = q.where("p.due_at", "<", input.to);
      if (input?.channelId) q = q.where("p.channel_id", "=", input.channelId);
      if (input?.postId) q = q.where("p.post_id", "=", input.postId);
      if (input?.cursor) {
        const c = decodeCursor(input.cursor);
        q = q.where((eb) => eb.or([eb("p.due_at", ">", c.dueAt), eb.and([eb("p.due_at", "=", c.dueAt), eb("p.id", ">", c.id)])]));
      }
      const rows = await q.execute();
      const items = rows.slice(0, limit);
      const last = items[items.length - 1];
      return { items, nextCursor: rows.length > limit && last ? encodeCursor(last.dueAt, last.id) : null };
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
        .refine((i) => i.to > i.from, { message: "`to` must be after `from`", path: ["to"] })
        .refine((i) => i.to.getTime() - i.from.getTime() <= 62 * 86_400_000, { message: "A calendar period is at most 62 days", path: ["to"] }),
    )
    .query(({ ctx, input }) => calendarEntries(ctx.db, input)),

  /** Approved WhatsApp templates of a connected number (the composer's template picker); the list posts are checked against. */
  whatsappTemplates: workspaceProcedure.input(z.object({ channelId: z.uuid() })).query(async ({ ctx, input }) => {
    const templates = await templatesOf(ctx, input.channelId);
    return templates
      .filter((tpl) => tpl.status === "APPROVED")
      .map((tpl) => {
        const shape = templateShape(tpl);
        return { name: tpl.name, language: tpl.language, category: tpl.category ?? null, bodyText: shape.bodyText, params: shape.params, headerFormat: shape.headerFormat };
      });
  }),

  /** The next occurrences of a recurrence (the composer's preview), or a field error. */
  previewOccurrences: workspaceProcedure
    .input(z.object({ rrule: z.string().max(500), dtstart: localDateTimeSchema, timeZone: timeZoneSchema, exdates: z.array(localDateTimeSchema).max(500).optional(), count: z.number().int().min(1).max(20).default(5) }))
    .query(({ ctx, input }) => {
      try {
        const series = { rrule: normalizeRrule(input.rrule), dtstartLocal: input.dtstart, timeZone: input.timeZone, exdatesLocal: input.exdates ?? [] };
        const now = ctx.clock.now();
        checkSeries(series, now);
        return { occurrences: firstOccurrences(series, input.count, new Date(now.getTime() - 1000)) };
      } catch (err) {
        if (err instanceof RecurrenceError) throw invalidInput({ rrule: [err.message] });
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
