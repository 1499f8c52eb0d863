/**
 * The SQL of scheduled posts: creating a post or series with its first occurrence and jobs, materializing the next
 * occurrence of a series, editing, cancelling and retrying, the repair sweep. With runs.ts (a publication run) and
 * media-lookups.ts, every statement on posts, publications and runs is in this folder.
 * Every job is added in the caller's transaction (`enqueue`), so a row and its job commit together.
 */
import { publicationReason, reasonText, statusReasonColumns } from "../reasons";
import { assertAllowed, BillingError } from "@sillage/billing";
import { raiseWorkspaceEvent, sql, type Database, type ScopedDb } from "@sillage/db";
import { enqueue, jobWithKeyExists, removeJob } from "@sillage/queue";
import { lookupPublishedMediaJob, publishPostJob } from "../jobs";
import { instantToLocal, isRuleOccurrence, localToInstant, nextOccurrence, RecurrenceError, type OccurrenceOverride, type Series } from "../occurrences";
import type { PostContent } from "../content";

export type Db = Database | ScopedDb;

export const publicationJobKey = (publicationId: string) => `publication:${publicationId}`;

/** A series occurrence missed by more than this (the server was down) is skipped instead of going out late. */
export const SERIES_CATCH_UP_MS = 15 * 60_000;

export const PENDING_STATUSES = ["queued", "waiting_quota"] as const;
export const ACTIVE_STATUSES = ["queued", "waiting_quota", "publishing"] as const;

export type PublicationStatus = "queued" | "waiting_quota" | "publishing" | "published" | "failed" | "cancelled";

export function inTransaction<T>(db: Db, fn: (trx: ScopedDb) => Promise<T>): Promise<T> {
  return db.isTransaction ? fn(db as ScopedDb) : (db as Database).transaction().execute(fn);
}

type JobMode = "replace" | "unsafe_dedupe";
type PublicationRef = { publicationId: string; workspaceId: string };

/** Adds (or moves) the job of one publication; `unsafe_dedupe` leaves an existing one alone, even a running one. */
export async function enqueuePublication(db: Db, p: PublicationRef, runAt: Date, mode: JobMode = "replace"): Promise<void> {
  // One keyed job per publication; platform errors use our own retry policy, not graphile-worker's attempts.
  await enqueue(db, publishPostJob, { publicationId: p.publicationId, workspaceId: p.workspaceId }, { runAt, jobKey: publicationJobKey(p.publicationId), jobKeyMode: mode });
}

export const mediaLookupJobKey = (publicationId: string) => `media-lookup:${publicationId}`;

/** Adds (or moves) the media lookup of one published publication. */
export async function enqueueMediaLookup(db: Db, p: PublicationRef, runAt: Date, mode: JobMode = "replace"): Promise<void> {
  await enqueue(db, lookupPublishedMediaJob, { publicationId: p.publicationId, workspaceId: p.workspaceId }, { runAt, jobKey: mediaLookupJobKey(p.publicationId), jobKeyMode: mode });
}

export async function removePublicationJob(db: Db, publicationId: string): Promise<void> {
  await removeJob(db, publicationJobKey(publicationId));
}

export async function raisePostStatus(
  db: Db,
  workspaceId: string,
  e: { postId: string; publicationId?: string; channelId?: string; status: string; dueAt?: Date; reason?: string | null },
): Promise<void> {
  await raiseWorkspaceEvent(db, workspaceId, "post.status", {
    postId: e.postId,
    ...(e.publicationId ? { publicationId: e.publicationId } : {}),
    ...(e.channelId ? { channelId: e.channelId } : {}),
    status: e.status,
    ...(e.dueAt ? { dueAt: e.dueAt.toISOString() } : {}),
    ...(e.reason ? { reason: e.reason } : {}),
  });
}

export type Schedule = { kind: "once"; publishAt: Date; timeZone: string } | { kind: "series"; series: Series };

export interface NewPost {
  workspaceId: string;
  createdBy: string | null;
  channelIds: string[];
  content: PostContent;
  schedule: Schedule;
}

/**
 * Creates a post (or series), its channels, and its first occurrence with one job per channel; a `BillingError` when
 * that occurrence's month has no room left for its publications (the series' later ones: `advanceSeries`).
 */
export async function createPost(db: Db, p: NewPost, now: Date): Promise<{ id: string; firstDueAt: Date | null }> {
  return inTransaction(db, async (trx) => {
    const s = p.schedule;
    const post = await trx
      .insertInto("scheduled_posts")
      .values({
        workspace_id: p.workspaceId,
        content: JSON.stringify(p.content),
        publish_at: s.kind === "once" ? s.publishAt : null,
        rrule: s.kind === "series" ? s.series.rrule : null,
        dtstart_local: s.kind === "series" ? s.series.dtstartLocal : null,
        exdates: s.kind === "series" ? (s.series.exdatesLocal ?? []) : [],
        time_zone: s.kind === "once" ? s.timeZone : s.series.timeZone,
        created_by: p.createdBy,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await trx
      .insertInto("post_channels")
      .values(p.channelIds.map((channel_id) => ({ post_id: post.id, channel_id, workspace_id: p.workspaceId })))
      .execute();
    const firstDueAt = await scheduleFirst(trx, post.id, p.workspaceId, p.channelIds, s, now);
    await raisePostStatus(trx, p.workspaceId, { postId: post.id, status: firstDueAt ? "queued" : "completed", dueAt: firstDueAt ?? undefined });
    return { id: post.id, firstDueAt };
  });
}

async function scheduleFirst(trx: ScopedDb, postId: string, workspaceId: string, channelIds: string[], s: Schedule, now: Date): Promise<Date | null> {
  if (s.kind === "once") {
    await materializeAllowed(trx, { postId, workspaceId, channelIds, dueAt: s.publishAt }, [], now);
    return s.publishAt;
  }
  const first = nextOccurrence(s.series, new Date(now.getTime() - 1000));
  if (!first) {
    await trx.updateTable("scheduled_posts").set({ status: "completed", next_occurrence_at: null }).where("id", "=", postId).execute();
    return null;
  }
  await materializeAllowed(trx, { postId, workspaceId, channelIds, dueAt: first, content: contentAt(s.series, first) }, [], now);
  await trx.updateTable("scheduled_posts").set({ next_occurrence_at: nextOccurrence(s.series, first) }).where("id", "=", postId).execute();
  return first;
}

/** One occurrence of a post on its channels (a one-off post has one). */
type Occurrence = { postId: string; workspaceId: string; channelIds: string[]; dueAt: Date; content?: PostContent | null };

/** One publication per channel for an occurrence, each with its job at the occurrence's instant (idempotent). */
export async function materialize(db: Db, o: Occurrence): Promise<string[]> {
  if (!o.channelIds.length) return [];
  const content_override = o.content ? JSON.stringify(o.content) : null;
  const rows = await db
    .insertInto("post_publications")
    .values(o.channelIds.map((channel_id) => ({ workspace_id: o.workspaceId, post_id: o.postId, channel_id, due_at: o.dueAt, content_override })))
    .onConflict((oc) => oc.columns(["post_id", "channel_id", "due_at"]).doNothing())
    .returning("id")
    .execute();
  for (const r of rows) await enqueuePublication(db, { publicationId: r.id, workspaceId: o.workspaceId }, o.dueAt);
  return rows.map((r) => r.id);
}

/**
 * An occurrence a person adds (creating or editing a post), once the plan's monthly post limit allows it in the
 * month of its own date: over it, a `BillingError` (the caller's transaction rolls back, nothing changes). Counted
 * after the publications the edit `replaced` were deleted; an edit that puts back exactly what it replaced (same
 * channel, same time: a change of content) adds nothing and is not checked, so a workspace over a lowered limit
 * can still correct what it scheduled.
 */
async function materializeAllowed(trx: ScopedDb, o: Occurrence, replaced: { channel_id: string; due_at: Date }[], now: Date): Promise<void> {
  const replacedKeys = new Set(replaced.map((p) => `${p.channel_id}@${p.due_at.getTime()}`));
  const adds = o.channelIds.some((c) => !replacedKeys.has(`${c}@${o.dueAt.getTime()}`));
  if (adds) await assertAllowed(trx, o.workspaceId, "posts", o.channelIds.length, { now: () => now }, o.dueAt);
  await materialize(trx, o);
}

/** The error class of an occurrence the plan refused: its publications never count as posts of the month. */
export const PLAN_LIMIT_ERROR = "billing_limit_reached";

/**
 * The plan's monthly post limit for a series' later occurrence, counted in the month of its own date, in the
 * transaction that adds it (the gate locks the workspace's posts until it ends). The refusal, or null when allowed.
 */
async function planRefusal(trx: ScopedDb, workspaceId: string, publications: number, dueAt: Date, now: Date): Promise<BillingError | null> {
  try {
    await assertAllowed(trx, workspaceId, "posts", publications, { now: () => now }, dueAt);
    return null;
  } catch (err) {
    if (err instanceof BillingError) return err;
    throw err;
  }
}

/** An occurrence the plan refused: its publications stored failed (no job), with the reason in words. */
async function materializeRefused(db: Db, o: Occurrence, refusal: BillingError, now: Date): Promise<void> {
  if (!o.channelIds.length) return;
  const { limit, plan, upgradeTo } = refusal.params;
  const reason = `Not published: the ${plan} plan allows ${limit} posts a month and this month's are used. ${upgradeTo ? `Move to ${upgradeTo} to lift it.` : "Contact us to lift it."}`;
  await db
    .insertInto("post_publications")
    .values(
      o.channelIds.map((channel_id) => ({
        workspace_id: o.workspaceId,
        post_id: o.postId,
        channel_id,
        due_at: o.dueAt,
        content_override: o.content ? JSON.stringify(o.content) : null,
        status: "failed",
        failed_at: now,
        error_class: PLAN_LIMIT_ERROR,
        error_message: reason,
        status_reason: reason,
      })),
    )
    .onConflict((oc) => oc.columns(["post_id", "channel_id", "due_at"]).doNothing())
    .execute();
}

/** The content one changed occurrence says instead of the post's, or null. */
export function contentAt(series: Series, dueAt: Date): PostContent | null {
  const o = (series.overrides ?? []).find((x) => x.content && localToInstant(x.at, series.timeZone).getTime() === dueAt.getTime());
  return o?.content ?? null;
}

interface SeriesRow {
  id: string;
  workspace_id: string;
  rrule: string | null;
  dtstart_local: string | null;
  exdates: string[];
  occurrence_overrides: OccurrenceOverride[];
  time_zone: string;
  status: string;
  next_occurrence_at: Date | null;
}

/** A post row with its local times as text (pg would read `timestamp` in the process's zone). */
export async function lockPost(trx: ScopedDb, postId: string): Promise<SeriesRow | undefined> {
  const { rows } = await sql<SeriesRow>`
    select id, workspace_id, rrule, to_char(dtstart_local, 'YYYY-MM-DD"T"HH24:MI:SS') as dtstart_local,
      coalesce(array(select to_char(x, 'YYYY-MM-DD"T"HH24:MI:SS') from unnest(exdates) x), '{}') as exdates,
      occurrence_overrides, time_zone, status, next_occurrence_at
    from scheduled_posts where id = ${postId} for update`.execute(trx);
  return rows[0];
}

export function seriesOf(row: Pick<SeriesRow, "rrule" | "dtstart_local" | "exdates" | "time_zone"> & { occurrence_overrides?: OccurrenceOverride[] }): Series | null {
  if (!row.rrule || !row.dtstart_local) return null;
  return { rrule: row.rrule, dtstartLocal: row.dtstart_local, timeZone: row.time_zone, exdatesLocal: row.exdates, overrides: row.occurrence_overrides ?? [] };
}

async function channelIdsOf(db: Db, postId: string): Promise<string[]> {
  const rows = await db.selectFrom("post_channels").select("channel_id").where("post_id", "=", postId).execute();
  return rows.map((r) => r.channel_id);
}

/**
 * Materializes a series' next occurrence once the current one is taken (`takenDueAt`), or, from the repair sweep,
 * when a series has no pending occurrence at all. Locks the post row, so concurrent callers materialize once.
 */
export async function advanceSeries(db: Db, postId: string, now: Date, takenDueAt: Date | null): Promise<Date | null> {
  return inTransaction(db, async (trx) => {
    const post = await lockPost(trx, postId);
    const series = post && seriesOf(post);
    if (!post || !series || post.status !== "active") return null;
    let q = trx.selectFrom("post_publications").select("id").where("post_id", "=", postId);
    q = takenDueAt
      ? q.where("due_at", ">", takenDueAt)
      : // An occurrence refused by the plan waits for its own time before the series moves on (one refusal at a time).
        q.where((eb) => eb.or([eb("status", "in", ACTIVE_STATUSES), eb.and([eb("error_class", "=", PLAN_LIMIT_ERROR), eb("due_at", ">", now)])]));
    if (await q.executeTakeFirst()) return null;
    let due = post.next_occurrence_at;
    try {
      // Far behind (downtime): skip to the next occurrence from now rather than publishing a backlog.
      if (due && due.getTime() < now.getTime() - SERIES_CATCH_UP_MS) due = nextOccurrence(series, new Date(now.getTime() - 60_000));
      if (due) {
        const channelIds = await channelIdsOf(trx, postId);
        const refusal = await planRefusal(trx, post.workspace_id, channelIds.length, due, now);
        const occurrence = { postId, workspaceId: post.workspace_id, channelIds, dueAt: due, content: contentAt(series, due) };
        if (refusal) await materializeRefused(trx, occurrence, refusal, now);
        else await materialize(trx, occurrence);
        await trx.updateTable("scheduled_posts").set({ next_occurrence_at: nextOccurrence(series, due) }).where("id", "=", postId).execute();
        await raisePostStatus(trx, post.workspace_id, { postId, status: refusal ? "failed" : "queued", dueAt: due, reason: refusal?.message });
        return due;
      }
    } catch (err) {
      // A rule saved before rules were checked, that cannot be computed within bounds: the series ends here.
      if (!(err instanceof RecurrenceError)) throw err;
    }
    await trx.updateTable("scheduled_posts").set({ next_occurrence_at: null }).where("id", "=", postId).execute();
    await completeIfOver(trx, postId);
    return null;
  });
}

/**
 * A post is completed once nothing more will go out: a one-off post whose publications all finished, a series whose
 * rule is exhausted (COUNT or UNTIL reached: no next occurrence) once its last occurrence finished.
 */
export async function completeIfOver(db: Db, postId: string): Promise<void> {
  await sql`update scheduled_posts s set status = 'completed'
    where s.id = ${postId} and s.status = 'active' and (s.rrule is null or s.next_occurrence_at is null)
      and not exists (select 1 from post_publications p where p.post_id = s.id and p.status in ('queued', 'waiting_quota', 'publishing'))`.execute(db);
}

export class PostStateError extends Error {}

/** Why a publication cancelled by a person did not go out (its status_reason). */
export const CANCELLED_REASON = reasonText("cancelled");

/**
 * Cancels what has not started, and asks what is going out (`publishing`) to stop at its next step boundary: a
 * WhatsApp broadcast after the batch of recipients in hand, an Instagram post before `media_publish`. `stopping`
 * counts those; their status turns `cancelled` when the worker stops them (a step already done stays done).
 */
export async function cancelPost(db: Db, postId: string, now: Date, publicationId?: string): Promise<{ cancelled: number; stopping: number }> {
  return inTransaction(db, async (trx) => {
    const post = await lockPost(trx, postId);
    if (!post) throw new PostStateError("not_found");
    // Asked to stop rather than cancelled: what is going out (the worker stops at its next step), and an Instagram
    // retry whose `media_publish` may have gone through with its answer lost (the worker asks the container now, so
    // it ends `published` if it was, `cancelled` if not).
    let stop = trx
      .updateTable("post_publications")
      .set({ stop_requested_at: now, next_attempt_at: sql`case when status = 'publishing' then next_attempt_at else ${now}::timestamptz end` })
      .where("post_id", "=", postId)
      .where("stop_requested_at", "is", null)
      .where((eb) =>
        eb.or([
          eb("status", "=", "publishing"),
          eb.and([eb("status", "in", PENDING_STATUSES), sql<boolean>`progress->>'platform' = 'instagram' and progress->>'step' in ('container_finished', 'published')`]),
        ]),
      );
    if (publicationId) stop = stop.where("id", "=", publicationId);
    const stopping = await stop.returning(["id", "status", "channel_id", "due_at"]).execute();
    for (const c of stopping) {
      if (c.status !== "publishing") await enqueuePublication(trx, { publicationId: c.id, workspaceId: post.workspace_id }, now);
      await raisePostStatus(trx, post.workspace_id, { postId, publicationId: c.id, channelId: c.channel_id, status: "stopping", dueAt: c.due_at });
    }
    let q = trx
      .updateTable("post_publications")
      .set({ status: "cancelled", cancelled_at: now, ...statusReasonColumns(CANCELLED_REASON, publicationReason("cancelled")), next_attempt_at: null })
      .where("post_id", "=", postId)
      .where("status", "in", PENDING_STATUSES)
      .where("stop_requested_at", "is", null);
    if (publicationId) q = q.where("id", "=", publicationId);
    const cancelled = await q.returning(["id", "channel_id", "due_at"]).execute();
    for (const c of cancelled) {
      await removePublicationJob(trx, c.id);
      await raisePostStatus(trx, post.workspace_id, { postId, publicationId: c.id, channelId: c.channel_id, status: "cancelled", dueAt: c.due_at });
    }
    if (!publicationId) {
      await trx.updateTable("scheduled_posts").set({ status: "cancelled", next_occurrence_at: null }).where("id", "=", postId).execute();
    }
    if (!publicationId || cancelled.length) await raisePostStatus(trx, post.workspace_id, { postId, status: publicationId ? "updated" : "cancelled" });
    return { cancelled: cancelled.length, stopping: stopping.length };
  });
}

export interface PostUpdate {
  channelIds: string[];
  content: PostContent;
  schedule: Schedule;
}

/**
 * Edits a post while it is queued. A one-off post: only before any attempt. A series: the occurrences not yet
 * started are replaced (jobs removed in this transaction, so the old version cannot go out); what already went
 * out stays as it was. What the edit adds (a channel, a date in another month) passes the plan's monthly post limit
 * in its own month or the edit is refused with a `BillingError`; skip, move and edit of one occurrence come here too.
 */
export async function updatePost(db: Db, postId: string, u: PostUpdate, now: Date): Promise<{ nextDueAt: Date | null }> {
  return inTransaction(db, async (trx) => {
    const post = await lockPost(trx, postId);
    if (!post) throw new PostStateError("not_found");
    if (post.status === "cancelled") throw new PostStateError("This post was cancelled");
    const pubs = await trx.selectFrom("post_publications").select(["id", "channel_id", "status", "attempts", "progress", "due_at"]).where("post_id", "=", postId).forUpdate().execute();
    // Started = something reached the platform (a container, a recipient): its saved progress says so. Not
    // `attempts`: a quota wait is an attempt that sent nothing, and replacing saved progress would send it twice.
    const started = (p: { progress: unknown }) => !["start", undefined].includes((p.progress as { step?: string } | null)?.step);
    const wasSeries = post.rrule !== null;
    if (!wasSeries || u.schedule.kind === "once") {
      if (pubs.some((p) => p.status !== "queued" && p.status !== "cancelled") || pubs.some(started)) {
        throw new PostStateError(wasSeries ? "Occurrences of this series already went out: edit the series instead" : "This post has already started going out: it can no longer be edited");
      }
    }
    const replaceable = pubs.filter((p) => (p.status === "queued" || p.status === "waiting_quota") && !started(p));
    for (const p of replaceable) await removePublicationJob(trx, p.id);
    if (replaceable.length) await trx.deleteFrom("post_publications").where("id", "in", replaceable.map((p) => p.id)).execute();
    const s = u.schedule.kind === "series" && !u.schedule.series.overrides ? { ...u.schedule, series: { ...u.schedule.series, overrides: keptOverrides(post, u.schedule.series) } } : u.schedule;
    await trx
      .updateTable("scheduled_posts")
      .set({
        content: JSON.stringify(u.content),
        publish_at: s.kind === "once" ? s.publishAt : null,
        rrule: s.kind === "series" ? s.series.rrule : null,
        dtstart_local: s.kind === "series" ? s.series.dtstartLocal : null,
        exdates: s.kind === "series" ? (s.series.exdatesLocal ?? []) : [],
        occurrence_overrides: JSON.stringify(s.kind === "series" ? (s.series.overrides ?? keptOverrides(post, s.series)) : []),
        time_zone: s.kind === "once" ? s.timeZone : s.series.timeZone,
        status: "active",
        next_occurrence_at: null,
      })
      .where("id", "=", postId)
      .execute();
    await trx.deleteFrom("post_channels").where("post_id", "=", postId).execute();
    await trx.insertInto("post_channels").values(u.channelIds.map((channel_id) => ({ post_id: postId, channel_id, workspace_id: post.workspace_id }))).execute();
    let nextDueAt: Date | null;
    if (s.kind === "once") {
      await materializeAllowed(trx, { postId, workspaceId: post.workspace_id, channelIds: u.channelIds, dueAt: s.publishAt }, replaceable, now);
      nextDueAt = s.publishAt;
    } else {
      // Future occurrences only: after now and after any occurrence that already started.
      const kept = pubs.filter((p) => !replaceable.includes(p)).map((p) => p.due_at.getTime());
      const after = new Date(Math.max(now.getTime() - 1000, ...kept));
      nextDueAt = nextOccurrence(s.series, after);
      if (nextDueAt) {
        await materializeAllowed(trx, { postId, workspaceId: post.workspace_id, channelIds: u.channelIds, dueAt: nextDueAt, content: contentAt(s.series, nextDueAt) }, replaceable, now);
        await trx.updateTable("scheduled_posts").set({ next_occurrence_at: nextOccurrence(s.series, nextDueAt) }).where("id", "=", postId).execute();
      } else {
        await trx.updateTable("scheduled_posts").set({ status: "completed" }).where("id", "=", postId).execute();
      }
    }
    await raisePostStatus(trx, post.workspace_id, { postId, status: "updated", dueAt: nextDueAt ?? undefined });
    return { nextDueAt };
  });
}

/** A series edited as a whole keeps its moved occurrences while its rule, start and zone stay the same. */
function keptOverrides(post: SeriesRow, next: Series): OccurrenceOverride[] {
  const same = post.rrule === next.rrule && post.dtstart_local?.slice(0, 16) === next.dtstartLocal.slice(0, 16) && post.time_zone === next.timeZone;
  return same ? post.occurrence_overrides : [];
}

/** A post's content and channels as stored, to re-plan its occurrences without changing what it says. */
async function storedPost(trx: ScopedDb, postId: string): Promise<{ content: PostContent; channelIds: string[] }> {
  const row = await trx.selectFrom("scheduled_posts").select("content").where("id", "=", postId).executeTakeFirstOrThrow();
  return { content: row.content as PostContent, channelIds: await channelIdsOf(trx, postId) };
}

/** Why a change of one occurrence is refused: a code the API maps and the SPA renders in the reader's language. */
export type OccurrenceErrorCode = "not_found" | "not_series" | "not_an_occurrence" | "already_started" | "in_the_past" | "inactive";
export class OccurrenceError extends Error {
  constructor(readonly code: OccurrenceErrorCode) {
    super(code);
    this.name = "OccurrenceError";
  }
}

/** The occurrence at `instant` (a rule's or a moved one) and the overrides without it: what skip and move start from. */
function findOccurrence(series: Series, instant: Date): { original: string; overrides: OccurrenceOverride[] } | null {
  const overrides = series.overrides ?? [];
  const local = instantToLocal(instant, series.timeZone);
  const moved = overrides.find((o) => localToInstant(o.at, series.timeZone).getTime() === instant.getTime());
  if (moved) return { original: moved.occurrence, overrides: overrides.filter((o) => o !== moved) };
  const taken = new Set(overrides.map((o) => o.occurrence.slice(0, 16)));
  if (taken.has(local.slice(0, 16)) || !isRuleOccurrence(series, instant)) return null;
  return { original: local, overrides };
}

/** Refuses to re-plan an occurrence that started going out or is past. */
async function assertNotStarted(trx: ScopedDb, postId: string, dueAt: Date, now: Date): Promise<void> {
  if (dueAt.getTime() <= now.getTime()) throw new OccurrenceError("in_the_past");
  const pubs = await trx.selectFrom("post_publications").select(["status", "progress"]).where("post_id", "=", postId).where("due_at", "=", dueAt).execute();
  const started = pubs.some((p) => !["queued", "cancelled"].includes(p.status) || !["start", undefined].includes((p.progress as { step?: string } | null)?.step));
  if (started) throw new OccurrenceError("already_started");
}

/**
 * Skips one occurrence of a series (an EXDATE in the post's zone); a moved occurrence is skipped where it was moved
 * from. The other occurrences are re-planned as an edit of the series would (nothing that went out changes).
 */
export async function skipOccurrence(db: Db, postId: string, occurrence: Date, now: Date): Promise<{ nextDueAt: Date | null; skipped: string }> {
  return inTransaction(db, async (trx) => {
    const post = await lockPost(trx, postId);
    if (!post) throw new OccurrenceError("not_found");
    const series = seriesOf(post);
    if (!series) throw new OccurrenceError("not_series");
    if (post.status !== "active") throw new OccurrenceError("inactive");
    const found = findOccurrence(series, occurrence);
    if (!found) throw new OccurrenceError("not_an_occurrence");
    await assertNotStarted(trx, postId, occurrence, now);
    const next: Series = { ...series, exdatesLocal: [...new Set([...(series.exdatesLocal ?? []), found.original])].sort(), overrides: found.overrides };
    const { nextDueAt } = await updatePost(trx, postId, { ...(await storedPost(trx, postId)), schedule: { kind: "series", series: next } }, now);
    return { nextDueAt, skipped: found.original };
  });
}

/**
 * Moves one publication time: a one-off post to `at`, or one occurrence of a series (an override for that date; the
 * rest of the series keeps its times). `at` is an instant; the override is stored as wall time in the post's zone.
 */
export async function rescheduleOccurrence(db: Db, postId: string, occurrence: Date, at: Date, now: Date): Promise<{ nextDueAt: Date | null }> {
  return inTransaction(db, async (trx) => {
    const post = await lockPost(trx, postId);
    if (!post) throw new OccurrenceError("not_found");
    if (post.status !== "active") throw new OccurrenceError("inactive");
    if (at.getTime() <= now.getTime()) throw new OccurrenceError("in_the_past");
    await assertNotStarted(trx, postId, occurrence, now);
    const stored = await storedPost(trx, postId);
    const series = seriesOf(post);
    if (!series) return updatePost(trx, postId, { ...stored, schedule: { kind: "once", publishAt: at, timeZone: post.time_zone } }, now);
    const found = findOccurrence(series, occurrence);
    if (!found) throw new OccurrenceError("not_an_occurrence");
    const previous = (series.overrides ?? []).find((o) => o.occurrence === found.original);
    const override: OccurrenceOverride = { occurrence: found.original, at: instantToLocal(at, series.timeZone), ...(previous?.content ? { content: previous.content } : {}) };
    // Moved back onto its own time with nothing else changed: no override needed.
    const overrides = override.at === found.original && !override.content ? found.overrides : [...found.overrides, override];
    return updatePost(trx, postId, { ...stored, schedule: { kind: "series", series: { ...series, overrides } } }, now);
  });
}

/**
 * Changes what one occurrence says (content already checked by the caller): a series keeps an override for that date
 * (its time unchanged, or where it was moved); a one-off post is simply edited.
 */
export async function editOccurrence(db: Db, postId: string, occurrence: Date, content: PostContent, now: Date): Promise<{ nextDueAt: Date | null }> {
  return inTransaction(db, async (trx) => {
    const post = await lockPost(trx, postId);
    if (!post) throw new OccurrenceError("not_found");
    if (post.status !== "active") throw new OccurrenceError("inactive");
    await assertNotStarted(trx, postId, occurrence, now);
    const stored = await storedPost(trx, postId);
    const series = seriesOf(post);
    if (!series) return updatePost(trx, postId, { ...stored, content, schedule: { kind: "once", publishAt: occurrence, timeZone: post.time_zone } }, now);
    const found = findOccurrence(series, occurrence);
    if (!found) throw new OccurrenceError("not_an_occurrence");
    const override: OccurrenceOverride = { occurrence: found.original, at: instantToLocal(occurrence, series.timeZone), content };
    return updatePost(trx, postId, { ...stored, schedule: { kind: "series", series: { ...series, overrides: [...found.overrides, override] } } }, now);
  });
}

/**
 * Puts failed publications of a post back in the queue, now; they resume from their saved progress. Attempts go on
 * from their last number (runs read 1, 2, 3, 4…); the retry policy starts a fresh count (`failures`).
 */
export async function retryPost(db: Db, postId: string, now: Date, publicationId?: string): Promise<{ retried: number }> {
  return inTransaction(db, async (trx) => {
    const post = await lockPost(trx, postId);
    if (!post) throw new PostStateError("not_found");
    // An occurrence the plan refused goes back only if its month has room now (the gate counts it from then on).
    let refusedQ = trx.selectFrom("post_publications").select(["id", "due_at"]).where("post_id", "=", postId).where("status", "=", "failed").where("error_class", "=", PLAN_LIMIT_ERROR);
    if (publicationId) refusedQ = refusedQ.where("id", "=", publicationId);
    const stillRefused: string[] = [];
    for (const r of await refusedQ.execute()) if (await planRefusal(trx, post.workspace_id, 1, r.due_at, now)) stillRefused.push(r.id);
    let q = trx
      .updateTable("post_publications")
      .set({
        status: "queued",
        failures: 0,
        next_attempt_at: now,
        failed_at: null,
        queued_at: now,
        ...statusReasonColumns(null, null),
        error_class: sql<string | null>`nullif(error_class, ${PLAN_LIMIT_ERROR})`,
        error_message: sql<string | null>`case when error_class = ${PLAN_LIMIT_ERROR} then null else error_message end`,
      })
      .where("post_id", "=", postId)
      .where("status", "=", "failed");
    if (publicationId) q = q.where("id", "=", publicationId);
    if (stillRefused.length) q = q.where("id", "not in", stillRefused);
    const rows = await q.returning(["id", "channel_id", "due_at"]).execute();
    for (const r of rows) {
      await enqueuePublication(trx, { publicationId: r.id, workspaceId: post.workspace_id }, now);
      await raisePostStatus(trx, post.workspace_id, { postId, publicationId: r.id, channelId: r.channel_id, status: "queued", dueAt: r.due_at });
    }
    return { retried: rows.length };
  });
}

/**
 * The repair sweep (every minute): re-adds the job of any pending publication due within `horizonMs` that has
 * none (after a restore, a lost job…), and re-materializes series left without a pending occurrence. A job that
 * exists, even running, is never touched (`unsafe_dedupe`), so the sweep cannot duplicate anything.
 */
export async function enqueueDuePosts(
  db: Database,
  now: Date,
  horizonMs = 60_000,
): Promise<{ requeued: number; seriesAdvanced: number; postsCompleted: number; lookupsRequeued: number }> {
  const { rows } = await sql<{ id: string; workspace_id: string; run_at: Date }>`
    select p.id, p.workspace_id, coalesce(p.next_attempt_at, p.due_at) as run_at
    from post_publications p
    where p.status in ('queued', 'waiting_quota', 'publishing')
      and coalesce(p.next_attempt_at, p.due_at) <= ${new Date(now.getTime() + horizonMs)}
      and not ${jobWithKeyExists(sql`'publication:' || p.id::text`)}
    order by 3
    limit 10000`.execute(db);
  for (const r of rows) {
    await enqueuePublication(db, { publicationId: r.id, workspaceId: r.workspace_id }, r.run_at, "unsafe_dedupe");
  }
  // Live posts whose media id is still to be looked up, and whose lookup job is missing.
  const lookups = await sql<{ id: string; workspace_id: string; media_lookup_at: Date }>`
    select p.id, p.workspace_id, p.media_lookup_at
    from post_publications p
    where p.media_lookup_at <= ${new Date(now.getTime() + horizonMs)}
      and not ${jobWithKeyExists(sql`'media-lookup:' || p.id::text`)}
    order by 3
    limit 1000`.execute(db);
  for (const r of lookups.rows) {
    await enqueueMediaLookup(db, { publicationId: r.id, workspaceId: r.workspace_id }, r.media_lookup_at, "unsafe_dedupe");
  }
  const series = await db
    .selectFrom("scheduled_posts as s")
    .select("s.id")
    .where("s.status", "=", "active")
    .where("s.rrule", "is not", null)
    .where("s.next_occurrence_at", "is not", null)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom("post_publications as p")
            .select("p.id")
            .whereRef("p.post_id", "=", "s.id")
            .where((eb) => eb.or([eb("p.status", "in", ACTIVE_STATUSES), eb.and([eb("p.error_class", "=", PLAN_LIMIT_ERROR), eb("p.due_at", ">", now)])])),
        ),
      ),
    )
    .limit(1000)
    .execute();
  let seriesAdvanced = 0;
  for (const s of series) if (await advanceSeries(db, s.id, now, null)) seriesAdvanced++;
  // Posts left active although nothing more will go out: two channels finishing at the same instant each saw the
  // other still publishing, or a series whose rule ended before this rule existed.
  const completed = await sql`update scheduled_posts s set status = 'completed'
    where s.status = 'active' and (s.rrule is null or s.next_occurrence_at is null)
      and exists (select 1 from post_publications p where p.post_id = s.id)
      and not exists (select 1 from post_publications p where p.post_id = s.id and p.status in ('queued', 'waiting_quota', 'publishing'))`.execute(db);
  return { requeued: rows.length, seriesAdvanced, postsCompleted: Number(completed.numAffectedRows ?? 0), lookupsRequeued: lookups.rows.length };
}
