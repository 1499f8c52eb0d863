/**
 * `pnpm bench webhooks`: a bounded load of signed WhatsApp webhooks on /webhooks/whatsapp (autocannon, loopback
 * only) against the real server process (role `all`: HTTP and the job runner share the machine, as in production),
 * then waits for the jobs to drain and counts the stored messages, which must equal the accepted deliveries.
 * A baseline runs the same store-first statement straight into PostgreSQL (no HTTP, no signature) at the same
 * concurrency, so the HTTP overhead reads as a ratio. Last line: one JSON object of figures.
 * Options: --requests N (default 20000) --connections N (default 32) --baseline N (default 20000)
 * Database: DATABASE_URL / TEST_DATABASE_URL (a scratch database is created and dropped), else an embedded server.
 */
import { spawn } from "node:child_process";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import autocannon from "autocannon";
import { signBody } from "@sillage/connectors";
import { freePort, sql } from "@sillage/db";
import { SecretBox } from "@sillage/crypto";
import { DeliveryWriter, storeDelivery } from "@sillage/inbox";
import { benchArgs } from "../support/cli";
import { measureCalibration, perCalibration } from "../support/calibration";
import { BENCH_WHATSAPP, openBenchDatabase, seedBenchWhatsAppChannel } from "../support/database";

const args = benchArgs();
const REQUESTS = Number(args.requests ?? 20_000);
const CONNECTIONS = Number(args.connections ?? 32);
const BASELINE = Number(args.baseline ?? 20_000);
const DRAIN_TIMEOUT_MS = 300_000;

const root = fileURLToPath(new URL("../..", import.meta.url));
const APP_SECRET = "bench-app-secret-0123456789abcdef0123456789";
const META_APP_SECRET = "bench-meta-app-secret";
const PHONE_NUMBER_ID = BENCH_WHATSAPP.phoneNumberId;
const log = (m: string) => console.error(`[bench webhooks] ${m}`);

const bench = await openBenchDatabase("webhooks", { maxConnections: CONNECTIONS });
const dbUrl = bench.url;
const calibration = await measureCalibration(bench.pool);

const { channelId } = await seedBenchWhatsAppChannel(bench.db, new SecretBox(APP_SECRET));

let seq = 0;
function payload(prefix: string) {
  const i = seq++;
  const from = `3361${String(i % 2000).padStart(7, "0")}`;
  return JSON.stringify({
    object: "whatsapp_business_account",
    entry: [
      {
        id: BENCH_WHATSAPP.wabaId,
        changes: [
          {
            field: "messages",
            value: {
              messaging_product: "whatsapp",
              metadata: { display_phone_number: "15550783881", phone_number_id: PHONE_NUMBER_ID },
              contacts: [{ profile: { name: `Client ${i % 2000}` }, wa_id: from }],
              messages: [{ from, id: `wamid.${prefix}-${i}`, timestamp: String(Math.floor(Date.now() / 1000)), type: "text", text: { body: `Bonjour, message ${i} : la robe existe en 38 ?` } }],
            },
          },
        ],
      },
    ],
  });
}

// ---------- the server ----------
const port = await freePort();
const base = `http://127.0.0.1:${port}`;
const child = spawn(process.execPath, ["--import", "tsx", path.join(root, "apps/server/src/main.ts")], {
  cwd: root,
  env: { ...process.env, DATABASE_URL: dbUrl, PORT: String(port), HOST: "127.0.0.1", LOG_LEVEL: "warn", APP_SECRET, META_APP_SECRET, SILLAGE_DATA_DIR: path.join(os.tmpdir(), "sillage-bench-data") },
  stdio: ["ignore", "ignore", "inherit"],
});
const exited = new Promise<void>((r) => child.once("exit", () => r()));
for (let i = 0; ; i++) {
  if (await fetch(`${base}/readyz`).then((r) => r.ok).catch(() => false)) break;
  if (i > 300) throw new Error("server not ready");
  await new Promise((r) => setTimeout(r, 100));
}
// Warm-up (JIT, pool connections), not counted.
await fetch(`${base}/webhooks/whatsapp`, { method: "POST", headers: { "x-hub-signature-256": signBody("{}", META_APP_SECRET) }, body: "{}" });

log(`load: ${REQUESTS} signed deliveries, ${CONNECTIONS} connections, loopback only`);
const result = await autocannon({
  url: `${base}/webhooks/whatsapp`,
  connections: CONNECTIONS,
  amount: REQUESTS,
  timeout: 10,
  // Bounded in time too: never more than 2 minutes.
  duration: 120,
  requests: [
    {
      method: "POST",
      setupRequest: (req) => {
        const body = payload("load");
        return { ...req, body, headers: { "content-type": "application/json", "x-hub-signature-256": signBody(body, META_APP_SECRET) } };
      },
    },
  ],
});
const accepted = result["2xx"];
const errors = result.errors + result.timeouts + result.non2xx;
const seconds = result.duration;
log(`accepted ${accepted} in ${seconds.toFixed(1)} s, p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, errors ${errors}`);

// ---------- drain ----------
const drainStart = Date.now();
let stored = 0;
for (;;) {
  const row = await bench.db
    .selectFrom("messages")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("channel_id", "=", channelId)
    .where("platform_message_id", "like", "wamid.load-%")
    .executeTakeFirstOrThrow();
  stored = Number(row.n);
  const pending = await bench.db.selectFrom("webhook_deliveries").select((eb) => eb.fn.countAll<number>().as("n")).where("processed_at", "is", null).executeTakeFirstOrThrow();
  if (Number(pending.n) === 0 && stored >= accepted) break;
  if (Date.now() - drainStart > DRAIN_TIMEOUT_MS) {
    log("drain timed out");
    break;
  }
  await new Promise((r) => setTimeout(r, 500));
}
const drainSeconds = (Date.now() - drainStart) / 1000;
log(`drained: ${stored} messages stored ${drainSeconds.toFixed(1)} s after the load`);
child.kill("SIGTERM");
await exited;

// ---------- baseline: the same store-first statement, straight into PostgreSQL ----------
await sql`delete from graphile_worker._private_jobs`.execute(bench.db).catch(() => {});
const bodies = Array.from({ length: BASELINE }, () => new TextEncoder().encode(payload("baseline")));
async function runBaseline(store: (b: Uint8Array) => Promise<number>, count: number): Promise<number> {
  let next = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      while (next < count) await store(bodies[next++]!);
    }),
  );
  return count / ((performance.now() - start) / 1000);
}
// Same statement and group commit as the route (DeliveryWriter), minus HTTP and the signature check.
const writer = new DeliveryWriter(bench.db);
const baselinePerS = await runBaseline((b) => writer.store({ platform: "whatsapp", rawBody: b, headers: { "x-hub-signature-256": "sha256=baseline" } }), BASELINE);
// One delivery per statement and commit (what the route would do without group commit), on a quarter of the count.
const singlePerS = await runBaseline((b) => storeDelivery(bench.db, { platform: "whatsapp", rawBody: b, headers: {} }), Math.ceil(BASELINE / 4));
log(`baseline: ${Math.round(baselinePerS)} inserts/s with group commit, ${Math.round(singlePerS)}/s one per commit`);

await bench.drop();

const eventsPerS = accepted / seconds;
const figures = {
  bench: "webhooks",
  calibration,
  requests: REQUESTS,
  connections: CONNECTIONS,
  accepted,
  errors,
  events_per_s: Math.round(eventsPerS),
  p50_ms: result.latency.p50,
  p99_ms: result.latency.p99,
  stored,
  lost: accepted - stored,
  drain_s: Math.round(drainSeconds * 10) / 10,
  baseline_inserts_per_s: Math.round(baselinePerS),
  baseline_single_commit_inserts_per_s: Math.round(singlePerS),
  /** Accepted events per second for every 1,000 calibration inserts per second: comparable across machines. */
  events_per_kinsert: perCalibration(Math.round(eventsPerS), calibration.pg_inserts_per_s),
  http_overhead_ratio: Math.round((baselinePerS / eventsPerS) * 100) / 100,
  cpus: os.cpus().length,
  node: process.version,
};
console.log(JSON.stringify(figures));
