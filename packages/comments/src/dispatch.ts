// The polling cycle: each minute the dispatcher queues the checks falling due within the next minute, each at its own
// instant (posts keep a phase within the interval, so there is no burst at :00), and the media listing of every
// active Instagram account whose last listing is one interval old. Checks of an account Meta asked to wait for,
// or whose channel needs reconnecting, are not queued; they resume where their checkpoint stands.
import { loadChannel, recordChannelError } from "@sillage/channels";
import { isPlatformError } from "@sillage/connectors";
import { sql, type Database } from "@sillage/db";
import { addKeyedJobsExpression, enqueue } from "@sillage/queue";
import { optionsOf, POLL_DAYS_MS, type CommentsDeps } from "./deps";
import { listMediaJob, pollPostJob } from "./jobs/declarations";
import { followMedia, refreshMediaImages } from "./posts";
import { recordUsage } from "./poll";

/** How far ahead the dispatcher queues checks (its own period). */
export const DISPATCH_AHEAD_MS = 60_000;

export interface DispatchSummary {
  checks: number;
  listings: number;
  stopped: number;
}

export async function dispatchDue(deps: CommentsDeps, limit = 50_000): Promise<DispatchSummary> {
  const opts = optionsOf(deps);
  const now = deps.clock.now();
  const horizon = new Date(now.getTime() + DISPATCH_AHEAD_MS);
  const overdue = new Date(now.getTime() - opts.intervalMs);
  return deps.db.transaction().execute(async (trx) => {
    // Past D+7: no more checks (a post whose check was queued ends itself too).
    const stopped = await trx
      .updateTable("comment_posts")
      .set({ next_check_at: null, last_check_status: "stopped" })
      .where("next_check_at", "is not", null)
      .where("stop_at", "<=", now)
      .executeTakeFirst();
    // Each instant once (dispatched_for); one queued an interval ago and still not done is queued again (a lost
    // job). One statement for all of them: rows and their jobs (key per post, at the post's instant) commit together.
    const { rows } = await sql<{ n: string }>`
      with due as (
        update comment_posts p set dispatched_for = p.next_check_at
        from channels c
        where c.id = p.channel_id and c.status = 'active'
          and p.next_check_at <= ${horizon}
          and (p.dispatched_for is null or p.dispatched_for <> p.next_check_at or p.next_check_at < ${overdue})
          and not exists (select 1 from comment_accounts a where a.channel_id = p.channel_id and a.slowed_until > ${now})
          and p.id in (select id from comment_posts where next_check_at <= ${horizon} order by next_check_at limit ${limit})
        returning p.id, p.workspace_id, p.next_check_at
      )
      select count(*) as n from ${addKeyedJobsExpression(pollPostJob, {
        payload: sql`json_build_object('workspaceId', due.workspace_id, 'postId', due.id)`,
        key: sql`'comments.poll:' || due.id`,
        runAt: sql`greatest(due.next_check_at, ${now}::timestamptz)`,
        from: sql`due`,
        orderBy: sql`due.next_check_at`,
      })}`.execute(trx);
    const checks = Number(rows[0]?.n ?? 0);
    // Each active Instagram account's recent media, once per interval.
    const accounts = await trx
      .selectFrom("channels")
      .leftJoin("comment_accounts", "comment_accounts.channel_id", "channels.id")
      .select(["channels.id", "channels.workspace_id"])
      .where("channels.platform", "=", "instagram")
      .where("channels.status", "=", "active")
      .where((eb) => eb.or([eb("comment_accounts.media_listed_at", "is", null), eb("comment_accounts.media_listed_at", "<=", new Date(now.getTime() - opts.intervalMs + DISPATCH_AHEAD_MS))]))
      .where((eb) => eb.or([eb("comment_accounts.slowed_until", "is", null), eb("comment_accounts.slowed_until", "<=", now)]))
      .execute();
    for (const a of accounts) {
      await enqueue(trx, listMediaJob, { workspaceId: a.workspace_id, channelId: a.id }, { jobKey: `comments.media:${a.id}`, jobKeyMode: "preserve_run_at" });
    }
    return { checks, listings: accounts.length, stopped: Number(stopped.numUpdatedRows) };
  });
}

/** Pages of the account's media one listing reads at most (50 each: far more than a week of posts). */
const MEDIA_MAX_PAGES = 10;

/**
 * Lists the account's media newest first, back to the newest media of the last complete listing or to 7 days ago,
 * and follows each one (Sillage's posts are linked to their publication; others are kept as published outside).
 * A quiet account costs one call per cycle.
 */
export async function listAccountMedia(deps: CommentsDeps, channelId: string): Promise<{ followed: number; calls: number } | null> {
  const now = deps.clock.now();
  const opts = optionsOf(deps);
  const loaded = await loadChannel(deps.db, deps.secretBox, channelId);
  if (!loaded || loaded.row.platform !== "instagram" || loaded.row.status !== "active") return null;
  const channel = { id: loaded.row.id, workspaceId: loaded.row.workspace_id };
  const state = await deps.db.selectFrom("comment_accounts").select(["media_listed_until"]).where("channel_id", "=", channelId).executeTakeFirst();
  const weekAgo = new Date(now.getTime() - POLL_DAYS_MS);
  const until = state?.media_listed_until && state.media_listed_until > weekAgo ? state.media_listed_until : weekAgo;
  let after: string | null = null;
  let calls = 0;
  let followed = 0;
  let newest: Date | null = null;
  try {
    for (let page = 0; page < MEDIA_MAX_PAGES; page++) {
      const res = await deps.connectors.instagram.listAccountMedia(loaded.channel, after);
      calls++;
      if (res.usage) await recordUsage(deps.db, channel.workspaceId, channelId, res.usage, now, opts);
      let reached = false;
      for (const [i, m] of res.media.entries()) {
        const at = m.timestamp ? new Date(m.timestamp) : null;
        if (at && (!newest || at > newest)) newest = at;
        if ((at && at < until) || (at && at.getTime() === until.getTime() && state?.media_listed_until)) {
          // Followed by an earlier listing (the last one's newest media included): only its expiring image URL is refreshed.
          await refreshMediaImages(deps.db, channelId, res.media.slice(i), now);
          reached = true;
          break;
        }
        await followMedia(deps.db, deps, channel, m, now);
        followed++;
      }
      if (reached || !res.after) break;
      after = res.after;
    }
  } catch (err) {
    if (isPlatformError(err) && err.kind === "auth_expired") {
      await recordChannelError(deps.db, channelId, err, now, { tokenCiphertext: loaded.row.token_ciphertext });
      return { followed, calls };
    }
    throw err;
  }
  const values = {
    media_listed_at: now,
    media_listed_until: newest && (!state?.media_listed_until || newest > state.media_listed_until) ? newest : (state?.media_listed_until ?? null),
    updated_at: now,
  };
  await deps.db
    .insertInto("comment_accounts")
    .values({ channel_id: channelId, workspace_id: channel.workspaceId, ...values })
    .onConflict((oc) => oc.column("channel_id").doUpdateSet(values))
    .execute();
  return { followed, calls };
}

/** A post's and its account's polling state, for the comments surface ("checked 2 min ago · until 9 Dec", "slowed"). */
export async function pollingStates(db: Database, workspaceId: string, now: Date, postIds?: readonly string[]) {
  let q = db
    .selectFrom("comment_posts")
    .innerJoin("channels", "channels.id", "comment_posts.channel_id")
    .leftJoin("comment_accounts", "comment_accounts.channel_id", "comment_posts.channel_id")
    .select([
      "comment_posts.id as postId",
      "comment_posts.channel_id as channelId",
      "comment_posts.platform_media_id as platformMediaId",
      "comment_posts.publication_id as publicationId",
      "comment_posts.origin",
      "comment_posts.caption",
      "comment_posts.permalink",
      "comment_posts.published_at as publishedAt",
      "comment_posts.stop_at as stopAt",
      "comment_posts.last_check_at as lastCheckAt",
      "comment_posts.next_check_at as nextCheckAt",
      "comment_posts.last_check_status as lastCheckStatus",
      "comment_posts.deleted_at as deletedAt",
      "channels.status as channelStatus",
      "comment_accounts.slow_factor as slowFactor",
      "comment_accounts.slowed_until as slowedUntil",
      "comment_accounts.usage_percent as usagePercent",
    ])
    .where("comment_posts.workspace_id", "=", workspaceId);
  if (postIds) q = q.where("comment_posts.id", "in", postIds.length ? [...postIds] : ["00000000-0000-0000-0000-000000000000"]);
  const rows = await q.orderBy("comment_posts.published_at", "desc").execute();
  return rows.map((r) => ({
    ...r,
    /** What the UI says of the polling: on, slowed (usage), paused (reconnect or Meta's wait), ended (D+7 or deleted). */
    polling:
      r.deletedAt || !r.nextCheckAt
        ? ("ended" as const)
        : r.channelStatus !== "active"
          ? ("paused_reconnect" as const)
          : r.slowedUntil && r.slowedUntil > now
            ? ("paused_throttled" as const)
            : (r.slowFactor ?? 1) > 1
              ? ("slowed" as const)
              : ("on" as const),
  }));
}
