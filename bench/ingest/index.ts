/**
 * `pnpm bench ingest`: webhook processing alone, without HTTP: N stored WhatsApp deliveries of K text messages each
 * (2,000 distinct customers), processed by `processDelivery` C at a time (the job handler's bulkhead: one per core),
 * as the worker does. `--failing 1` makes one message of every delivery fail (a check constraint refuses its text), so
 * each delivery takes the isolating path: its events applied again each in a savepoint, the failure recorded with its
 * retry job. Last line: one JSON object of figures.
 * Options: --deliveries N (2000) --events K (1) --failing 0|1 (0) --concurrency C (2) --rounds R (3: best and median kept)
 * Database: DATABASE_URL / TEST_DATABASE_URL (a scratch database is created and dropped), else an embedded server.
 */
import { createConnectors } from "@sillage/connectors";
import { sql } from "@sillage/db";
import { SecretBox } from "@sillage/crypto";
import { systemClock } from "@sillage/time";
import { processDelivery, storeDeliveries, type InboxDeps } from "@sillage/inbox";
import { measureCalibration, perCalibration } from "../support/calibration";
import { benchArgs, pct } from "../support/cli";
import { BENCH_WHATSAPP, openBenchDatabase, seedBenchWhatsAppChannel } from "../support/database";

const args = benchArgs();
const DELIVERIES = Number(args.deliveries ?? 2000);
const EVENTS = Number(args.events ?? 1);
const FAILING = args.failing === "1";
const CONCURRENCY = Number(args.concurrency ?? 2);
const ROUNDS = Number(args.rounds ?? 3);
const PHONE_NUMBER_ID = BENCH_WHATSAPP.phoneNumberId;
const log = (m: string) => console.error(`[bench ingest] ${m}`);

const bench = await openBenchDatabase("ingest", { maxConnections: CONCURRENCY + 2 });
const { db } = bench;
const calibration = await measureCalibration(bench.pool);
const secretBox = new SecretBox("bench-app-secret-0123456789abcdef0123456789");
await seedBenchWhatsAppChannel(db, secretBox);
if (FAILING) await sql`alter table messages add constraint bench_refuses check (text is null or position('[refused]' in text) = 0)`.execute(db);
const deps: InboxDeps = {
  db,
  clock: systemClock,
  connectors: createConnectors({ graphUrl: "http://127.0.0.1:9", instagramGraphUrl: "http://127.0.0.1:9", instagramOauthUrl: "http://127.0.0.1:9", graphVersion: "v25.0", timeoutMs: 1000 }),
  secretBox,
  media: {} as InboxDeps["media"],
};

let seq = 0;
function delivery(round: number): Uint8Array {
  const now = String(Math.floor(Date.now() / 1000));
  const changes = Array.from({ length: EVENTS }, (_, k) => {
    const i = seq++;
    const from = `3361${String(i % 2000).padStart(7, "0")}`;
    const text = `${FAILING && k === EVENTS - 1 ? "[refused] " : ""}Bonjour, message ${i} : la robe existe en 38 ?`;
    return {
      field: "messages",
      value: {
        messaging_product: "whatsapp",
        metadata: { display_phone_number: "15550783881", phone_number_id: PHONE_NUMBER_ID },
        contacts: [{ profile: { name: `Client ${i % 2000}` }, wa_id: from }],
        messages: [{ from, id: `wamid.r${round}-${i}`, timestamp: now, type: "text", text: { body: text } }],
      },
    };
  });
  return Buffer.from(JSON.stringify({ object: "whatsapp_business_account", entry: [{ id: BENCH_WHATSAPP.wabaId, changes }] }));
}

const rounds: { deliveriesPerS: number; eventsPerS: number; p50: number | null; p99: number | null }[] = [];
for (let r = 0; r < ROUNDS; r++) {
  const ids: number[] = [];
  for (let i = 0; i < DELIVERIES; i += 250) {
    ids.push(...(await storeDeliveries(db, Array.from({ length: Math.min(250, DELIVERIES - i) }, () => ({ platform: "whatsapp" as const, rawBody: delivery(r), headers: {} })))));
  }
  // Only processing is measured: the jobs the store added are not run by anyone here.
  await sql`delete from graphile_worker._private_jobs`.execute(db);
  await sql`vacuum analyze`.execute(db);
  const timings: number[] = [];
  let next = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < ids.length) {
        const id = ids[next++]!;
        const t0 = performance.now();
        await processDelivery(deps, id);
        timings.push(performance.now() - t0);
      }
    }),
  );
  const seconds = (performance.now() - start) / 1000;
  const pending = await db.selectFrom("webhook_deliveries").select((eb) => eb.fn.countAll<number>().as("n")).where("processed_at", "is", null).executeTakeFirstOrThrow();
  if (Number(pending.n) !== 0) throw new Error(`${pending.n} deliveries left unprocessed`);
  rounds.push({ deliveriesPerS: DELIVERIES / seconds, eventsPerS: (DELIVERIES * EVENTS) / seconds, p50: pct(timings, 50), p99: pct(timings, 99) });
  log(`round ${r + 1}: ${Math.round(DELIVERIES / seconds)} deliveries/s, ${Math.round((DELIVERIES * EVENTS) / seconds)} events/s, p50 ${pct(timings, 50)} ms`);
}
const stored = await db.selectFrom("messages").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
await bench.drop();

const byRate = [...rounds].sort((a, b) => b.eventsPerS - a.eventsPerS);
const median = byRate[Math.floor(byRate.length / 2)]!;
console.log(
  JSON.stringify({
    bench: "ingest",
    calibration,
    deliveries: DELIVERIES,
    events_per_delivery: EVENTS,
    failing: FAILING,
    concurrency: CONCURRENCY,
    rounds: ROUNDS,
    messages_stored: Number(stored.n),
    best_events_per_s: Math.round(byRate[0]!.eventsPerS),
    median_events_per_s: Math.round(median.eventsPerS),
    median_deliveries_per_s: Math.round(median.deliveriesPerS),
    median_p50_ms: median.p50,
    median_p99_ms: median.p99,
    /** Events processed per second for every 1,000 calibration inserts per second: comparable across machines. */
    events_per_kinsert: perCalibration(Math.round(median.eventsPerS), calibration.pg_inserts_per_s),
  }),
);
