// Comments engine (issue 14 items 1–3, faults): polling alone with an injected clock, webhook + poll agreeing on one
// row, threads and states, own comments, usage slowdown, failing pages, unknown media, expired tokens. Real
// PostgreSQL, the fake Graph API over HTTP.
import { dispatchDue, listAccountMedia, pollingStates, pollPost, type CommentsDeps } from "@sillage/comments";
import { createPool, sql } from "@sillage/db";
import { defineJob, type Runner } from "@sillage/queue";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { jobDefinitions, startJobWorker } from "../../src/jobs";
import { webhooksSubscribed } from "../inbox/world";
import { ApiSession, ok, startTestServer, TEST_SECRETS, type TestServer } from "../harness";

const MIN = 60_000;
const INTERVAL = 5 * MIN;
const DAY = 86_400_000;

interface World {
  server: TestServer;
  owner: ApiSession;
  workspaceId: string;
  ig: { igUserId: string; token: string; channelId: string };
  deps: CommentsDeps;
}

async function world(server: TestServer): Promise<World> {
  const owner = await ApiSession.signup(server.url, { email: `c-${Math.random().toString(36).slice(2)}@example.com`, workspaceName: "Comments shop" });
  const acc = server.fake.control.createInstagramAccount({ variant: "instagram", humanAgent: true });
  const ch = ok<{ id: string }>(await owner.mutation("channels.connectInstagram", { accessToken: acc.token, humanAgent: true }));
  const deps: CommentsDeps = { db: server.db.db, clock: server.clock, connectors: server.connectors, secretBox: server.secretBox, comments: { intervalMs: INTERVAL } };
  return { server, owner, workspaceId: owner.workspaceId!, ig: { igUserId: acc.igUserId, token: acc.token, channelId: ch.id }, deps };
}

/** One minute of the product's cycle, run inline: the dispatcher, then what it queued that is due (media listings, checks). */
async function tick(w: World, minutes = 1): Promise<void> {
  for (let i = 0; i < minutes; i++) {
    w.server.clock.advance(MIN);
    await cycleNow(w);
  }
}

async function cycleNow(w: World): Promise<void> {
  const now = w.server.clock.now();
  await dispatchDue(w.deps);
  const accounts = await w.server.db.db
    .selectFrom("channels")
    .leftJoin("comment_accounts", "comment_accounts.channel_id", "channels.id")
    .select(["channels.id", "comment_accounts.media_listed_at"])
    .where("channels.platform", "=", "instagram")
    .where("channels.status", "=", "active")
    .execute();
  for (const a of accounts) if (!a.media_listed_at || a.media_listed_at.getTime() <= now.getTime() - INTERVAL + MIN) await listAccountMedia(w.deps, a.id);
  const due = await w.server.db.db.selectFrom("comment_posts").select("id").where("next_check_at", "<=", now).where("dispatched_for", "is not", null).execute();
  for (const p of due) await pollPost(w.deps, p.id);
}

async function commentRows(w: World, mediaId: string) {
  return w.server.db.db.selectFrom("comments").selectAll().where("platform_media_id", "=", mediaId).orderBy("platform_timestamp").orderBy("platform_comment_id").execute();
}

async function postOf(w: World, mediaId: string) {
  return w.server.db.db.selectFrom("comment_posts").selectAll().where("platform_media_id", "=", mediaId).executeTakeFirstOrThrow();
}

async function checkpointOf(w: World, postId: string) {
  return w.server.db.db.selectFrom("comment_checkpoints").selectAll().where("post_id", "=", postId).executeTakeFirst();
}

function commentCalls(w: World, mediaId: string): number {
  return w.server.fake.control.calls().filter((c) => c.operation === "instagram.comments" && c.path.includes(mediaId)).length;
}

async function triageJobsFor(w: World, commentIds: string[]): Promise<number> {
  if (!commentIds.length) return 0;
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from graphile_worker._private_jobs j join graphile_worker._private_tasks t on t.id = j.task_id
    where t.identifier = 'comments.triage' and j.key = any(${commentIds.map((id) => `comment-triage:${id}`)}::text[])`.execute(w.server.db.db);
  return rows[0]!.n;
}

describe("comments by polling alone (no webhooks, injected clock)", () => {
  let server: TestServer;
  let w: World;
  beforeAll(async () => {
    server = await startTestServer();
    server.clock.set(new Date("2026-12-01T10:00:00.000Z"));
    server.clock.freeze();
    w = await world(server);
    // Usage grows 1 % per call in the fake: pinned low here, the slowdown has its own test.
    server.fake.control.configure({ usage: { percentPerCall: 0.01 } });
  });
  afterAll(async () => server?.close());

  it("finds a media published outside Sillage with its caption, then a new comment within one interval; a quiet post costs one call", async () => {
    const media = server.fake.control.seedInstagramMedia({ igUserId: w.ig.igUserId, caption: "Nouvelle collection", timestamp: server.clock.now().getTime() - 2 * 3_600_000 });
    // History before Sillage followed it: 60 comments (two pages), stored but never triaged (a backlog).
    for (let i = 0; i < 60; i++) {
      server.fake.control.customerComment({ mediaId: media.id, from: `1780000000000${100 + i}`, text: `old ${i}`, at: server.clock.now().getTime() - 3_600_000 + i * 1000, silent: true });
    }
    await tick(w, 1);
    const post = await postOf(w, media.id);
    expect(post).toMatchObject({ origin: "outside", caption: "Nouvelle collection", permalink: media.permalink, publication_id: null });
    expect(post.stop_at.getTime()).toBe(post.published_at!.getTime() + 7 * DAY);
    await tick(w, 5);
    const backlog = await commentRows(w, media.id);
    expect(backlog).toHaveLength(60);
    expect(await triageJobsFor(w, backlog.map((c) => c.id))).toBe(0);

    // A customer comments: no webhook, only polling can see it.
    const t0 = server.clock.now().getTime();
    const fresh = server.fake.control.customerComment({ mediaId: media.id, from: "17800000000009999", username: "claire", text: "Disponible en 38 ?" });
    let found: number | null = null;
    for (let m = 1; m <= 5 && found === null; m++) {
      await tick(w, 1);
      if ((await commentRows(w, media.id)).some((c) => c.platform_comment_id === fresh.id)) found = server.clock.now().getTime() - t0;
    }
    expect(found).not.toBeNull();
    expect(found!).toBeLessThanOrEqual(INTERVAL);
    const row = (await commentRows(w, media.id)).find((c) => c.platform_comment_id === fresh.id)!;
    expect(row).toMatchObject({ text: "Disponible en 38 ?", author_name: "claire", own: false, source: "poll", post_id: post.id });
    expect(await triageJobsFor(w, [row.id])).toBe(1);

    // Quiet from now on: one call per check.
    const before = commentCalls(w, media.id);
    const checksBefore = (await postOf(w, media.id)).checks;
    await tick(w, 10);
    const checks = (await postOf(w, media.id)).checks - checksBefore;
    expect(checks).toBe(2);
    expect(commentCalls(w, media.id) - before).toBe(checks);
    // Checks keep their phase within the interval: exactly one interval apart.
    const after = await postOf(w, media.id);
    expect(after.next_check_at!.getTime() - after.last_check_at!.getTime()).toBeLessThanOrEqual(INTERVAL);
  });

  it("stores each post's image (media_url; a video's thumbnail_url), refreshes it on each listing, and comments.posts returns it", async () => {
    const image = server.fake.control.seedInstagramMedia({ igUserId: w.ig.igUserId, caption: "Robe lin", imageUrl: "https://scontent-cdg4-1.cdninstagram.com/v/t51/robe.jpg?oe=1" });
    const video = server.fake.control.seedInstagramMedia({ igUserId: w.ig.igUserId, caption: "Essayage", mediaType: "VIDEO", mediaProductType: "REELS", videoUrl: "https://scontent-cdg4-1.cdninstagram.com/v/t50/essayage.mp4" });
    const bare = server.fake.control.seedInstagramMedia({ igUserId: w.ig.igUserId, caption: "Sans image" });
    await tick(w, 5);
    expect((await postOf(w, image.id)).image_url).toBe("https://scontent-cdg4-1.cdninstagram.com/v/t51/robe.jpg?oe=1");
    // A video's media_url is the video: its image is the thumbnail.
    expect((await postOf(w, video.id)).image_url).toBe("https://scontent-cdg4-1.cdninstagram.com/v/t50/essayage.mp4.jpg");
    expect((await postOf(w, bare.id)).image_url).toBeNull();

    // CDN URLs expire: the next listing stores the URL Graph serves then, for media followed earlier too.
    await server.db.db.updateTable("comment_posts").set({ image_url: "https://scontent-cdg4-1.cdninstagram.com/expired.jpg" }).where("platform_media_id", "in", [image.id, video.id]).execute();
    await tick(w, 5);
    expect((await postOf(w, image.id)).image_url).toBe("https://scontent-cdg4-1.cdninstagram.com/v/t51/robe.jpg?oe=1");
    expect((await postOf(w, video.id)).image_url).toBe("https://scontent-cdg4-1.cdninstagram.com/v/t50/essayage.mp4.jpg");

    const posts = ok<{ items: { platformMediaId: string; imageUrl: string | null }[] }>(await w.owner.query("comments.posts"));
    const byMedia = new Map(posts.items.map((p) => [p.platformMediaId, p.imageUrl]));
    expect(byMedia.get(image.id)).toBe("https://scontent-cdg4-1.cdninstagram.com/v/t51/robe.jpg?oe=1");
    expect(byMedia.get(video.id)).toBe("https://scontent-cdg4-1.cdninstagram.com/v/t50/essayage.mp4.jpg");
    expect(byMedia.get(bare.id)).toBeNull();
  });

  it("stops polling at published + 7 days", async () => {
    const media = server.fake.control.seedInstagramMedia({ igUserId: w.ig.igUserId, caption: "Old one" });
    await tick(w, 5);
    const post = await postOf(w, media.id);
    expect(post.next_check_at).not.toBeNull();
    // Six days, 23 hours and 48 minutes later.
    server.clock.advance(7 * DAY - 12 * MIN);
    await cycleNow(w);
    expect((await postOf(w, media.id)).next_check_at).not.toBeNull();
    await tick(w, 15);
    const stopped = await postOf(w, media.id);
    expect(stopped.next_check_at).toBeNull();
    expect(stopped.last_check_status).toBe("stopped");
    const calls = commentCalls(w, media.id);
    server.fake.control.customerComment({ mediaId: media.id, from: "17800000000001234", text: "too late" });
    await tick(w, 10);
    expect(commentCalls(w, media.id)).toBe(calls);
    // A media already older than 7 days when first listed is never polled.
    const ancient = server.fake.control.seedInstagramMedia({ igUserId: w.ig.igUserId, caption: "Ancient", timestamp: server.clock.now().getTime() - 8 * DAY });
    await tick(w, 5);
    expect(await server.db.db.selectFrom("comment_posts").select("id").where("platform_media_id", "=", ancient.id).executeTakeFirst()).toBeUndefined();
  });

  it("replies through field expansion, hidden state, edits and deletions by the author", async () => {
    const media = server.fake.control.seedInstagramMedia({ igUserId: w.ig.igUserId, caption: "Threads" });
    await tick(w, 5);
    const top = server.fake.control.customerComment({ mediaId: media.id, from: "17800000000000501", text: "Question" });
    const rep = server.fake.control.customerComment({ mediaId: media.id, from: "17800000000000502", text: "Moi aussi", parentId: top.id });
    const gone = server.fake.control.customerComment({ mediaId: media.id, from: "17800000000000503", text: "oops" });
    await tick(w, 5);
    const rows = await commentRows(w, media.id);
    const topRow = rows.find((r) => r.platform_comment_id === top.id)!;
    expect(rows.find((r) => r.platform_comment_id === rep.id)).toMatchObject({ parent_id: topRow.id, parent_platform_id: top.id });

    const loaded = await server.db.db.selectFrom("channels").select("id").where("id", "=", w.ig.channelId).executeTakeFirstOrThrow();
    expect(loaded.id).toBe(w.ig.channelId);
    await server.connectors.instagram.hideComment({ id: w.ig.channelId, platform: "instagram", externalId: w.ig.igUserId, accessToken: w.ig.token, variant: "instagram" } as never, top.id);
    server.fake.control.customerEditComment({ commentId: rep.id, text: "Moi aussi (taille 40)" });
    server.fake.control.customerDeleteComment({ commentId: gone.id });
    await tick(w, 5);
    const after = await commentRows(w, media.id);
    expect(after.find((r) => r.platform_comment_id === top.id)).toMatchObject({ hidden: true });
    expect(after.find((r) => r.platform_comment_id === rep.id)).toMatchObject({ text: "Moi aussi (taille 40)", original_text: "Moi aussi" });
    expect(after.find((r) => r.platform_comment_id === rep.id)!.edited_at).not.toBeNull();
    expect(after.find((r) => r.platform_comment_id === gone.id)).toMatchObject({ deleted_by: "customer" });
  });

  it("never queues the account's own comments for triage", async () => {
    const media = server.fake.control.seedInstagramMedia({ igUserId: w.ig.igUserId, caption: "Own" });
    await tick(w, 5);
    const c = server.fake.control.customerComment({ mediaId: media.id, from: "17800000000000601", text: "Prix ?" });
    const channel = { id: w.ig.channelId, platform: "instagram", externalId: w.ig.igUserId, accessToken: w.ig.token, variant: "instagram" } as never;
    const reply = await server.connectors.instagram.replyComment(channel, c.id, "En message privé !");
    await tick(w, 5);
    const rows = await commentRows(w, media.id);
    const own = rows.find((r) => r.platform_comment_id === reply.id)!;
    expect(own).toMatchObject({ own: true });
    expect(await triageJobsFor(w, [own.id])).toBe(0);
    expect(await triageJobsFor(w, [rows.find((r) => r.platform_comment_id === c.id)!.id])).toBe(1);
  });

  it("slows an account's checks when its usage passes the threshold, shows it, and waits when Meta asks", async () => {
    const media = server.fake.control.seedInstagramMedia({ igUserId: w.ig.igUserId, caption: "Busy" });
    await tick(w, 5);
    server.fake.control.configure({ usage: { buc: 80 } });
    await tick(w, 5);
    const post = await postOf(w, media.id);
    const account = await server.db.db.selectFrom("comment_accounts").selectAll().where("channel_id", "=", w.ig.channelId).executeTakeFirstOrThrow();
    expect(account).toMatchObject({ slow_factor: 2 });
    expect(account.usage_percent).toBeGreaterThanOrEqual(80);
    expect(post.next_check_at!.getTime() - post.last_check_at!.getTime()).toBeGreaterThan(INTERVAL);
    const states = await pollingStates(server.db.db, w.workspaceId, server.clock.now(), [post.id]);
    expect(states[0]).toMatchObject({ polling: "slowed" });
    const events = await server.db.db.selectFrom("workspace_events").select("type").where("workspace_id", "=", w.workspaceId).where("type", "=", "comment.polling_speed").execute();
    expect(events.length).toBeGreaterThan(0);

    // Meta announces a wait (estimated_time_to_regain_access): nothing is checked until it is over.
    server.fake.control.configure({ usage: { buc: 100 } });
    await tick(w, 10);
    const waiting = await server.db.db.selectFrom("comment_accounts").selectAll().where("channel_id", "=", w.ig.channelId).executeTakeFirstOrThrow();
    expect(waiting.slowed_until!.getTime()).toBeGreaterThan(server.clock.now().getTime() - 10 * MIN);
    expect(await pollingStates(server.db.db, w.workspaceId, waiting.slowed_until!, [post.id])).toBeDefined();
    server.fake.control.configure({ usage: { buc: 1, app: 1 } });
    await tick(w, 20);
    const back = await server.db.db.selectFrom("comment_accounts").selectAll().where("channel_id", "=", w.ig.channelId).executeTakeFirstOrThrow();
    expect(back.slow_factor).toBe(1);
    server.fake.control.configure({ usage: { percentPerCall: 0.01, buc: undefined, app: undefined } });
  });

  it("a page failing midway stores what it read, keeps the checkpoint, and the next check fills the gap", async () => {
    server.fake.control.configure({ usage: { percentPerCall: 0.01 } });
    const media = server.fake.control.seedInstagramMedia({ igUserId: w.ig.igUserId, caption: "Busy post" });
    await tick(w, 5);
    const post = await postOf(w, media.id);
    for (let i = 0; i < 30; i++) server.fake.control.customerComment({ mediaId: media.id, from: `1780000000100${i}`, text: `first ${i}`, silent: true });
    await tick(w, 5);
    const cp1 = await checkpointOf(w, post.id);
    expect(cp1?.newest_comment_at).not.toBeNull();
    // 130 new comments: three pages; the second fails (even after the connector's retries).
    for (let i = 0; i < 130; i++) {
      server.clock.advance(1000);
      server.fake.control.customerComment({ mediaId: media.id, from: `1780000000200${i}`, text: `burst ${i}`, silent: true });
    }
    server.fake.control.injectFault({ match: { operation: "instagram.comments", path: media.id }, skip: 1, times: 10, kind: "transient" });
    await server.db.db.updateTable("comment_posts").set({ next_check_at: server.clock.now() }).where("id", "=", post.id).execute();
    const failed = await pollPost(w.deps, post.id);
    expect(failed.status).toBe("failed");
    server.fake.control.clearFaults();
    const cp2 = await checkpointOf(w, post.id);
    expect(cp2?.newest_comment_id).toBe(cp1?.newest_comment_id);
    expect(cp2?.newest_comment_at?.getTime()).toBe(cp1?.newest_comment_at?.getTime());
    expect(cp2?.scan_cursor).not.toBeNull();
    expect(await commentRows(w, media.id)).toHaveLength(80);
    // Next check: the new top, then the gap from the saved cursor, down to the checkpoint.
    await server.db.db.updateTable("comment_posts").set({ next_check_at: server.clock.now() }).where("id", "=", post.id).execute();
    const done = await pollPost(w.deps, post.id);
    expect(done).toMatchObject({ status: "checked", complete: true });
    const rows = await commentRows(w, media.id);
    expect(rows).toHaveLength(160);
    expect(new Set(rows.map((r) => r.platform_comment_id)).size).toBe(160);
    const cp3 = await checkpointOf(w, post.id);
    expect(cp3?.scan_cursor).toBeNull();
    expect(cp3?.newest_comment_at!.getTime()).toBe(Math.max(...rows.map((r) => r.platform_timestamp.getTime())));
  });

  it("an expired token pauses polling (channel shows reconnect) and reconnecting resumes from the checkpoint", async () => {
    const media = server.fake.control.seedInstagramMedia({ igUserId: w.ig.igUserId, caption: "Token" });
    await tick(w, 5);
    const post = await postOf(w, media.id);
    const cp = await checkpointOf(w, post.id);
    server.fake.control.revokeToken({ token: w.ig.token, subcode: 463 });
    const c1 = server.fake.control.customerComment({ mediaId: media.id, from: "17800000000000701", text: "pendant la panne", silent: true });
    await tick(w, 5);
    const channel = await server.db.db.selectFrom("channels").select(["status"]).where("id", "=", w.ig.channelId).executeTakeFirstOrThrow();
    expect(channel.status).toBe("needs_reconnect");
    const paused = await postOf(w, media.id);
    expect(paused.next_check_at).not.toBeNull();
    expect((await pollingStates(server.db.db, w.workspaceId, server.clock.now(), [post.id]))[0]).toMatchObject({ polling: "paused_reconnect" });
    expect((await checkpointOf(w, post.id))?.newest_comment_at?.getTime()).toBe(cp?.newest_comment_at?.getTime());
    const callsWhilePaused = commentCalls(w, media.id);
    await tick(w, 10);
    expect(commentCalls(w, media.id)).toBe(callsWhilePaused);

    const fresh = server.fake.control.issueToken({ igUserId: w.ig.igUserId });
    ok(await w.owner.mutation("channels.connectInstagram", { accessToken: fresh.token, humanAgent: true }));
    w.ig.token = fresh.token;
    await tick(w, 1);
    expect((await commentRows(w, media.id)).some((r) => r.platform_comment_id === c1.id)).toBe(true);
  });
});

describe("comments by webhook, with polling agreeing", () => {
  let server: TestServer;
  let w: World;
  let runner: Runner;
  let pool: ReturnType<typeof createPool>;
  beforeAll(async () => {
    server = await startTestServer();
    w = await world(server);
    server.fake.control.configure({ usage: { percentPerCall: 0.01 } });
    server.fake.control.configureWebhooks({
      instagram: { url: `${server.url}/webhooks/instagram` },
      metaAppSecret: TEST_SECRETS.metaAppSecret,
      instagramAppSecret: TEST_SECRETS.instagramAppSecret,
    });
    // The worker runs ingestion; the polling cycle is driven by the tests (its cron would run on the wall clock).
    const idle = (id: string) => defineJob({ ...jobDefinitions.find((d) => d.id === id)!, handler: async () => ({ default: async () => {} }) });
    const swapped = new Set(["comments.dispatch", "comments.poll_post", "comments.list_media"]);
    pool = createPool(server.db.url, { max: 6 });
    runner = await startJobWorker({
      pool,
      // comments.triage is left out (its handler, the comments surface, would take the jobs these tests count).
      definitions: jobDefinitions.filter((d) => d.id !== "comments.triage").map((d) => (swapped.has(d.id) ? idle(d.id) : d)),
      services: { db: server.db.db, clock: server.clock, connectors: server.connectors, secretBox: server.secretBox, media: server.media, ai: server.ai },
      logger: server.logger,
      concurrency: 4,
      pollInterval: 100,
    });
    // The worker runs the subscription connecting queued: Instagram sends the account's comments after it.
    await webhooksSubscribed(server, [w.ig.channelId]);
  });
  afterAll(async () => {
    await runner?.stop();
    await pool?.end();
    await server?.close();
  });

  async function settled(mediaId: string, n: number) {
    await server.fake.control.flushWebhooks();
    await expect.poll(async () => (await commentRows(w, mediaId)).length, { timeout: 15_000, interval: 100 }).toBe(n);
  }

  it("a comment seen by webhook then by polling (and the other way round) is one row", async () => {
    const media = server.fake.control.seedInstagramMedia({ igUserId: w.ig.igUserId, caption: "Live" });
    const c = server.fake.control.customerComment({ mediaId: media.id, from: "17800000000000801", username: "zoe", text: "Trop beau" });
    await settled(media.id, 1);
    // The webhook followed the media on the fly (published outside Sillage: caption and permalink read from Graph).
    expect(await postOf(w, media.id)).toMatchObject({ origin: "outside", caption: "Live", permalink: media.permalink });
    const row = (await commentRows(w, media.id))[0]!;
    expect(row).toMatchObject({ platform_comment_id: c.id, source: "webhook", own: false });
    expect(await triageJobsFor(w, [row.id])).toBe(1);
    await server.db.db.updateTable("comment_posts").set({ next_check_at: server.clock.now() }).where("platform_media_id", "=", media.id).execute();
    expect(await pollPost(w.deps, (await postOf(w, media.id)).id)).toMatchObject({ status: "checked", created: 0 });
    expect(await commentRows(w, media.id)).toHaveLength(1);

    // Polling first, the webhook late (Meta retries for 36 h): still one row, one triage.
    const late = server.fake.control.customerComment({ mediaId: media.id, from: "17800000000000802", text: "Et en bleu ?", silent: true });
    await server.db.db.updateTable("comment_posts").set({ next_check_at: server.clock.now() }).where("platform_media_id", "=", media.id).execute();
    expect(await pollPost(w.deps, (await postOf(w, media.id)).id)).toMatchObject({ status: "checked", created: 1 });
    const body = {
      object: "instagram",
      entry: [{ id: w.ig.igUserId, time: Math.floor(Date.now() / 1000), changes: [{ field: "comments", value: { from: { id: "17800000000000802", username: "x" }, media: { id: media.id, media_product_type: "FEED" }, id: late.id, text: "Et en bleu ?" } }] }],
    };
    server.fake.control.sendRawWebhook({ product: "instagram", body: JSON.stringify(body) });
    await server.fake.control.flushWebhooks();
    await expect.poll(async () => (await server.db.db.selectFrom("webhook_deliveries").select("id").where("processed_at", "is", null).execute()).length, { timeout: 10_000 }).toBe(0);
    await new Promise((r) => setTimeout(r, 500));
    const rows = await commentRows(w, media.id);
    expect(rows).toHaveLength(2);
    expect(await triageJobsFor(w, rows.map((r) => r.id))).toBe(2);
  });

  it("replies by webhook (parent_id), before their parent is stored too; the comment_id shape of Facebook Login", async () => {
    const media = server.fake.control.seedInstagramMedia({ igUserId: w.ig.igUserId, caption: "Replies" });
    const parent = server.fake.control.customerComment({ mediaId: media.id, from: "17800000000000901", text: "Parent", silent: true });
    server.fake.control.customerComment({ mediaId: media.id, from: "17800000000000902", text: "Reply", parentId: parent.id });
    await settled(media.id, 1);
    const orphan = (await commentRows(w, media.id))[0]!;
    expect(orphan).toMatchObject({ parent_platform_id: parent.id, parent_id: null });
    // Polling reads the parent (and the reply through expansion): linked.
    await server.db.db.updateTable("comment_posts").set({ next_check_at: server.clock.now() }).where("platform_media_id", "=", media.id).execute();
    await pollPost(w.deps, (await postOf(w, media.id)).id);
    const rows = await commentRows(w, media.id);
    expect(rows).toHaveLength(2);
    const parentRow = rows.find((r) => r.platform_comment_id === parent.id)!;
    expect(rows.find((r) => r.id === orphan.id)!.parent_id).toBe(parentRow.id);

    const body = {
      object: "instagram",
      entry: [{ id: w.ig.igUserId, time: Math.floor(Date.now() / 1000), changes: [{ field: "comments", value: { from: { id: "17800000000000903" }, media: { id: media.id }, comment_id: "18000000000000903", parent_id: parent.id, text: "fb shape" } }] }],
    };
    server.fake.control.sendRawWebhook({ product: "instagram", body: JSON.stringify(body) });
    await settled(media.id, 3);
    expect((await commentRows(w, media.id)).find((r) => r.platform_comment_id === "18000000000000903")).toMatchObject({ parent_id: parentRow.id });
  });

  it("own comments by webhook (self_ig_scoped_id) are stored and never triaged", async () => {
    server.fake.control.configureWebhooks({ ownComments: true });
    const media = server.fake.control.seedInstagramMedia({ igUserId: w.ig.igUserId, caption: "Own hook" });
    const channel = { id: w.ig.channelId, platform: "instagram", externalId: w.ig.igUserId, accessToken: w.ig.token, variant: "instagram" } as never;
    const mine = await server.connectors.instagram.replyComment(channel, server.fake.control.customerComment({ mediaId: media.id, from: "17800000000001001", text: "Hello", silent: true }).id, "Merci !");
    await settled(media.id, 1);
    const row = (await commentRows(w, media.id))[0]!;
    expect(row).toMatchObject({ platform_comment_id: mine.id, own: true });
    expect(await triageJobsFor(w, [row.id])).toBe(0);
    server.fake.control.configureWebhooks({ ownComments: false });
  });

  it("keeps a comment without media as an unknown event, and a comment on a deleted post under a post marked deleted", async () => {
    const noMedia = {
      object: "instagram",
      entry: [{ id: w.ig.igUserId, time: Math.floor(Date.now() / 1000), changes: [{ field: "comments", value: { from: { id: "17800000000001101" }, id: "18000000000001101", text: "where?" } }] }],
    };
    server.fake.control.sendRawWebhook({ product: "instagram", body: JSON.stringify(noMedia) });
    const unknownAccount = {
      object: "instagram",
      entry: [{ id: "17841499999999999", time: Math.floor(Date.now() / 1000), changes: [{ field: "comments", value: { from: { id: "1" }, media: { id: "1" }, id: "18000000000001102", text: "?" } }] }],
    };
    server.fake.control.sendRawWebhook({ product: "instagram", body: JSON.stringify(unknownAccount) });
    await server.fake.control.flushWebhooks();
    await expect
      .poll(async () => (await server.db.db.selectFrom("unknown_events").select(["kind", "reason"]).where("kind", "=", "comment").execute()).map((e) => e.reason).sort(), { timeout: 10_000 })
      .toEqual(["comment without media", "no channel for this account"]);

    const media = server.fake.control.seedInstagramMedia({ igUserId: w.ig.igUserId, caption: "Soon gone" });
    server.fake.control.deleteInstagramMedia({ mediaId: media.id });
    const body = {
      object: "instagram",
      entry: [{ id: w.ig.igUserId, time: Math.floor(Date.now() / 1000), changes: [{ field: "comments", value: { from: { id: "17800000000001103" }, media: { id: media.id }, id: "18000000000001103", text: "late" } }] }],
    };
    server.fake.control.sendRawWebhook({ product: "instagram", body: JSON.stringify(body) });
    await settled(media.id, 1);
    const post = await postOf(w, media.id);
    expect(post.deleted_at).not.toBeNull();
    expect(post.next_check_at).toBeNull();
  });
});
