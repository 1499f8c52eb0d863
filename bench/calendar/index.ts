/**
 * `pnpm bench calendar`: `posts.calendar` latency for a month grid (42 days) and a week, through the real procedure
 * (workspace scoping, row-level security, the publications query and the series expansion), in workspaces that each
 * hold 2,000 posts in the month plus active series (daily, weekly, and hourly ones that started a year ago, the
 * expensive case). Other workspaces hold the same, so the index has to do the scoping. Last line: one JSON object.
 * Then rules with no occurrence (issue 9 A: one froze the server) through `posts.previewOccurrences` and
 * `posts.create`, each answered with a field error: the time of each answer.
 * Options: --workspaces N (20) --posts N per workspace in the month (2000) --series N per workspace (20) --calls N (300)
 *   --rule-calls N per pathological rule and procedure (5)
 * Database: DATABASE_URL / TEST_DATABASE_URL (a scratch database is created and dropped), else an embedded server.
 */
import os from "node:os";
import { sql } from "@sillage/db";
import { benchArgs, pct } from "../support/cli";
import { measureCalibration } from "../support/calibration";
import { benchCaller, openBenchDatabase } from "../support/database";

const args = benchArgs();
const WORKSPACES = Number(args.workspaces ?? 20);
const POSTS = Number(args.posts ?? 2000);
const SERIES = Number(args.series ?? 20);
const CALLS = Number(args.calls ?? 300);
const RULE_CALLS = Number(args["rule-calls"] ?? 5);
const log = (m: string) => console.error(`[bench calendar] ${m}`);

const bench = await openBenchDatabase("calendar");
const { db } = bench;
const calibration = await measureCalibration(bench.pool);

// The month on screen: a 6-week grid starting 7 days before the first of next month (UTC midnight; zones don't matter here).
const now = new Date();
const monthStart = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1));
const gridFrom = new Date(monthStart.getTime() - 7 * 86_400_000);
const gridTo = new Date(gridFrom.getTime() + 42 * 86_400_000);

// ---------- seed (set-based SQL) ----------
const seedStart = performance.now();
await sql`insert into workspaces (name, slug) select 'Bench ' || i, 'bench-' || i from generate_series(1, ${WORKSPACES}) i`.execute(db);
await sql`insert into channels (workspace_id, platform, variant, external_id, display_name, token_ciphertext, token_key_id, status)
  select w.id, p.platform, null, 'bench-' || w.slug || '-' || p.platform, 'Bench ' || p.platform, '\\x00'::bytea, 'k1', 'active'
  from workspaces w cross join (values ('whatsapp'), ('instagram')) p(platform)`.execute(db);
// One-off posts spread over the month, one publication each (statuses as a month looks: mostly queued or published).
await sql`insert into scheduled_posts (workspace_id, content, publish_at, time_zone)
  select w.id, jsonb_build_object('text', 'Post ' || g || ' : nouveautés de la semaine, -20 % sur la collection'),
         ${monthStart}::timestamptz + (g * interval '1 minute' * (30 * 24 * 60 / ${POSTS})), 'Europe/Paris'
  from workspaces w cross join generate_series(1, ${POSTS}) g`.execute(db);
await sql`insert into post_channels (post_id, channel_id, workspace_id)
  select s.id, (select c.id from channels c where c.workspace_id = s.workspace_id order by c.platform limit 1), s.workspace_id
  from scheduled_posts s`.execute(db);
await sql`insert into post_publications (workspace_id, post_id, channel_id, due_at, status)
  select s.workspace_id, s.id, pc.channel_id, s.publish_at, (array['queued','queued','published','failed','cancelled'])[1 + floor(random() * 5)::int]
  from scheduled_posts s join post_channels pc on pc.post_id = s.id`.execute(db);
// Active series on both channels: a third daily, a third weekly, a third hourly started a year ago.
await sql`insert into scheduled_posts (workspace_id, content, rrule, dtstart_local, time_zone, next_occurrence_at)
  select w.id, jsonb_build_object('text', 'Série ' || g),
         (array['FREQ=DAILY', 'FREQ=WEEKLY;BYDAY=MO,WE,FR', 'FREQ=HOURLY;INTERVAL=6'])[1 + g % 3],
         (now() - interval '365 days')::timestamp(0), 'Europe/Paris', now() + interval '1 hour'
  from workspaces w cross join generate_series(1, ${SERIES}) g`.execute(db);
await sql`insert into post_channels (post_id, channel_id, workspace_id)
  select s.id, c.id, s.workspace_id from scheduled_posts s join channels c on c.workspace_id = s.workspace_id where s.rrule is not null`.execute(db);
await sql`analyze`.execute(db);
const publications = Number((await db.selectFrom("post_publications").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow()).n);
log(`seeded ${WORKSPACES} workspaces, ${publications} publications, ${WORKSPACES * SERIES} series in ${((performance.now() - seedStart) / 1000).toFixed(1)} s`);

// ---------- the procedure ----------
const caller = benchCaller(db);
const workspaces = await db.selectFrom("workspaces").select("id").execute();
const periods = {
  month: { from: gridFrom, to: gridTo },
  week: { from: new Date(monthStart.getTime() + 7 * 86_400_000), to: new Date(monthStart.getTime() + 14 * 86_400_000) },
};
const timings: Record<keyof typeof periods, number[]> = { month: [], week: [] };
let entries = 0;
let planned = 0;
async function call(i: number, record: boolean) {
  const view = i % 4 === 0 ? "week" : "month";
  const c = caller(workspaces[i % workspaces.length]!.id);
  const start = performance.now();
  const res = await c.posts.calendar({ ...periods[view], limit: 5000 });
  const ms = performance.now() - start;
  if (res.items.length === 0) throw new Error("empty calendar: the seed did not work");
  if (!record) return;
  timings[view].push(ms);
  if (view === "month") {
    entries = res.items.length;
    planned = res.items.filter((e) => e.status === "planned").length;
  }
}
for (let i = 0; i < 20; i++) await call(i, false); // warm-up: plans, pool, JIT
for (let i = 0; i < CALLS; i++) await call(i + 1, true);

// ---------- pathological rules ----------
// From 10:00 on a Saturday; each has no occurrence at all (rrule stepped to the year 9999, or for ever, before).
const PATHOLOGICAL = [
  "FREQ=HOURLY;INTERVAL=3;BYDAY=SA,SU;BYHOUR=9,12,15,18",
  "FREQ=HOURLY;BYMONTH=2;BYMONTHDAY=30",
  "FREQ=DAILY;BYMONTH=2;BYMONTHDAY=31",
  "FREQ=DAILY;INTERVAL=7;BYDAY=TU",
  "FREQ=WEEKLY;BYMONTH=4;BYMONTHDAY=31",
  "FREQ=MONTHLY;BYDAY=5MO;BYMONTHDAY=1",
  "FREQ=YEARLY;BYMONTH=5;BYMONTHDAY=3;BYSETPOS=3",
];
const ruleCaller = caller(workspaces[0]!.id);
const channel = await db.selectFrom("channels").select("id").where("workspace_id", "=", workspaces[0]!.id).where("platform", "=", "whatsapp").executeTakeFirstOrThrow();
const series = { dtstart: "2031-06-07T10:00", timeZone: "Europe/Paris" };
const rules: Record<string, { preview_max_ms: number; create_max_ms: number }> = {};
async function refused(call: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  const answered = await call().then(
    () => "accepted",
    // A schema's issue has its path as a list, a router's own check as a dotted string (packages/api/src/input-errors.ts).
    (err: unknown) => {
      const path = (err as { cause?: { issues?: { path: readonly PropertyKey[] | string }[] } }).cause?.issues?.[0]?.path;
      return (typeof path === "string" ? path.split(".")[0] : path?.[0]) === "rrule" ? "refused" : String(err);
    },
  );
  if (answered !== "refused") throw new Error(`expected a field error on rrule, got ${answered}`);
  return performance.now() - start;
}
for (const rrule of PATHOLOGICAL) {
  const preview: number[] = [];
  const create: number[] = [];
  for (let i = 0; i < RULE_CALLS; i++) {
    preview.push(await refused(() => ruleCaller.posts.previewOccurrences({ rrule, ...series })));
    create.push(await refused(() => ruleCaller.posts.create({ rrule, ...series, channelIds: [channel.id], content: { text: "Bench", mediaIds: [], whatsapp: { audience: { phones: ["33611110000"], optedInContacts: false } } } })));
  }
  rules[rrule] = { preview_max_ms: Math.max(...preview), create_max_ms: Math.max(...create) };
  log(`${rrule}: preview max ${rules[rrule].preview_max_ms.toFixed(1)} ms, create max ${rules[rrule].create_max_ms.toFixed(1)} ms`);
}

await bench.drop();
console.log(
  JSON.stringify({
    bench: "calendar",
    calibration,
    workspaces: WORKSPACES,
    posts_per_month: POSTS,
    series_per_workspace: SERIES,
    month_entries: entries,
    month_planned: planned,
    calls: timings.month.length + timings.week.length,
    month_p50_ms: pct(timings.month, 50),
    month_p95_ms: pct(timings.month, 95),
    week_p50_ms: pct(timings.week, 50),
    week_p95_ms: pct(timings.week, 95),
    pathological_preview_max_ms: Math.max(...Object.values(rules).map((r) => r.preview_max_ms)),
    pathological_create_max_ms: Math.max(...Object.values(rules).map((r) => r.create_max_ms)),
    cpus: os.cpus().length,
    node: process.version,
  }),
);
