/**
 * `pnpm bench archive`: the D+90 archive of 1,000,000 messages older than 90 days over 50 workspaces (2,000
 * conversations each, 10 old messages per conversation over 30 days, plus one recent message that keeps the
 * conversation live), generated with set-based SQL, to the local folder. Measures the run end to end (select, JSONL,
 * zstd, write, read back + checksum + count, delete by 5,000), and the inbox list (`inbox.conversations`, the real
 * procedure) called in a loop during the run: its p95 must stay < 50 ms.
 * Options: --workspaces N (50) --conversations N per workspace (2000) --messages N old per conversation (10)
 *          --concurrency N (2)
 * Database: DATABASE_URL / TEST_DATABASE_URL (a scratch database is created and dropped), else an embedded server.
 */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { localArchiveStore, runArchive } from "@sillage/archive";
import { sql } from "@sillage/db";
import { systemClock } from "@sillage/time";
import { benchArgs, pct } from "../support/cli";
import { measureCalibration } from "../support/calibration";
import { benchCaller, openBenchDatabase } from "../support/database";

const args = benchArgs();
const WORKSPACES = Number(args.workspaces ?? 50);
const CONVERSATIONS = Number(args.conversations ?? 2000);
const MESSAGES = Number(args.messages ?? 10);
const CONCURRENCY = Number(args.concurrency ?? 2);
const log = (m: string) => console.error(`[bench archive] ${m}`);

const bench = await openBenchDatabase("archive", { maxConnections: 8 });
const { db } = bench;
const calibration = await measureCalibration(bench.pool);

// ---------- seed ----------
const seedStart = performance.now();
await sql`insert into workspaces (name, slug, time_zone) select 'Bench ' || i, 'bench-' || i, 'Europe/Paris' from generate_series(1, ${WORKSPACES}) i`.execute(db);
await sql`insert into channels (workspace_id, platform, external_id, display_name, token_ciphertext, token_key_id)
  select w.id, 'whatsapp', 'wa-' || w.slug, 'WhatsApp', '\\x00'::bytea, 'k1' from workspaces w`.execute(db);
await sql`insert into contacts (workspace_id, channel_id, platform, platform_user_id, display_name)
  select c.workspace_id, c.id, c.platform, '336' || lpad(g::text, 8, '0'), 'Client ' || g from channels c cross join generate_series(1, ${CONVERSATIONS}) g`.execute(db);
await sql`insert into conversations (workspace_id, channel_id, contact_id, platform, created_at)
  select ct.workspace_id, ct.channel_id, ct.id, ct.platform, now() - interval '120 days' + random() * interval '2 days' from contacts ct`.execute(db);
log(`${WORKSPACES * CONVERSATIONS} conversations; inserting ${WORKSPACES * CONVERSATIONS * MESSAGES} old messages…`);
// Old messages: 91 to 120 days ago, customers and agents alternating, French shop talk with ids (as real text compresses).
await sql`insert into messages (workspace_id, conversation_id, channel_id, direction, author, type, text, status, platform_message_id, platform_timestamp, created_at, updated_at)
  select c.workspace_id, c.id, c.channel_id, case when g % 2 = 1 then 'in' else 'out' end, case when g % 2 = 1 then 'customer' else 'agent' end, 'text',
         case when g % 2 = 1 then (array['Bonjour, ma commande n° ', 'Est-ce que la taille M du modèle ', 'Merci ! Et pour le retour du colis ', 'Vous livrez en Belgique ? Réf. '])[1 + g % 4] || (100000 + floor(random() * 900000)::int)
              else (array['Bonjour ! Votre commande est partie ce matin, suivi : ', 'Oui, il reste du stock en M, référence ', 'Le retour est gratuit sous 30 jours, étiquette : ', 'Oui, en 3 à 5 jours ouvrés. Réf. '])[1 + g % 4] || md5(random()::text) end,
         case when g % 2 = 1 then null else 'read' end, 'wamid.' || md5(c.id::text || g), t.at, t.at, t.at
  from conversations c cross join generate_series(1, ${MESSAGES}) g
  -- The conversation's own day (from its id: random() in a lateral subquery would be evaluated once per g).
  cross join lateral (select now() - interval '91 days' - (${MESSAGES} - g) * interval '1 hour' - (abs(hashtext(c.id::text)) % 2900) / 100.0 * interval '1 day' as at) t`.execute(db);
// One recent message per conversation: the conversation is live and its newest message stays.
await sql`insert into messages (workspace_id, conversation_id, channel_id, direction, author, type, text, platform_timestamp, created_at, updated_at)
  select c.workspace_id, c.id, c.channel_id, 'in', 'customer', 'text', 'Toujours là ?', t.at, t.at, t.at
  from conversations c cross join lateral (select now() - random() * interval '5 days' as at) t`.execute(db);
await sql`update conversations c set last_message_at = m.at from (select conversation_id, max(platform_timestamp) as at from messages group by 1) m where m.conversation_id = c.id`.execute(db);
await sql`analyze`.execute(db);
const old = Number((await sql<{ n: number }>`select count(*)::int as n from messages where created_at < now() - interval '90 days'`.execute(db)).rows[0]!.n);
log(`seeded ${old} old messages in ${((performance.now() - seedStart) / 1000).toFixed(1)} s; archiving…`);

// ---------- the inbox list, in a loop while the archive runs ----------
const caller = benchCaller(db);
const workspaceIds = (await db.selectFrom("workspaces").select("id").execute()).map((w) => w.id);
const inboxMs: number[] = [];
let probing = true;
const probe = (async () => {
  for (let i = 0; probing; i++) {
    const started = performance.now();
    await caller(workspaceIds[i % workspaceIds.length]!).inbox.conversations({ limit: 30 });
    inboxMs.push(performance.now() - started);
    await new Promise((r) => setTimeout(r, 20));
  }
})();
const idleMs: number[] = [];
for (let i = 0; i < 100; i++) {
  const started = performance.now();
  await caller(workspaceIds[i % workspaceIds.length]!).inbox.conversations({ limit: 30 });
  idleMs.push(performance.now() - started);
}
inboxMs.length = 0; // the concurrent figure counts calls made during the run only

// ---------- the run ----------
const dir = mkdtempSync(path.join(os.tmpdir(), "sillage-bench-archive-"));
const started = performance.now();
const r = await runArchive(db, localArchiveStore(dir), systemClock, { tables: ["messages"], concurrency: CONCURRENCY });
const seconds = (performance.now() - started) / 1000;
probing = false;
await probe;
const left = Number((await sql<{ n: number }>`select count(*)::int as n from messages where created_at < now() - interval '90 days'`.execute(db)).rows[0]!.n);
log(`archived ${r.rows} rows in ${r.objects} objects in ${seconds.toFixed(1)} s; ${left} old rows left; ${inboxMs.length} inbox calls during the run`);
rmSync(dir, { recursive: true, force: true });
await bench.drop();

console.log(
  JSON.stringify({
    bench: "archive",
    rows: r.rows,
    objects: r.objects,
    failed: r.failed,
    old_rows_left: left,
    seconds: Math.round(seconds * 100) / 100,
    rows_per_s: Math.round(r.rows / seconds),
    bytes_in: r.bytesIn,
    bytes_out: r.bytesOut,
    ratio: Math.round((r.bytesIn / Math.max(1, r.bytesOut)) * 100) / 100,
    // Summed over the concurrent groups (time spent in each step), not wall time.
    write_s: Math.round(r.writeMs / 10) / 100,
    verify_s: Math.round(r.verifyMs / 10) / 100,
    delete_s: Math.round(r.deleteMs / 10) / 100,
    concurrency: CONCURRENCY,
    inbox_calls: inboxMs.length,
    inbox_p50_ms: pct(inboxMs, 50),
    inbox_p95_ms: pct(inboxMs, 95),
    inbox_idle_p95_ms: pct(idleMs, 95),
    load: os.loadavg().map((x) => Math.round(x * 100) / 100),
    cpus: os.cpus().length,
    calibration,
  }),
);
