/**
 * `pnpm bench publish`: how late and how fast scheduled posts go out, and that none is lost or duplicated.
 *
 * Phase 1 ("single"): posts due one at a time (spaced out), on an idle worker: each post's lateness.
 * Phase 2 ("burst"): N workspaces × M posts all due at the same instant (a round minute people pick): lateness
 * under load, drain time, throughput.
 * Lateness = when the worker called the connector (post_runs.started_at) minus the due time ("due → first call");
 * "due → live" = when the post went public (the fake's record of the WhatsApp send / the Instagram `media_publish`
 * answer) minus the due time. The fake Graph API runs in its own process on loopback with a fixed latency on every
 * call; an Instagram container answers IN_PROGRESS to its first `--container-polls` status reads (1, the fake's
 * default) and for `--container-ms` after creation (0). Options: --workspaces 20 --posts 500 --latency 50
 * --concurrency 64 --single 60 --poll 500 (graphile-worker poll interval, the product's default) --container-polls 1
 * --container-ms 0 --inline-wait 2000 (waits between steps up to this long stay in the job, the product's default).
 * Last line of output: one JSON object of figures.
 */
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { saveChannel } from "@sillage/channels";
import { createConnectors } from "@sillage/connectors";
import { sql } from "@sillage/db";
import { SecretBox } from "@sillage/crypto";
import { systemClock } from "@sillage/time";
import { FakeGraphClient } from "@sillage/fake-graph";
import { createMediaServices, localMediaStore } from "@sillage/media";
import { createLogger } from "@sillage/observability";
import { createPost, postContentSchema, publishingCron, publishingJobs } from "@sillage/publishing";
import { startWorker } from "@sillage/queue";
import { benchArgs, pct } from "../support/cli";
import { measureCalibration } from "../support/calibration";
import { openBenchDatabase } from "../support/database";

const here = path.dirname(fileURLToPath(import.meta.url));
const args = benchArgs();
const arg = (name: string, def: number) => Number(args[name] ?? def);
const WORKSPACES = arg("workspaces", 20);
const POSTS = arg("posts", 500);
const LATENCY = arg("latency", 50);
const CONCURRENCY = arg("concurrency", 64);
const SINGLE = arg("single", 60);
const POLL = arg("poll", 500);
const CONTAINER_POLLS = arg("container-polls", 1);
const CONTAINER_MS = arg("container-ms", 0);
const INLINE_WAIT = arg("inline-wait", 2000);
const log = (msg: string) => process.stderr.write(`[bench publish] ${msg}\n`);

let peakRss = process.memoryUsage().rss;
const rssTimer = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 100);

// ---------- database: a scratch one; jobs hold no connection while they wait for the platform ----------
const bench = await openBenchDatabase("publish", { maxConnections: Math.min(CONCURRENCY, 40) + 10 });
const { db, pool } = bench;
const calibration = await measureCalibration(pool);

// ---------- the fake Graph API in its own process ----------
const fakeProc = spawn(process.execPath, ["--import", "tsx", path.join(here, "fake.ts"), String(CONTAINER_POLLS), String(CONTAINER_MS)], { stdio: ["pipe", "pipe", "inherit"] });
const fakeUrl = await new Promise<string>((resolve) => createInterface({ input: fakeProc.stdout! }).once("line", resolve));
const fake = new FakeGraphClient(fakeUrl);
await fake.configureWebhooks({ statuses: [] });
if (LATENCY > 0) await fake.injectFault({ kind: "slow", delayMs: LATENCY, times: 1_000_000_000, match: { operation: "any" } });
log(`fake Graph API at ${fakeUrl} (${LATENCY} ms per call); database ${new URL(bench.url).pathname.slice(1)}`);

const secret = "bench-app-secret-0123456789abcdef0123456789";
const secretBox = new SecretBox(secret);
const connectors = createConnectors({ graphUrl: fakeUrl, instagramGraphUrl: fakeUrl, instagramOauthUrl: fakeUrl, graphVersion: "v25.0", timeoutMs: 15_000 });
const media = createMediaServices({ store: localMediaStore(path.join(os.tmpdir(), "sillage-bench-media")), appSecret: secret, appUrl: "http://127.0.0.1:9", now: () => new Date() });
const logger = createLogger({ level: "warn", destination: process.stderr });

// ---------- workspaces: even ones publish on Instagram, odd ones broadcast on WhatsApp ----------
interface Ws {
  id: string;
  channelId: string;
  platform: "instagram" | "whatsapp";
  mediaId?: string;
}
const workspaces: Ws[] = [];
for (let i = 0; i < WORKSPACES; i++) {
  const ws = await db.insertInto("workspaces").values({ name: `Bench ${i}`, slug: `bench-${i}` }).returning("id").executeTakeFirstOrThrow();
  const platform = i % 2 === 0 ? "instagram" : "whatsapp";
  let channelId: string;
  if (platform === "instagram") {
    const ig = await fake.createInstagramAccount({ variant: "instagram" });
    channelId = await saveChannel(db, secretBox, { workspaceId: ws.id, platform, variant: "instagram", externalId: ig.igUserId, displayName: `ig ${i}`, accessToken: ig.token, tokenIssuedAt: new Date() });
  } else {
    const wa = await fake.createWhatsAppAccount({ templates: [{ name: "promo", bodyText: "Hello" }] });
    channelId = await saveChannel(db, secretBox, { workspaceId: ws.id, platform, externalId: wa.phoneNumberId, wabaId: wa.wabaId, displayName: `wa ${i}`, accessToken: wa.token, tokenIssuedAt: new Date() });
  }
  const w: Ws = { id: ws.id, channelId, platform };
  if (platform === "instagram") {
    const m = await db
      .insertInto("media_assets")
      .values({ workspace_id: ws.id, storage_key: `${ws.id}/photo.jpg`, mime_type: "image/jpeg", size_bytes: 1000, sha256: "x" })
      .returning("id")
      .executeTakeFirstOrThrow();
    w.mediaId = m.id;
  }
  workspaces.push(w);
}

// Each post carries a unique marker (caption, or recipient number) so the fake's records map back to it.
let seq = 0;
async function schedule(ws: Ws, dueAt: Date): Promise<string> {
  const n = ++seq;
  const content = postContentSchema.parse(
    ws.platform === "instagram"
      ? { text: `bench post ${n}`, mediaIds: [ws.mediaId] }
      : { whatsapp: { template: { name: "promo", language: "en_US" }, audience: { phones: [`33${String(600_000_000 + n)}`] } } },
  );
  const { id } = await createPost(db, { workspaceId: ws.id, createdBy: null, channelIds: [ws.channelId], content, schedule: { kind: "once", publishAt: dueAt, timeZone: "Europe/Paris" } }, new Date());
  return id;
}

async function inParallel<T>(items: T[], width: number, fn: (t: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: width }, async () => {
    while (next < items.length) await fn(items[next++]!);
  }));
}

// The publishing jobs alone (the product's other jobs have nothing to do here): publish, media lookups, repair sweep.
const services = { db, clock: systemClock, connectors, secretBox, media, publishing: { maxInlineWaitMs: INLINE_WAIT } };
const runner = await startWorker({ pool, definitions: publishingJobs, cron: publishingCron, services, logger, concurrency: CONCURRENCY, pollInterval: POLL });
log(`worker: concurrency ${CONCURRENCY}, poll ${POLL} ms`);

interface Row {
  post_id: string;
  status: string;
  due_at: Date;
  started_at: Date | null;
  published_at: Date | null;
}
async function rowsOf(postIds: string[]): Promise<Row[]> {
  const { rows } = await sql<Row>`
    select p.post_id, p.status, p.due_at, p.published_at,
      (select min(r.started_at) from post_runs r where r.publication_id = p.id) as started_at
    from post_publications p where p.post_id = any(${postIds}::uuid[])`.execute(db);
  return rows;
}
async function waitDone(postIds: string[], deadline: number): Promise<Row[]> {
  for (;;) {
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from post_publications where post_id = any(${postIds}::uuid[]) and status in ('queued', 'publishing', 'waiting_quota')`.execute(db);
    if (rows[0]!.n === 0 || Date.now() > deadline) return rowsOf(postIds);
    await new Promise((r) => setTimeout(r, 250));
  }
}
/** The fake's own record of each post going out (WhatsApp send / Instagram media_publish), by marker. */
async function platformRecords(): Promise<Map<string, number[]>> {
  const out = new Map<string, number[]>();
  const add = (k: string, at: string | number) => {
    const list = out.get(k) ?? [];
    list.push(new Date(at).getTime());
    out.set(k, list);
  };
  for (const m of await fake.sentMessages({ channel: "whatsapp" })) add(`wa:${m.to}`, m.at);
  for (const p of await fake.published({})) add(`ig:${p.caption}`, p.at);
  return out;
}

// ---------- phase 1: single posts, one at a time ----------
const singleStart = Date.now() + 3000;
const singleIds: string[] = [];
for (let i = 0; i < SINGLE; i++) singleIds.push(await schedule(workspaces[i % workspaces.length]!, new Date(singleStart + i * 250 + Math.floor(Math.random() * 200))));
const singleRows = await waitDone(singleIds, singleStart + SINGLE * 250 + 60_000);
const singleLateness = singleRows.filter((r) => r.started_at).map((r) => r.started_at!.getTime() - r.due_at.getTime());
log(`single: ${singleRows.filter((r) => r.status === "published").length}/${SINGLE} published, lateness p50 ${pct(singleLateness, 50)} ms, p99 ${pct(singleLateness, 99)} ms`);

// ---------- phase 2: the burst ----------
const total = WORKSPACES * POSTS;
const lead = 10_000 + Math.ceil(total * 2.5);
const dueAt = new Date(Math.ceil((Date.now() + lead) / 1000) * 1000);
const createStart = Date.now();
const burst: { ws: Ws; n: number }[] = [];
for (let p = 0; p < POSTS; p++) for (const ws of workspaces) burst.push({ ws, n: p });
const burstIds: string[] = [];
await inParallel(burst, 8, async ({ ws }) => burstIds.push(await schedule(ws, dueAt)));
const createdIn = Date.now() - createStart;
log(`burst: ${total} posts created in ${(createdIn / 1000).toFixed(1)} s, all due at ${dueAt.toISOString()} (${Math.round((dueAt.getTime() - Date.now()) / 1000)} s from now)`);
if (Date.now() > dueAt.getTime()) log("warning: creation overran the due time; lateness includes it");
const burstRows = await waitDone(burstIds, dueAt.getTime() + 180_000);
const burstLateness = burstRows.filter((r) => r.started_at).map((r) => r.started_at!.getTime() - r.due_at.getTime());
const lastPublished = Math.max(...burstRows.filter((r) => r.published_at).map((r) => r.published_at!.getTime()));
const drainS = (lastPublished - dueAt.getTime()) / 1000;

// ---------- never twice, never lost: the platform's view ----------
const records = await platformRecords();
const allIds = [...singleIds, ...burstIds];
const posts = await db.selectFrom("scheduled_posts").select(["id", "content"]).where("id", "in", allIds).execute();
let duplicates = 0;
let lost = 0;
const platformLateness: number[] = [];
// Due → live of the single posts, per platform.
const singleLive: Record<"ig" | "wa", number[]> = { ig: [], wa: [] };
const dueOf = new Map([...singleRows, ...burstRows].map((r) => [r.post_id, r.due_at.getTime()]));
const burstSet = new Set(burstIds);
for (const p of posts) {
  const c = p.content as { text?: string; whatsapp?: { audience: { phones: string[] } } };
  const key = c.whatsapp ? `wa:${c.whatsapp.audience.phones[0]}` : `ig:${c.text}`;
  const seen = records.get(key) ?? [];
  if (seen.length === 0) lost++;
  if (seen.length > 1) duplicates += seen.length - 1;
  if (seen[0] && burstSet.has(p.id)) platformLateness.push(seen[0] - dueOf.get(p.id)!);
  else if (seen[0]) singleLive[c.whatsapp ? "wa" : "ig"].push(seen[0] - dueOf.get(p.id)!);
}
log(`single due → live: Instagram p50 ${pct(singleLive.ig, 50)} ms, p99 ${pct(singleLive.ig, 99)} ms; WhatsApp p50 ${pct(singleLive.wa, 50)} ms, p99 ${pct(singleLive.wa, 99)} ms`);
const notPublished = [...singleRows, ...burstRows].filter((r) => r.status !== "published").length;

clearInterval(rssTimer);
const cpu = process.cpuUsage();
const fakeCpuS = (() => {
  try {
    const f = readFileSync(`/proc/${fakeProc.pid}/stat`, "utf8").split(") ")[1]!.split(" ");
    return (Number(f[11]) + Number(f[12])) / 100;
  } catch {
    return null;
  }
})();
await runner.stop();
fakeProc.stdin!.end();
await bench.drop();

const figures = {
  bench: "publish",
  calibration,
  posts: allIds.length,
  burst_posts: total,
  workspaces: WORKSPACES,
  fake_latency_ms: LATENCY,
  concurrency: CONCURRENCY,
  poll_interval_ms: POLL,
  inline_wait_ms: INLINE_WAIT,
  container_polls_in_progress: CONTAINER_POLLS,
  container_processing_ms: CONTAINER_MS,
  lateness_p50_ms: pct(singleLateness, 50),
  lateness_p95_ms: pct(singleLateness, 95),
  lateness_p99_ms: pct(singleLateness, 99),
  lateness_max_ms: pct(singleLateness, 100),
  ig_live_p50_ms: pct(singleLive.ig, 50),
  ig_live_p95_ms: pct(singleLive.ig, 95),
  ig_live_p99_ms: pct(singleLive.ig, 99),
  ig_live_max_ms: pct(singleLive.ig, 100),
  wa_live_p50_ms: pct(singleLive.wa, 50),
  wa_live_p99_ms: pct(singleLive.wa, 99),
  burst_lateness_p50_ms: pct(burstLateness, 50),
  burst_lateness_p95_ms: pct(burstLateness, 95),
  burst_lateness_p99_ms: pct(burstLateness, 99),
  burst_lateness_max_ms: pct(burstLateness, 100),
  burst_live_p50_ms: pct(platformLateness, 50),
  platform_lateness_p99_ms: pct(platformLateness, 99),
  drain_s: Math.round(drainS * 10) / 10,
  throughput_per_s: Math.round(total / Math.max(drainS, 0.001)),
  creation_s: Math.round(createdIn / 100) / 10,
  not_published: notPublished,
  duplicates,
  lost,
  peak_rss_mb: Math.round(peakRss / 1_048_576),
  worker_cpu_s: Math.round((cpu.user + cpu.system) / 100_000) / 10,
  fake_cpu_s: fakeCpuS,
};
process.stdout.write(`${JSON.stringify(figures)}\n`);
process.exit(0);
