/**
 * `pnpm bench inbox`: `inbox.conversations` latency over 50 workspaces holding 1,000,000 messages in total
 * (20,000 conversations, 50 messages each), called through the real procedure (createCaller: workspace scoping,
 * row-level security, the keyset query) with a mix of filters: none, status, unread, platform, assignee, triage,
 * needs a person, search, and a second page by cursor. Last line: one JSON object of figures.
 * Options: --workspaces N (50) --conversations N per workspace (400) --messages N per conversation (50) --calls N (2000)
 * Database: DATABASE_URL / TEST_DATABASE_URL (a scratch database is created and dropped), else an embedded server.
 */
import os from "node:os";
import { sql } from "@sillage/db";
import { benchArgs, pct } from "../support/cli";
import { measureCalibration } from "../support/calibration";
import { benchCaller, openBenchDatabase } from "../support/database";

const args = benchArgs();
const WORKSPACES = Number(args.workspaces ?? 50);
const CONVERSATIONS = Number(args.conversations ?? 400);
const PER_CONVERSATION = Number(args.messages ?? 50);
const CALLS = Number(args.calls ?? 2000);
const log = (m: string) => console.error(`[bench inbox] ${m}`);

const bench = await openBenchDatabase("inbox");
const { db } = bench;
const calibration = await measureCalibration(bench.pool);

// ---------- seed (set-based SQL: seconds, not minutes) ----------
const seedStart = performance.now();
await sql`insert into workspaces (name, slug) select 'Bench ' || i, 'bench-' || i from generate_series(1, ${WORKSPACES}) i`.execute(db);
await sql`insert into users (email, name, password_hash) select 'agent' || i || '@bench.local', 'Agent ' || i, 'x' from generate_series(1, ${WORKSPACES}) i`.execute(db);
await sql`insert into memberships (workspace_id, user_id, role)
  select w.id, u.id, 'agent' from workspaces w join users u on u.email = 'agent' || substr(w.slug, 7) || '@bench.local'`.execute(db);
await sql`insert into channels (workspace_id, platform, variant, external_id, display_name, token_ciphertext, token_key_id, status)
  select id, case when row_number() over (order by id) % 2 = 0 then 'whatsapp' else 'instagram' end,
         null, 'bench-' || slug, 'Bench channel', '\\x00'::bytea, 'k1', 'active' from workspaces`.execute(db);
await sql`insert into contacts (workspace_id, channel_id, platform, platform_user_id, display_name, username)
  select c.workspace_id, c.id, c.platform, '336' || lpad(g::text, 8, '0'), 'Client ' || g, 'client.' || g
  from channels c cross join generate_series(1, ${CONVERSATIONS}) g`.execute(db);
await sql`insert into conversations (workspace_id, channel_id, contact_id, platform, status, assignee_id, last_message_at,
    last_message_preview, last_inbound_at, unread_count, last_triage)
  select ct.workspace_id, ct.channel_id, ct.id, ct.platform,
         (array['open','open','open','open','open','open','open','pending','resolved','resolved'])[1 + floor(random() * 10)::int],
         case when random() < 0.3 then m.user_id end,
         now() - random() * interval '60 days',
         'Bonjour, une question sur la commande ' || floor(random() * 100000)::int,
         now() - random() * interval '60 days',
         case when random() < 0.2 then 1 + floor(random() * 5)::int else 0 end,
         (array[null, null, 'IGNORE', 'ESCALATE', 'AUTO_REPLY'])[1 + floor(random() * 5)::int]
  from contacts ct join memberships m on m.workspace_id = ct.workspace_id`.execute(db);
log(`seeded ${WORKSPACES} workspaces, ${WORKSPACES * CONVERSATIONS} conversations; inserting messages…`);
await sql`insert into messages (workspace_id, conversation_id, channel_id, direction, author, type, text, platform_message_id, status, status_rank, platform_timestamp)
  select c.workspace_id, c.id, c.channel_id,
         case when g % 3 = 0 then 'out' else 'in' end, case when g % 3 = 0 then 'agent' else 'customer' end, 'text',
         'Message ' || g || ' de la conversation', 'wamid.' || c.id || '.' || g,
         case when g % 3 = 0 then 'read' end, case when g % 3 = 0 then 3 else 0 end,
         c.last_message_at - (${PER_CONVERSATION} - g) * interval '5 minutes'
  from conversations c cross join generate_series(1, ${PER_CONVERSATION}) g`.execute(db);
// Each triaged conversation's latest decision: an automatic reply sent or blocked by the AI switch, or an escalation;
// half of them taken after the agents' messages above (created now), so those customers are waiting for a person.
await sql`insert into ai_decisions (workspace_id, conversation_id, batch_key, triage, confidence, reason, reply, snapshot, outcome, created_at)
  select c.workspace_id, c.id, 'bench:' || c.id, c.last_triage, 0.8, 'bench', case when c.last_triage = 'AUTO_REPLY' then 'Bonjour !' end, '{}',
         case when c.last_triage <> 'AUTO_REPLY' then 'not_applicable' when random() < 0.5 then 'sent' else 'blocked_ai_off' end,
         now() + case when random() < 0.5 then interval '1 hour' else interval '-1 hour' end
  from conversations c where c.last_triage is not null`.execute(db);
await sql`analyze`.execute(db);
const counted = await db.selectFrom("messages").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
const messages = Number(counted.n);
log(`seeded ${messages} messages in ${((performance.now() - seedStart) / 1000).toFixed(1)} s`);

// ---------- the procedure, as a token of each workspace calls it ----------
const workspaces = await db.selectFrom("workspaces").select("id").execute();
const assignees = new Map((await db.selectFrom("memberships").select(["workspace_id", "user_id"]).execute()).map((m) => [m.workspace_id, m.user_id]));
const caller = benchCaller(db);

type Filter = { name: string; input: (ws: string) => Record<string, unknown> };
const filters: Filter[] = [
  { name: "all", input: () => ({}) },
  { name: "status_open", input: () => ({ status: "open" }) },
  { name: "unread", input: () => ({ unread: true }) },
  { name: "platform", input: () => ({ platform: "whatsapp" }) },
  { name: "assignee", input: (ws) => ({ assignee: assignees.get(ws) }) },
  { name: "unassigned_open", input: () => ({ assignee: "unassigned", status: "open" }) },
  { name: "triage", input: () => ({ triage: "ESCALATE" }) },
  { name: "needs_person", input: () => ({ needsPerson: true }) },
  { name: "search", input: () => ({ search: `client ${1 + Math.floor(Math.random() * CONVERSATIONS)}` }) },
  { name: "page2", input: () => ({ cursor: "PAGE2" }) },
];

const timings: number[] = [];
const byFilter = new Map<string, number[]>();
async function call(i: number, record: boolean) {
  const ws = workspaces[i % workspaces.length]!.id;
  const f = filters[i % filters.length]!;
  const c = caller(ws);
  let input = f.input(ws);
  if (input.cursor === "PAGE2") input = { cursor: (await c.inbox.conversations({ limit: 30 })).nextCursor };
  const start = performance.now();
  const res = await c.inbox.conversations({ limit: 30, ...input });
  const ms = performance.now() - start;
  if (res.items.length === 0 && f.name === "all") throw new Error("empty inbox: the seed did not work");
  if (!record) return;
  timings.push(ms);
  (byFilter.get(f.name) ?? byFilter.set(f.name, []).get(f.name)!).push(ms);
}

for (let i = 0; i < 100; i++) await call(i, false); // warm-up: plans, pool, JIT
for (let i = 0; i < CALLS; i++) await call(i + 7, true);

// The thread of a conversation (newest 50 messages, media links, reactions).
const threadTimings: number[] = [];
const sample = await db.selectFrom("conversations").select(["id", "workspace_id"]).orderBy(sql`random()`).limit(300).execute();
for (let i = 0; i < sample.length; i++) {
  const conv = sample[i]!;
  const start = performance.now();
  await caller(conv.workspace_id).inbox.messages({ conversationId: conv.id, limit: 50 });
  if (i >= 20) threadTimings.push(performance.now() - start);
}

const perFilter = Object.fromEntries([...byFilter].map(([k, v]) => [k, { p50_ms: pct(v, 50), p95_ms: pct(v, 95) }]));
log(`per filter: ${JSON.stringify(perFilter)}`);

await bench.drop();

console.log(
  JSON.stringify({
    bench: "inbox",
    calibration,
    workspaces: WORKSPACES,
    conversations: WORKSPACES * CONVERSATIONS,
    messages,
    calls: timings.length,
    p50_ms: pct(timings, 50),
    p95_ms: pct(timings, 95),
    p99_ms: pct(timings, 99),
    per_filter: perFilter,
    thread_p50_ms: pct(threadTimings, 50),
    thread_p95_ms: pct(threadTimings, 95),
    cpus: os.cpus().length,
    node: process.version,
  }),
);
