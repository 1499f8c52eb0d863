/**
 * `pnpm bench kpi`: the KPI aggregate over 50 workspaces × 30 days — 5,000,000 messages (250,000 conversations of 20:
 * two customer messages, an AI answer, an agent answer, repeated), 500,000 comments, 1,250,000 decisions, their
 * replies, 4,500 published posts — generated with set-based SQL. Measures the backfill of the 30 days
 * (`backfillKpisResumable`, as `pnpm cli kpi backfill` does: a UTC day per transaction with its checkpoint), one incremental run after 30 minutes of fresh
 * data (`runIncremental`, with late rows), and `analytics.summary` / `analytics.kpis` through the real procedures.
 * Options: --workspaces N (50) --conversations N per workspace (5000) --comments N per workspace (10000) --calls N (400)
 * Database: DATABASE_URL / TEST_DATABASE_URL (a scratch database is created and dropped), else an embedded server.
 */
import os from "node:os";
import { sql } from "@sillage/db";
import { backfillKpisResumable, runIncremental } from "@sillage/kpis";
import { systemClock } from "@sillage/time";
import { benchArgs, pct } from "../support/cli";
import { measureCalibration } from "../support/calibration";
import { benchCaller, openBenchDatabase } from "../support/database";

const args = benchArgs();
const WORKSPACES = Number(args.workspaces ?? 50);
const CONVERSATIONS = Number(args.conversations ?? 5000);
const COMMENTS = Number(args.comments ?? 10_000);
const CALLS = Number(args.calls ?? 400);
const DAYS = 30;
const log = (m: string) => console.error(`[bench kpi] ${m}`);

const bench = await openBenchDatabase("kpi");
const { db } = bench;
const calibration = await measureCalibration(bench.pool);

// ---------- seed: rows carry created_at = updated_at = their own instant, as if written then ----------
const seedStart = performance.now();
await sql`insert into workspaces (name, slug, time_zone)
  select 'Bench ' || i, 'bench-' || i, (array['Europe/Paris','Europe/Paris','Europe/Paris','Asia/Kolkata','America/New_York'])[1 + i % 5]
  from generate_series(1, ${WORKSPACES}) i`.execute(db);
await sql`insert into channels (workspace_id, platform, external_id, display_name, token_ciphertext, token_key_id)
  select w.id, p, p || '-' || w.slug, p, '\\x00'::bytea, 'k1' from workspaces w cross join unnest(array['whatsapp','instagram']) p`.execute(db);
await sql`insert into contacts (workspace_id, channel_id, platform, platform_user_id)
  select c.workspace_id, c.id, c.platform, 'u' || g from channels c cross join generate_series(1, ${CONVERSATIONS / 2}) g`.execute(db);
await sql`insert into conversations (workspace_id, channel_id, contact_id, platform, created_at)
  select ct.workspace_id, ct.channel_id, ct.id, ct.platform, now() - interval '3 hours' - random() * (${DAYS} * interval '1 day' - interval '3 hours')
  from contacts ct`.execute(db);
log(`seeded ${WORKSPACES * CONVERSATIONS} conversations; inserting messages…`);
// Message g of a conversation, 7 minutes apart (plus up to 5 of jitter): 1–2 customer, 3 the AI, 4 an agent, again.
await sql`insert into messages (workspace_id, conversation_id, channel_id, direction, author, type, text, status, platform_timestamp, created_at, updated_at)
  select c.workspace_id, c.id, c.channel_id, case when g % 4 in (1, 2) then 'in' else 'out' end,
         case when g % 4 in (1, 2) then 'customer' when g % 4 = 3 then 'ai' else 'agent' end, 'text', 'Message ' || g,
         case when g % 4 in (1, 2) then null else 'read' end, t.at, t.at, t.at
  from conversations c cross join generate_series(1, 20) g
  cross join lateral (select c.created_at + (g * 7 + random() * 5) * interval '1 minute' as at) t`.execute(db);
log("messages in; decisions, comments, posts…");
await sql`insert into ai_decisions (workspace_id, conversation_id, batch_key, triage, confidence, reason, snapshot, outcome, created_at, updated_at)
  select c.workspace_id, c.id, 'b:' || c.id || ':' || t, d.triage, 0.8, 'bench', '{}',
         case when d.triage = 'AUTO_REPLY' and random() < 0.8 then 'sent' when d.triage = 'AUTO_REPLY' then 'blocked_ai_off' else 'not_applicable' end,
         c.created_at + ((t - 1) * 28 + 15) * interval '1 minute', c.created_at + ((t - 1) * 28 + 15) * interval '1 minute'
  from conversations c cross join generate_series(1, 5) t
  cross join lateral (select (array['AUTO_REPLY','AUTO_REPLY','AUTO_REPLY','ESCALATE','ESCALATE','IGNORE'])[1 + floor(random() * 6)::int] as triage) d`.execute(db);
await sql`insert into comments (workspace_id, channel_id, platform_media_id, platform_comment_id, text, own, platform_timestamp, created_at, updated_at)
  select c.workspace_id, c.id, 'm' || (g % 300), 'c' || g, 'Trop beau', g % 10 = 0, t.at, t.at, t.at
  from channels c cross join generate_series(1, ${COMMENTS}) g
  cross join lateral (select now() - random() * ${DAYS} * interval '1 day' as at) t
  where c.platform = 'instagram'`.execute(db);
await sql`with p as (
    insert into scheduled_posts (workspace_id, content, publish_at, time_zone)
    select c.workspace_id, jsonb_build_object('channel', c.id), now() - g * interval '8 hours', 'Europe/Paris'
    from channels c cross join generate_series(1, ${DAYS * 3}) g where c.platform = 'instagram'
    returning id, workspace_id, content, publish_at)
  insert into post_publications (workspace_id, post_id, channel_id, due_at, status, published_at, created_at, updated_at)
  select workspace_id, id, (content->>'channel')::uuid, publish_at, 'published', publish_at, publish_at, publish_at from p`.execute(db);
await sql`analyze`.execute(db);
const count = async (table: "messages" | "comments" | "ai_decisions") => Number((await db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow()).n);
const messages = await count("messages");
const comments = await count("comments");
const decisions = await count("ai_decisions");
log(`seeded ${messages} messages, ${comments} comments, ${decisions} decisions in ${((performance.now() - seedStart) / 1000).toFixed(1)} s`);

// ---------- backfill of the 30 days (the CLI's path: a UTC day per transaction, checkpointed) ----------
const to = new Date();
const from = new Date(to.getTime() - (DAYS + 1) * 86_400_000);
const backfillStart = performance.now();
const windows = (await backfillKpisResumable(db, { from, to, clock: systemClock, restart: true })).windowsTotal;
const backfillS = (performance.now() - backfillStart) / 1000;
const rows = Number((await db.selectFrom("kpi_windows").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow()).n);
log(`backfill: ${windows} windows, ${rows} rows in ${backfillS.toFixed(1)} s`);

// ---------- one incremental run after 30 minutes of fresh data ----------
await sql`insert into kpi_watermarks (scope, changed_since) values ('incremental', now() + interval '1 second')
  on conflict (scope) do update set changed_since = excluded.changed_since`.execute(db);
// WATERMARK_MARGIN_MS rereads the last 15 minutes: the watermark sits after the seed so the run sees only what follows.
await new Promise((r) => setTimeout(r, 1100));
const perHalfHour = Math.round(messages / (DAYS * 48));
// Fresh conversations (customer, then an answer) in the last 30 minutes, a few late messages from yesterday, and
// answers to turns begun days ago (their turns' windows must be recomputed).
await sql`with conv as (
    select id, workspace_id, channel_id from conversations order by random() limit ${Math.round(perHalfHour / 3)})
  insert into messages (workspace_id, conversation_id, channel_id, direction, author, type, text, status, platform_timestamp)
  select workspace_id, id, channel_id, case when g = 3 then 'out' else 'in' end, case when g = 3 then 'ai' else 'customer' end, 'text', 'fresh',
         case when g = 3 then 'sent' end, now() - interval '30 minutes' + (g * 8 + random() * 7) * interval '1 minute'
  from conv cross join generate_series(1, 3) g`.execute(db);
await sql`insert into messages (workspace_id, conversation_id, channel_id, direction, author, type, text, platform_timestamp)
  select workspace_id, id, channel_id, 'in', 'customer', 'text', 'late', created_at + interval '1 minute' from conversations order by random() limit 50`.execute(db);
await sql`insert into comments (workspace_id, channel_id, platform_media_id, platform_comment_id, text, platform_timestamp)
  select c.workspace_id, c.id, 'm' || (g % 300), 'fresh-' || g, 'Fresh', now() - random() * interval '30 minutes'
  from channels c cross join generate_series(1, ${Math.max(1, Math.round(comments / (DAYS * 48) / WORKSPACES))}) g where c.platform = 'instagram'`.execute(db);
const incStart = performance.now();
const inc = await runIncremental(db);
const incrementalMs = performance.now() - incStart;
log(`incremental: ${inc.windows} windows recomputed, ${inc.upserted} rows written in ${incrementalMs.toFixed(0)} ms`);

// ---------- the API, as each workspace's token calls it ----------
const workspaces = await db.selectFrom("workspaces").select("id").execute();
const caller = benchCaller(db);
const summaryTimings: number[] = [];
const kpisTimings: number[] = [];
for (let i = 0; i < CALLS + 40; i++) {
  const c = caller(workspaces[i % workspaces.length]!.id);
  let start = performance.now();
  const s = await c.analytics.summary({});
  if (i >= 40) summaryTimings.push(performance.now() - start);
  if (s.current.values.messages_count === 0) throw new Error("empty summary: the backfill did not work");
  start = performance.now();
  await c.analytics.kpis({ from: new Date(Date.now() - 48 * 3600_000), to: new Date() });
  if (i >= 40) kpisTimings.push(performance.now() - start);
}

await bench.drop();

console.log(
  JSON.stringify({
    bench: "kpi",
    calibration,
    workspaces: WORKSPACES,
    messages,
    comments,
    decisions,
    rows,
    backfill_s: Math.round(backfillS * 10) / 10,
    incremental_run_ms: Math.round(incrementalMs),
    incremental_windows: inc.windows,
    summary_p50_ms: pct(summaryTimings, 50),
    summary_p95_ms: pct(summaryTimings, 95),
    kpis_p50_ms: pct(kpisTimings, 50),
    kpis_p95_ms: pct(kpisTimings, 95),
    cpus: os.cpus().length,
    node: process.version,
  }),
);
