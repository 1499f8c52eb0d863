/**
 * `pnpm bench comments`: one full polling cycle over 10,000 active posts (50 Instagram accounts × 200 posts younger
 * than 7 days), each already holding 100 comments Sillage has seen (stored, checkpoint at the newest), the fake Graph
 * API (its own process) adding `--latency` ms to every call. During the cycle 1 % of the posts receive new comments
 * (1–3 each, some as replies), at random moments of its first `--inject-s` seconds.
 *
 * The cycle is the worst case of the product's schedule: every post due at the same instant (a restart, or a
 * reconnect after a pause); the dispatcher queues one `comments.poll_post` each, the real worker (graphile-worker,
 * `--concurrency`) runs them. cycle_s = dispatch → every post checked. A comment added to a post after that post's
 * check is found by the next check, so a second cycle follows; `missed` counts new comments still absent after it,
 * `detect_p95_s` (added → stored) covers both. calls = Graph calls of the cycle (comment pages, reply pages);
 * calls_per_quiet_post = the calls of posts without new comments / their number. duplicates = stored rows beyond
 * one per platform id, plus triage jobs beyond one per new comment.
 * Options: --accounts 50 --posts 200 (per account) --comments 100 --latency 50 --concurrency 48 --share 0.01
 * --inject-s 20. Last line: one JSON object of figures.
 */
import { spawn } from "node:child_process";
import path from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { saveChannel } from "@sillage/channels";
import { commentsJobs, dispatchDue, listAccountMedia, type CommentsDeps } from "@sillage/comments";
import { createConnectors } from "@sillage/connectors";
import { SecretBox } from "@sillage/crypto";
import { sql } from "@sillage/db";
import { FakeGraphClient } from "@sillage/fake-graph";
import { createLogger } from "@sillage/observability";
import { startWorker } from "@sillage/queue";
import { systemClock } from "@sillage/time";
import { measureCalibration } from "../support/calibration";
import { benchArgs, pct } from "../support/cli";
import { openBenchDatabase } from "../support/database";

const here = path.dirname(fileURLToPath(import.meta.url));
const args = benchArgs();
const arg = (name: string, def: number) => Number(args[name] ?? def);
const ACCOUNTS = arg("accounts", 50);
const POSTS = arg("posts", 200);
const COMMENTS = arg("comments", 100);
const LATENCY = arg("latency", 50);
const CONCURRENCY = arg("concurrency", 48);
const SHARE = arg("share", 0.01);
const INJECT_S = arg("inject-s", 20);
const log = (msg: string) => process.stderr.write(`[bench comments] ${msg}\n`);

let peakRss = process.memoryUsage().rss;
const rssTimer = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 100);

const bench = await openBenchDatabase("comments", { maxConnections: CONCURRENCY + 12 });
const { db, pool } = bench;
const calibration = await measureCalibration(pool);

// ---------- the fake, seeded in its own process ----------
const fakeProc = spawn(process.execPath, ["--import", "tsx", path.join(here, "fake.ts"), String(ACCOUNTS), String(POSTS), String(COMMENTS)], { stdio: ["pipe", "pipe", "inherit"] });
const lines = createInterface({ input: fakeProc.stdout! });
const accounts: { igUserId: string; token: string }[] = [];
const medias: { a: string; m: string; c: string[]; t: number; b: number; s: number }[] = [];
let fakeUrl = "";
await new Promise<void>((resolve) => {
  lines.on("line", (line) => {
    if (!fakeUrl) fakeUrl = line;
    else if (line === "ready") resolve();
    else {
      const o = JSON.parse(line) as { igUserId?: string; token?: string } & (typeof medias)[number];
      if (o.igUserId) accounts.push({ igUserId: o.igUserId, token: o.token! });
      else medias.push(o as (typeof medias)[number]);
    }
  });
});
const fake = new FakeGraphClient(fakeUrl);
// Meta's budgets are per app and per account over an hour; a cycle's calls stay well below them (see README).
await fake.configure({ usage: { percentPerCall: 0.001 } });
log(`fake at ${fakeUrl}: ${accounts.length} accounts, ${medias.length} posts, ${medias.length * COMMENTS} comments`);

const secretBox = new SecretBox("bench-app-secret-0123456789abcdef0123456789");
const connectors = createConnectors({ graphUrl: fakeUrl, instagramGraphUrl: fakeUrl, instagramOauthUrl: fakeUrl, graphVersion: "v25.0", timeoutMs: 30_000 });
const logger = createLogger({ level: "warn", destination: process.stderr });
const deps: CommentsDeps = { db, clock: systemClock, connectors, secretBox, logger };

// ---------- Sillage's side: channels, media followed (the product's listing), comments seen, checkpoints ----------
const channelOf = new Map<string, { id: string; workspaceId: string }>();
for (const [i, a] of accounts.entries()) {
  const ws = await db.insertInto("workspaces").values({ name: `Bench ${i}`, slug: `bench-${i}` }).returning("id").executeTakeFirstOrThrow();
  const id = await saveChannel(db, secretBox, { workspaceId: ws.id, platform: "instagram", variant: "instagram", externalId: a.igUserId, displayName: `ig ${i}`, accessToken: a.token, tokenIssuedAt: new Date() });
  channelOf.set(a.igUserId, { id, workspaceId: ws.id });
}
const t0 = Date.now();
await Promise.all([...channelOf.values()].map((c) => listAccountMedia(deps, c.id)));
const posts = await db.selectFrom("comment_posts").select(["id", "channel_id", "platform_media_id", "workspace_id"]).execute();
log(`media listed: ${posts.length} posts followed in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
const postOf = new Map(posts.map((p) => [p.platform_media_id, p]));
const t1 = Date.now();
for (let i = 0; i < medias.length; i += 500) {
  const chunk = medias.slice(i, i + 500);
  const rows = chunk.flatMap((m) => {
    const post = postOf.get(m.m)!;
    // The fake's own times and texts (c[0] is the newest): what Sillage stored when it saw them.
    return m.c.map((cid, k) => {
      const n = m.c.length - 1 - k;
      return { post, cid, text: `comment ${n}`, at: new Date(Math.floor((m.b + n * m.s) / 1000) * 1000) };
    });
  });
  await sql`insert into comments (workspace_id, channel_id, post_id, platform_media_id, platform_comment_id, text, platform_timestamp, source)
    select * from unnest(${rows.map((r) => r.post.workspace_id)}::uuid[], ${rows.map((r) => r.post.channel_id)}::uuid[], ${rows.map((r) => r.post.id)}::uuid[],
      ${rows.map((r) => r.post.platform_media_id)}::text[], ${rows.map((r) => r.cid)}::text[], ${rows.map((r) => r.text)}::text[], ${rows.map((r) => r.at.toISOString())}::timestamptz[], ${rows.map(() => "poll")}::text[])`.execute(db);
  await sql`insert into comment_checkpoints (post_id, workspace_id, newest_comment_id, newest_comment_at)
    select * from unnest(${chunk.map((m) => postOf.get(m.m)!.id)}::uuid[], ${chunk.map((m) => postOf.get(m.m)!.workspace_id)}::uuid[], ${chunk.map((m) => m.c[0]!)}::text[], ${chunk.map((m) => new Date(m.t).toISOString())}::timestamptz[])`.execute(db);
}
await sql`analyze`.execute(db);
log(`seen comments stored and checkpoints set in ${((Date.now() - t1) / 1000).toFixed(1)} s`);


// ---------- the worker (the comments' jobs only: triage jobs wait, they are another bench) ----------
if (LATENCY > 0) await fake.injectFault({ kind: "slow", delayMs: LATENCY, times: 1_000_000_000, match: { operation: "any" } });
const runner = await startWorker({
  pool,
  definitions: commentsJobs.filter((d) => d.id === "comments.poll_post"),
  cron: [],
  services: deps,
  logger,
  concurrency: CONCURRENCY,
  pollInterval: 200,
});

async function runCycle(label: string): Promise<number> {
  const start = new Date();
  await db.updateTable("comment_posts").set({ next_check_at: start, dispatched_for: null }).execute();
  const started = Date.now();
  const summary = await dispatchDue(deps);
  log(`${label}: dispatched ${summary.checks} checks in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  for (;;) {
    const { n } = await db.selectFrom("comment_posts").select((eb) => eb.fn.countAll<string>().as("n")).where("last_check_at", ">=", start).executeTakeFirstOrThrow();
    if (Number(n) >= posts.length) break;
    await new Promise((r) => setTimeout(r, 250));
  }
  return (Date.now() - started) / 1000;
}

// ---------- new comments during the cycle ----------
const chosen = [...medias].sort(() => Math.random() - 0.5).slice(0, Math.round(medias.length * SHARE));
const injected: { mediaId: string; id: string; at: number }[] = [];
let injecting = Promise.resolve();
function inject(): void {
  const plan = chosen.flatMap((m) => Array.from({ length: 1 + Math.floor(Math.random() * 3) }, () => ({ m, delay: Math.random() * INJECT_S * 1000 }))).sort((a, b) => a.delay - b.delay);
  const begin = Date.now();
  injecting = (async () => {
    for (const { m, delay } of plan) {
      const wait = begin + delay - Date.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      const parentId = Math.random() < 0.3 ? m.c[Math.floor(Math.random() * 10)] : undefined;
      const at = Date.now();
      const { id } = await fake.customerComment({ mediaId: m.m, from: `179${Math.floor(Math.random() * 1e9)}`, text: "Nouveau !", parentId, silent: true });
      injected.push({ mediaId: m.m, id, at });
    }
  })();
}

const callsBefore = (await fake.calls()).length;
inject();
const cycleS = await runCycle("cycle");
const calls = (await fake.calls()).slice(callsBefore);
await injecting;
const cycle2S = await runCycle("next cycle");
await runner.stop();

// ---------- figures ----------
const busy = new Set(chosen.map((m) => m.m));
const commentCalls = calls.filter((c) => c.operation === "instagram.comments" || c.operation === "instagram.replies");
const quietCalls = commentCalls.filter((c) => {
  const mediaId = c.path.split("/").at(-2)!;
  return c.operation === "instagram.comments" && !busy.has(mediaId);
}).length;
const quietPosts = posts.length - busy.size;
const stored = await db
  .selectFrom("comments")
  .select(["platform_comment_id", "created_at"])
  .where("platform_comment_id", "in", injected.length ? injected.map((i) => i.id) : ["none"])
  .execute();
const storedAt = new Map(stored.map((r) => [r.platform_comment_id, r.created_at.getTime()]));
const detect = injected.filter((i) => storedAt.has(i.id)).map((i) => (storedAt.get(i.id)! - i.at) / 1000);
const { rows: dupRows } = await sql<{ n: string }>`select count(*) - count(distinct (channel_id, platform_comment_id)) as n from comments`.execute(db);
const { rows: triageRows } = await sql<{ n: string; keys: string }>`select count(*) as n, count(distinct key) as keys from graphile_worker._private_jobs j join graphile_worker._private_tasks t on t.id = j.task_id where t.identifier = 'comments.triage'`.execute(db);
const triageDup = Number(triageRows[0]!.n) - Number(triageRows[0]!.keys);
const triageMissing = injected.length - Number(triageRows[0]!.n);

clearInterval(rssTimer);
fakeProc.stdin!.end();
await bench.drop();
const figures = {
  posts: posts.length,
  accounts: accounts.length,
  seen_comments: medias.length * COMMENTS,
  latency_ms: LATENCY,
  concurrency: CONCURRENCY,
  cycle_s: Math.round(cycleS * 10) / 10,
  next_cycle_s: Math.round(cycle2S * 10) / 10,
  calls: commentCalls.length,
  calls_per_quiet_post: Math.round((quietCalls / quietPosts) * 1000) / 1000,
  busy_posts: busy.size,
  new_comments: injected.length,
  new_found: stored.length,
  missed: injected.length - stored.length,
  duplicates: Number(dupRows[0]!.n) + Math.max(0, triageDup),
  triage_jobs_missing: triageMissing,
  detect_p50_s: pct(detect, 50),
  detect_p95_s: pct(detect, 95),
  peak_rss_mb: Math.round(peakRss / 1_048_576),
  calibration,
};
process.stdout.write(`${JSON.stringify(figures)}\n`);
process.exit(0);
