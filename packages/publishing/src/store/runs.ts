/**
 * The SQL of a publication run (runner: ../publish-run.ts): claiming a publication for a worker (its `post_runs` row,
 * the series' next occurrence), saving each step's progress, and each way a run ends — published, failed, retried
 * later, waiting for quota, waiting between steps, stopped on request. Each ending is one transaction with its live event.
 */
import type { PublishProgress, PublishStepResult } from "@sillage/connectors";
import { sql, type Database } from "@sillage/db";
import type { Clock } from "@sillage/time";
import { deliveryReasonOf } from "../outcomes";
import { publicationReason, reasonText, statusReasonColumns, type PublicationReason } from "../reasons";
import { scheduleMediaLookup } from "./media-lookups";
import { advanceSeries, completeIfOver, enqueuePublication, inTransaction, raisePostStatus, SERIES_CATCH_UP_MS, type Db } from "./posts";

/** Who runs the publication: the database, the clock, and the worker pool holding the lease. */
export interface RunDeps {
  db: Database;
  clock: Clock;
  /** The graphile-worker pool running this job (the lease holder). */
  workerId: string;
  options?: { mediaLookupDelaysMs?: number[] };
}

export type RunOutcome = "published" | "failed" | "retrying" | "waiting_quota" | "waiting" | "skipped" | "busy" | "early" | "stopped";

export interface Claimed {
  id: string;
  workspace_id: string;
  post_id: string;
  channel_id: string;
  due_at: Date;
  /** This run's number: every run is an attempt, numbered per publication (never reset). */
  attempts: number;
  /** Attempts that failed since a person last queued it (the retry policy's count). */
  failures: number;
  progress: unknown;
  content: unknown;
  runId: string;
  /** Cancel asked this publication, already going out, to stop at its next step boundary. */
  stopRequested: boolean;
  /** It was waiting between two steps (deferred, unleased): the last step finished and was saved. */
  resumedFromWait: boolean;
}

/** Takes the publication for this worker, or says why not. */
export async function claimPublication(deps: RunDeps, publicationId: string): Promise<Claimed | RunOutcome> {
  const now = deps.clock.now();
  let takenDueAt: Date | null = null;
  let seriesPostId: string | null = null;
  const due = await claimDuePublication(deps, publicationId, now);
  if (due) {
    // The next occurrence of a series is materialized when this one is taken (never all in advance).
    if (due.rrule && due.firstTake) await advanceSeries(deps.db, due.post_id, now, due.due_at);
    return due;
  }
  const result = await deps.db.transaction().execute(async (trx): Promise<Claimed | RunOutcome> => {
    const pub = await trx
      .selectFrom("post_publications as p")
      .innerJoin("scheduled_posts as s", "s.id", "p.post_id")
      .select([
        "p.id",
        "p.workspace_id",
        "p.post_id",
        "p.channel_id",
        "p.due_at",
        "p.status",
        "p.attempts",
        "p.failures",
        "p.progress",
        "p.next_attempt_at",
        "p.lease_holder",
        "p.stop_requested_at",
        "p.publishing_at",
        sql<unknown>`coalesce(p.content_override, s.content)`.as("content"),
        "s.rrule",
      ])
      .where("p.id", "=", publicationId)
      .forUpdate("p")
      .executeTakeFirst();
    if (!pub || !["queued", "waiting_quota", "publishing"].includes(pub.status)) return "skipped";
    const runAt = pub.next_attempt_at ?? pub.due_at;
    // A job that fires before its time (clock skew, a moved post whose old job slipped through) comes back later.
    if (runAt.getTime() > now.getTime() + 1000) {
      await enqueuePublication(trx, { publicationId, workspaceId: pub.workspace_id }, runAt);
      return "early";
    }
    // A series occurrence missed by far (the service was down) is skipped, not published hours late; the series
    // goes on from now.
    if (pub.rrule && pub.publishing_at === null && pub.status === "queued" && pub.due_at.getTime() < now.getTime() - SERIES_CATCH_UP_MS) {
      const minutes = SERIES_CATCH_UP_MS / 60_000;
      const reason = reasonText("skipped_late", { minutes });
      await trx
        .updateTable("post_publications")
        .set({ status: "cancelled", cancelled_at: now, ...statusReasonColumns(reason, publicationReason("skipped_late", { minutes })), next_attempt_at: null })
        .where("id", "=", publicationId)
        .execute();
      await raisePostStatus(trx, pub.workspace_id, { postId: pub.post_id, publicationId, channelId: pub.channel_id, status: "cancelled", dueAt: pub.due_at, reason });
      takenDueAt = pub.due_at;
      seriesPostId = pub.post_id;
      return "skipped";
    }
    if (pub.lease_holder && pub.lease_holder !== deps.workerId) {
      const { rows } = await sql<{ alive: boolean }>`select exists (select 1 from worker_heartbeats where worker_id = ${pub.lease_holder}) as alive`.execute(trx);
      if (rows[0]?.alive) {
        await enqueuePublication(trx, { publicationId, workspaceId: pub.workspace_id }, new Date(now.getTime() + 5000));
        return "busy";
      }
    }
    let runId: string;
    let attempts = pub.attempts;
    const open =
      pub.status === "publishing"
        ? await trx.selectFrom("post_runs").select(["id", "attempt"]).where("publication_id", "=", publicationId).where("status", "=", "running").orderBy("attempt", "desc").executeTakeFirst()
        : undefined;
    if (pub.status === "publishing" && open) {
      // Resuming the same attempt (a wait between steps, or a worker that died): it does not count again.
      runId = open.id;
      await trx.updateTable("post_publications").set({ lease_holder: deps.workerId, next_attempt_at: null }).where("id", "=", publicationId).execute();
    } else {
      attempts = pub.attempts + 1;
      if (pub.rrule && pub.publishing_at === null) {
        takenDueAt = pub.due_at;
        seriesPostId = pub.post_id;
      }
      const step = (pub.progress as { step?: string } | null)?.step ?? "start";
      const event = JSON.stringify({ postId: pub.post_id, publicationId, channelId: pub.channel_id, status: "publishing", dueAt: pub.due_at.toISOString() });
      // One statement: the transition, its post_runs row and the live event.
      const { rows } = await sql<{ id: string }>`with pub as (
          update post_publications set status = 'publishing', attempts = ${attempts}, publishing_at = ${now}, lease_holder = ${deps.workerId},
            next_attempt_at = null, status_reason = null, status_reason_code = null, status_reason_params = null
          where id = ${publicationId}),
        ev as (insert into workspace_events (workspace_id, type, payload) values (${pub.workspace_id}, 'post.status', ${event}::jsonb))
        insert into post_runs (workspace_id, publication_id, attempt, started_at, status, step)
        values (${pub.workspace_id}, ${publicationId}, ${attempts}, ${now}, 'running', ${step}) returning id`.execute(trx);
      runId = rows[0]!.id;
    }
    const resumedFromWait = pub.status === "publishing" && Boolean(open) && pub.lease_holder === null && pub.next_attempt_at !== null;
    return { ...pub, attempts, runId, stopRequested: pub.stop_requested_at !== null, resumedFromWait };
  });
  // The next occurrence of a series is materialized when this one is taken (never all in advance).
  if (seriesPostId && takenDueAt) await advanceSeries(deps.db, seriesPostId, now, takenDueAt);
  return result;
}

/**
 * The common case in one statement (the hot path of every post): a queued publication, due, held by nobody, becomes
 * `publishing` with its run row and live event. Anything else (early, resumed, leased, gone) returns undefined and
 * goes through the full claim. `for update` re-checks the row if another claim committed first, so two workers can
 * never both take it.
 */
async function claimDuePublication(deps: RunDeps, publicationId: string, now: Date): Promise<(Claimed & { rrule: string | null; firstTake: boolean }) | undefined> {
  type Row = Omit<Claimed, "stopRequested" | "resumedFromWait"> & { rrule: string | null; firstTake: boolean; stop_requested: boolean };
  const { rows } = await sql<Row>`with target as (
      select p.id, p.workspace_id, p.post_id, p.channel_id, p.due_at, p.attempts + 1 as attempts, p.failures, p.progress, p.stop_requested_at,
        p.publishing_at is null as first_take,
        coalesce(p.progress ->> 'step', 'start') as step, coalesce(p.content_override, s.content) as content, s.rrule
      from post_publications p join scheduled_posts s on s.id = p.post_id
      where p.id = ${publicationId} and p.status in ('queued', 'waiting_quota') and p.lease_holder is null
        and coalesce(p.next_attempt_at, p.due_at) <= ${new Date(now.getTime() + 1000)}
        and (s.rrule is null or p.publishing_at is not null or p.due_at >= ${new Date(now.getTime() - SERIES_CATCH_UP_MS)})
      for update of p),
    pub as (
      update post_publications p set status = 'publishing', attempts = t.attempts, publishing_at = ${now}, lease_holder = ${deps.workerId},
        next_attempt_at = null, status_reason = null, status_reason_code = null, status_reason_params = null
      from target t where p.id = t.id
      returning t.*),
    ev as (
      insert into workspace_events (workspace_id, type, payload)
      select workspace_id, 'post.status', jsonb_build_object('postId', post_id, 'publicationId', id, 'channelId', channel_id, 'status', 'publishing',
        'dueAt', to_char(due_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))
      from pub),
    run as (
      insert into post_runs (workspace_id, publication_id, attempt, started_at, status, step)
      select workspace_id, id, attempts, ${now}, 'running', step from pub returning id)
    select pub.id, pub.workspace_id, pub.post_id, pub.channel_id, pub.due_at, pub.attempts, pub.failures, pub.progress, pub.content, pub.rrule,
      pub.first_take as "firstTake", pub.stop_requested_at is not null as stop_requested, run.id as "runId"
    from pub, run`.execute(deps.db);
  const row = rows[0];
  if (!row) return undefined;
  const { stop_requested, ...claimed } = row;
  return { ...claimed, stopRequested: stop_requested, resumedFromWait: false };
}

/** Saves a step's progress on the publication and its run; true once cancel has asked the publication to stop. */
export async function savePublicationProgress(db: Database, claim: Claimed, p: PublishProgress): Promise<boolean> {
  // One statement (atomic by itself): the publication's progress and its run's step.
  const { rows } = await sql<{ stop: boolean }>`with run as (
      update post_runs set step = ${p.step}, platform_ids = ${JSON.stringify(platformIds(p))}::jsonb where id = ${claim.runId})
    update post_publications set progress = ${JSON.stringify(p)}::jsonb where id = ${claim.id} returning stop_requested_at is not null as stop`.execute(db);
  return Boolean(rows[0]?.stop);
}


function platformIds(p: PublishProgress): Record<string, unknown> {
  const o = p as Record<string, unknown>;
  const ids: Record<string, unknown> = {};
  for (const k of ["containerId", "childIds", "mediaId", "permalink", "broadcastId"]) if (o[k] !== undefined) ids[k] = o[k];
  if ("results" in p && p.results) ids.recipients = Object.keys(p.results).length;
  return ids;
}

/** Live without its media id (recovered from a PUBLISHED container): the id and permalink are looked up later. */
function mediaIdPending(p: PublishProgress): boolean {
  return "platform" in p && p.platform === "instagram" && p.step === "published" && !p.mediaId;
}

export async function markPublished(deps: RunDeps, claim: Claimed, result: PublishStepResult): Promise<RunOutcome> {
  if (!mediaIdPending(result.progress)) return await markPublishedIn(deps.db, deps, claim, result);
  return await inTransaction(deps.db, async (trx) => {
    const outcome = await markPublishedIn(trx, deps, claim, result);
    await scheduleMediaLookup(trx, { publicationId: claim.id, workspaceId: claim.workspace_id }, deps.clock.now(), deps.options?.mediaLookupDelaysMs);
    return outcome;
  });
}

async function markPublishedIn(db: Db, deps: RunDeps, claim: Claimed, result: PublishStepResult): Promise<RunOutcome> {
  const now = deps.clock.now();
  const delivery = result.summary ? deliveryReasonOf(result.summary) : null;
  const runIds = JSON.stringify({ ...platformIds(result.progress), platformPostId: result.platformPostId ?? null, ...(result.summary ? { summary: result.summary } : {}) });
  const event = JSON.stringify({ postId: claim.post_id, publicationId: claim.id, channelId: claim.channel_id, status: "published", dueAt: claim.due_at.toISOString() });
  // One statement (the hot path of every post): the publication, its run, the one-off post's completion, the live event.
  await sql`with pub as (
      update post_publications set status = 'published', published_at = ${now}, progress = ${JSON.stringify(result.progress)}::jsonb,
        platform_post_id = ${result.platformPostId ?? null}, permalink = ${result.permalink ?? null}, lease_holder = null,
        status_reason = ${delivery?.text ?? null}, status_reason_code = ${delivery?.reason.code ?? null},
        status_reason_params = ${delivery ? JSON.stringify(delivery.reason.params) : null}::jsonb, error_class = null, error_message = null
      where id = ${claim.id}),
    run as (update post_runs set status = 'success', finished_at = ${now}, step = ${result.progress.step}, platform_ids = ${runIds}::jsonb where id = ${claim.runId}),
    post as (
      update scheduled_posts s set status = 'completed'
      where s.id = ${claim.post_id} and s.status = 'active' and (s.rrule is null or s.next_occurrence_at is null)
        and not exists (select 1 from post_publications p where p.post_id = s.id and p.id <> ${claim.id} and p.status in ('queued', 'waiting_quota', 'publishing')))
    insert into workspace_events (workspace_id, type, payload) values (${claim.workspace_id}, 'post.status', ${event}::jsonb)`.execute(db);
  return "published";
}

/** What a stopped publication says it did, in words a person reads in the post's detail. */
function stoppedReason(progress: PublishProgress): { text: string; reason: PublicationReason } {
  if ("platform" in progress && progress.platform === "whatsapp") {
    const sent = Object.values(progress.results).filter((r) => r.status === "sent").length;
    return { text: reasonText("stopped_after_sending", { sent }), reason: publicationReason("stopped_after_sending", { sent }) };
  }
  return { text: reasonText("stopped_before_publishing"), reason: publicationReason("stopped_before_publishing") };
}

export async function stopPublication(deps: RunDeps, claim: Claimed, progress: PublishProgress): Promise<RunOutcome> {
  const now = deps.clock.now();
  const { text: reason, reason: coded } = stoppedReason(progress);
  await deps.db.transaction().execute(async (trx) => {
    await trx
      .updateTable("post_publications")
      .set({ status: "cancelled", cancelled_at: now, ...statusReasonColumns(reason, coded), lease_holder: null, next_attempt_at: null, progress: JSON.stringify(progress) })
      .where("id", "=", claim.id)
      .execute();
    await trx.updateTable("post_runs").set({ status: "stopped", finished_at: now, step: progress.step, platform_ids: JSON.stringify(platformIds(progress)), ...runErrorColumns(reason, coded) }).where("id", "=", claim.runId).execute();
    await completeIfOver(trx, claim.post_id);
    await raisePostStatus(trx, claim.workspace_id, { postId: claim.post_id, publicationId: claim.id, channelId: claim.channel_id, status: "cancelled", dueAt: claim.due_at, reason });
  });
  return "stopped";
}

/** What a failed attempt says: its kind, the English words (API clients, logs), the reason as a code (the SPA). */
export interface AttemptError {
  kind: string;
  userMessage: string;
  message: string;
  reason: PublicationReason;
}

function runErrorColumns(text: string, reason: PublicationReason) {
  return { error_message: text, error_code: reason.code, error_params: JSON.stringify(reason.params) };
}

export async function failPublication(deps: RunDeps, claim: Claimed, e: AttemptError): Promise<RunOutcome> {
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (trx) => {
    await trx
      .updateTable("post_publications")
      // The reason in words goes in status_reason, as for every status that is not a success.
      .set({ status: "failed", failed_at: now, failures: claim.failures + 1, error_class: e.kind, error_message: e.userMessage, ...statusReasonColumns(e.userMessage, e.reason), lease_holder: null, next_attempt_at: null })
      .where("id", "=", claim.id)
      .execute();
    await trx.updateTable("post_runs").set({ status: "failed", finished_at: now, error_class: e.kind, ...runErrorColumns(`${e.userMessage} (${e.message})`, e.reason) }).where("id", "=", claim.runId).execute();
    await completeIfOver(trx, claim.post_id);
    await raisePostStatus(trx, claim.workspace_id, { postId: claim.post_id, publicationId: claim.id, channelId: claim.channel_id, status: "failed", dueAt: claim.due_at, reason: e.userMessage });
  });
  return "failed";
}

export async function schedulePublicationRetry(
  deps: RunDeps,
  claim: Claimed,
  e: AttemptError,
  action: "retry" | "wait_quota",
  delayMs: number,
): Promise<RunOutcome> {
  const now = deps.clock.now();
  const at = new Date(now.getTime() + delayMs);
  const status = action === "wait_quota" ? "waiting_quota" : "queued";
  await deps.db.transaction().execute(async (trx) => {
    await trx
      .updateTable("post_publications")
      .set({
        status,
        // A quota wait is an attempt (its run is numbered) but not a failure: it does not use up the retry policy.
        failures: action === "wait_quota" ? claim.failures : claim.failures + 1,
        ...statusReasonColumns(e.userMessage, e.reason),
        error_class: e.kind,
        error_message: e.userMessage,
        next_attempt_at: at,
        queued_at: now,
        lease_holder: null,
      })
      .where("id", "=", claim.id)
      .execute();
    await trx
      .updateTable("post_runs")
      .set({ status: action === "wait_quota" ? "waiting_quota" : "retrying", finished_at: now, error_class: e.kind, ...runErrorColumns(`${e.userMessage} (${e.message})`, e.reason) })
      .where("id", "=", claim.runId)
      .execute();
    await enqueuePublication(trx, { publicationId: claim.id, workspaceId: claim.workspace_id }, at);
    await raisePostStatus(trx, claim.workspace_id, { postId: claim.post_id, publicationId: claim.id, channelId: claim.channel_id, status, dueAt: claim.due_at, reason: e.userMessage });
  });
  return action === "wait_quota" ? "waiting_quota" : "retrying";
}

export async function deferPublicationStep(deps: RunDeps, claim: Claimed, waitMs: number): Promise<void> {
  const at = new Date(deps.clock.now().getTime() + waitMs);
  await deps.db.transaction().execute(async (trx) => {
    await trx.updateTable("post_publications").set({ next_attempt_at: at, lease_holder: null }).where("id", "=", claim.id).execute();
    await enqueuePublication(trx, { publicationId: claim.id, workspaceId: claim.workspace_id }, at);
  });
}
