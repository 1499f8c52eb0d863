// One check of one post's comments (`comments.poll_post`). Instagram lists top-level comments newest first, 50 a
// page, without a time filter: pages are read until they reach what the checkpoint already holds, so a post with
// nothing new costs one call. Replies come through field expansion of the pages read.
//
// The checkpoint (`comment_checkpoints`) holds the newest top-level comment of the last check that read down to what
// was known (newest_*). A check cut short (a page failed, or the page budget ran out) stores what it read but leaves
// newest_* alone, and records where it stopped (scan_newest_at: the top it started from; scan_cursor: Graph's cursor
// after its last stored page). The next check reads the new top, and once it reaches scan_newest_at jumps to
// scan_cursor to read the gap down to newest_*; a stale or refused cursor just means reading the gap again from the
// top. So a failing page never moves the checkpoint past what was stored, and nothing between is skipped.
import { loadChannel, recordChannelError } from "@sillage/channels";
import type { CommentListPage, Usage } from "@sillage/connectors";
import { isPlatformError } from "@sillage/connectors";
import { raiseWorkspaceEvent, type Database } from "@sillage/db";
import { optionsOf, type CommentsDeps, type CommentsOptions } from "./deps";
import { postRef, type PostRow } from "./posts";
import { markMissing, storeComments, type IncomingComment } from "./store";
import { isAccount } from "./webhook";

export type PollOutcome =
  | { status: "checked"; calls: number; pages: number; created: number; complete: boolean }
  | { status: "failed"; calls: number; pages: number; created: number; error: string }
  | { status: "skipped"; reason: "gone" | "not_due" | "not_polled" }
  | { status: "stopped"; reason: "expired" | "media_deleted" }
  | { status: "paused"; reason: "reconnect" | "throttled" };

/** Slack for a job that runs a little before the instant it was queued for (clocks, worker polling). */
const EARLY_SLACK_MS = 5_000;

export async function pollPost(deps: CommentsDeps, postId: string): Promise<PollOutcome> {
  const opts = optionsOf(deps);
  const now = deps.clock.now();
  const db = deps.db;
  const post = await db
    .selectFrom("comment_posts")
    .leftJoin("comment_checkpoints", "comment_checkpoints.post_id", "comment_posts.id")
    .leftJoin("comment_accounts", "comment_accounts.channel_id", "comment_posts.channel_id")
    .select([
      "comment_posts.id",
      "comment_posts.workspace_id",
      "comment_posts.channel_id",
      "comment_posts.platform_media_id",
      "comment_posts.publication_id",
      "comment_posts.created_at",
      "comment_posts.published_at",
      "comment_posts.stop_at",
      "comment_posts.next_check_at",
      "comment_posts.deleted_at",
      "comment_checkpoints.post_id as checkpoint_post_id",
      "comment_checkpoints.newest_comment_id",
      "comment_checkpoints.newest_comment_at",
      "comment_checkpoints.scan_newest_at",
      "comment_checkpoints.scan_cursor",
      "comment_checkpoints.scan_cursor_at",
      "comment_accounts.slow_factor",
      "comment_accounts.slowed_until",
      "comment_accounts.usage_percent",
      "comment_accounts.usage_at",
    ])
    .where("comment_posts.id", "=", postId)
    .executeTakeFirst();
  if (!post) return { status: "skipped", reason: "gone" };
  if (!post.next_check_at || post.deleted_at) return { status: "skipped", reason: "not_polled" };
  if (post.next_check_at.getTime() > now.getTime() + EARLY_SLACK_MS) return { status: "skipped", reason: "not_due" };
  if (now >= post.stop_at) {
    await db.updateTable("comment_posts").set({ next_check_at: null, last_check_status: "stopped" }).where("id", "=", post.id).execute();
    return { status: "stopped", reason: "expired" };
  }
  const loaded = await loadChannel(db, deps.secretBox, post.channel_id);
  if (!loaded) return { status: "skipped", reason: "gone" };
  // A channel waiting for a reconnect: the post keeps its checkpoint and next_check_at; the dispatcher skips it
  // until the channel is active again, then it is checked at once.
  if (loaded.row.status !== "active") {
    await db.updateTable("comment_posts").set({ last_check_status: "paused" }).where("id", "=", post.id).execute();
    return { status: "paused", reason: "reconnect" };
  }
  if (post.slowed_until && post.slowed_until > now) {
    await schedule(db, post.id, post.next_check_at, post.slowed_until, opts, 1, { last_check_status: "paused" });
    return { status: "paused", reason: "throttled" };
  }

  const ref = postRef(post as PostRow);
  const frontierAt = post.newest_comment_at;
  const cursorFresh = post.scan_cursor && post.scan_cursor_at && now.getTime() - post.scan_cursor_at.getTime() < opts.cursorTtlMs;
  const resume = cursorFresh && post.scan_newest_at ? { at: post.scan_newest_at, cursor: post.scan_cursor! } : null;

  let after: string | null = null;
  let jumped = false;
  let top: { id: string; at: Date } | null = null;
  let lastAfter: string | null = null;
  let pages = 0;
  let calls = 0;
  let created = 0;
  let complete = false;
  let reachedEnd = false;
  let usage: Usage | null = null;
  let failure: unknown = null;
  // For deletions: what the contiguous read from the top showed.
  const seen = new Set<string>();
  const parentsRead: string[] = [];
  let oldestRead: Date | null = null;

  while (pages < opts.maxPagesPerCheck) {
    let page: CommentListPage;
    try {
      page = await deps.connectors.instagram.listCommentsPage(loaded.channel, post.platform_media_id, after);
    } catch (err) {
      if (jumped && after === resume?.cursor && isPlatformError(err) && err.kind === "invalid_input") {
        // Graph refused the saved cursor (too old): read the gap again from where the top reading stopped.
        after = lastAfter;
        jumped = false;
        await db.updateTable("comment_checkpoints").set({ scan_cursor: null, scan_cursor_at: null, scan_newest_at: null }).where("post_id", "=", post.id).execute();
        if (!after) break;
        continue;
      }
      failure = err;
      break;
    }
    pages++;
    calls += page.calls;
    usage = page.usage ?? usage;
    const items = flatten(page, loaded.row);
    if (!top && page.comments[0]) top = { id: page.comments[0].id, at: new Date(page.comments[0].timestamp) };
    const stored = await storeComments(db, ref, items, "poll", now);
    created += stored.created;
    const oldest = page.comments.length ? new Date(page.comments[page.comments.length - 1]!.timestamp) : null;
    if (!jumped) {
      for (const c of items) seen.add(c.id);
      // The connector reads every reply of a thread (expansion, then /replies), so each thread read is whole.
      for (const c of page.comments) parentsRead.push(c.id);
      if (oldest) oldestRead = oldest;
    }
    if (!page.after) {
      complete = true;
      reachedEnd = !jumped;
      break;
    }
    if (frontierAt && oldest && oldest < frontierAt) {
      complete = true;
      break;
    }
    if (!jumped && resume && oldest && oldest < resume.at) {
      lastAfter = page.after;
      after = resume.cursor;
      jumped = true;
      continue;
    }
    after = page.after;
    lastAfter = page.after;
  }

  const account = usage
    ? await recordUsage(db, post.workspace_id, post.channel_id, usage, now, opts, { slowFactor: post.slow_factor, usagePercent: post.usage_percent, usageAt: post.usage_at, slowedUntil: post.slowed_until })
    : { factor: post.slow_factor ?? 1 };

  if (complete) {
    if (!jumped && pages > 0) {
      // Pages read from the top showed everything from now back to the oldest comment read (back to the first
      // comment when the last page was reached): what is stored there and missing was deleted.
      await markMissing(db, ref, seen, { from: reachedEnd ? null : oldestRead, to: now }, parentsRead, now);
    }
    const newest = top && (!frontierAt || top.at >= frontierAt) ? top : frontierAt ? { id: post.newest_comment_id ?? "", at: frontierAt } : null;
    // A quiet post's checkpoint is already right: no write.
    const same = (newest?.id || null) === post.newest_comment_id && (newest?.at.getTime() ?? null) === (frontierAt?.getTime() ?? null) && !post.scan_cursor && !post.scan_newest_at;
    if (!same || !post.checkpoint_post_id) await saveCheckpoint(db, post.id, post.workspace_id, { newest, scanNewestAt: null, scanCursor: null, now });
  } else if (pages > 0 || jumped) {
    // Cut short: newest_* stays; remember where to resume the gap.
    let scan: { at: Date; cursor: string | null } | null;
    if (jumped) scan = { at: top?.at ?? resume!.at, cursor: lastAfterJump(after, resume!.cursor) };
    else if (resume) scan = { at: resume.at, cursor: resume.cursor }; // the gap is still where it was
    else scan = top && lastAfter ? { at: top.at, cursor: lastAfter } : null;
    await saveCheckpoint(db, post.id, post.workspace_id, {
      newest: frontierAt ? { id: post.newest_comment_id ?? "", at: frontierAt } : null,
      scanNewestAt: scan?.at ?? null,
      scanCursor: scan?.cursor ?? null,
      now,
    });
  }

  if (failure) {
    if (isPlatformError(failure) && failure.kind === "auth_expired") {
      await recordChannelError(db, post.channel_id, failure, now, { tokenCiphertext: loaded.row.token_ciphertext });
      await db.updateTable("comment_posts").set({ last_check_status: "paused", last_error: failure.userMessage }).where("id", "=", post.id).execute();
      return { status: "paused", reason: "reconnect" };
    }
    if (isPlatformError(failure) && failure.kind === "not_found" && pages === 0 && after === null) {
      // The mark and its live event in one transaction: a retry finds the post deleted and would never raise it.
      await db.transaction().execute(async (trx) => {
        await trx
          .updateTable("comment_posts")
          .set({ deleted_at: now, next_check_at: null, last_check_status: "stopped", last_check_at: now })
          .where("id", "=", post.id)
          .execute();
        await raiseWorkspaceEvent(trx, post.workspace_id, "comment.post_deleted", { postId: post.id });
      });
      return { status: "stopped", reason: "media_deleted" };
    }
    const message = isPlatformError(failure) ? failure.userMessage : String(failure);
    const retryAt = isPlatformError(failure) && failure.kind === "rate_limited" && failure.retryAfterMs ? new Date(now.getTime() + failure.retryAfterMs) : null;
    if (retryAt) await db.updateTable("comment_accounts").set({ slowed_until: retryAt }).where("channel_id", "=", post.channel_id).execute();
    await schedule(db, post.id, post.next_check_at, now, opts, account.factor, { last_check_status: "failed", last_error: message, last_check_at: now, calls, checks: 1 });
    deps.logger?.warn({ postId: post.id, channelId: post.channel_id, pages, err: message }, "comments: check failed; what was read is stored, the checkpoint kept");
    return { status: "failed", calls, pages, created, error: message };
  }
  await schedule(db, post.id, post.next_check_at, now, opts, account.factor, { last_check_status: "ok", last_error: null, last_check_at: now, calls, checks: 1 });
  return { status: "checked", calls, pages, created, complete };
}

/** The cursor to resume from after a check that jumped: past the last page it stored, else where it jumped to. */
function lastAfterJump(after: string | null, resumeCursor: string): string {
  return after ?? resumeCursor;
}

function flatten(page: CommentListPage, account: { external_id: string; app_scoped_id: string | null; username: string | null }): IncomingComment[] {
  const out: IncomingComment[] = [];
  const one = (c: CommentListPage["comments"][number] | CommentListPage["comments"][number]["replies"][number], parentId: string | null): IncomingComment => ({
    id: c.id,
    parentId,
    text: c.text,
    from: c.from,
    own: isAccount(account, c.from.id, c.from.username),
    timestamp: new Date(c.timestamp),
    hidden: c.hidden,
    likeCount: c.likeCount,
  });
  for (const c of page.comments) {
    out.push(one(c, null));
    for (const r of c.replies) out.push(one(r, c.id));
  }
  return out;
}

/**
 * Next check: one interval (times the account's slowdown) after the instant this one was due, which keeps each
 * post at its own phase (no burst at :00); a post that fell behind goes one interval after now.
 */
async function schedule(
  db: Database,
  postId: string,
  dueAt: Date,
  now: Date,
  opts: CommentsOptions,
  factor: number,
  set: { last_check_status: "ok" | "failed" | "paused"; last_error?: string | null; last_check_at?: Date; calls?: number; checks?: number },
): Promise<void> {
  const step = opts.intervalMs * Math.max(1, factor);
  let next = dueAt.getTime() + step;
  if (next <= now.getTime()) next = now.getTime() + step;
  const { calls, checks, ...rest } = set;
  await db
    .updateTable("comment_posts")
    .set((eb) => ({
      ...rest,
      next_check_at: new Date(next),
      ...(calls ? { calls: eb("calls", "+", calls) } : {}),
      ...(checks ? { checks: eb("checks", "+", checks) } : {}),
    }))
    .where("id", "=", postId)
    .where("next_check_at", "is not", null)
    .execute();
}

async function saveCheckpoint(
  db: Database,
  postId: string,
  workspaceId: string,
  cp: { newest: { id: string; at: Date } | null; scanNewestAt: Date | null; scanCursor: string | null; now: Date },
): Promise<void> {
  const values = {
    newest_comment_id: cp.newest?.id || null,
    newest_comment_at: cp.newest?.at ?? null,
    scan_newest_at: cp.scanNewestAt,
    scan_cursor: cp.scanCursor,
    scan_cursor_at: cp.scanCursor ? cp.now : null,
    updated_at: cp.now,
  };
  await db
    .insertInto("comment_checkpoints")
    .values({ post_id: postId, workspace_id: workspaceId, ...values })
    .onConflict((oc) => oc.column("post_id").doUpdateSet(values))
    .execute();
}

/**
 * Keeps the latest usage Meta reported for the account and the slowdown it implies: normal below `slowAtPercent`,
 * checks twice as far apart up to `slowerAtPercent`, four times beyond, and none until Meta's announced wait is over.
 */
export async function recordUsage(
  db: Database,
  workspaceId: string,
  channelId: string,
  usage: Usage,
  now: Date,
  opts: CommentsOptions,
  known?: { slowFactor: number | null; usagePercent: number | null; usageAt: Date | null; slowedUntil: Date | null },
): Promise<{ factor: number }> {
  const pct = usage.maxPercent;
  const factor = pct >= opts.slowerAtPercent ? 4 : pct >= opts.slowAtPercent ? 2 : 1;
  const slowedUntil = usage.regainAccessMs ? new Date(now.getTime() + usage.regainAccessMs) : null;
  // Every answer carries usage: the account's row is rewritten only when something a reader acts on changed (the
  // slowdown, a wait, a move of 5 points) or once a minute, not on each of its posts' checks.
  if (
    known?.usageAt &&
    known.slowFactor === factor &&
    !slowedUntil &&
    !(known.slowedUntil && known.slowedUntil > now) &&
    Math.abs((known.usagePercent ?? 0) - pct) < 5 &&
    now.getTime() - known.usageAt.getTime() < 60_000
  ) {
    return { factor };
  }
  const values = { usage_percent: pct, usage_at: now, slow_factor: factor, slowed_until: slowedUntil, updated_at: now };
  const before = known?.usageAt ? { slow_factor: known.slowFactor ?? 1 } : await db.selectFrom("comment_accounts").select("slow_factor").where("channel_id", "=", channelId).executeTakeFirst();
  // The new speed and its live event in one transaction: a retry finds the speed stored and would never raise it.
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto("comment_accounts")
      .values({ channel_id: channelId, workspace_id: workspaceId, ...values })
      .onConflict((oc) => oc.column("channel_id").doUpdateSet(values))
      .execute();
    if ((before?.slow_factor ?? 1) !== factor) await raiseWorkspaceEvent(trx, workspaceId, "comment.polling_speed", { channelId, slowFactor: factor, usagePercent: pct });
  });
  return { factor };
}
