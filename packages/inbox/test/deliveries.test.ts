import { createConnectors } from "@sillage/connectors";
import { sql, type DB } from "@sillage/db";
import { createTestDatabase, type TestDatabase } from "@sillage/db/testing";
import { SecretBox, systemClock } from "@sillage/domain";
import { Kysely, PostgresDialect } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DeliveryWriter, inboxTasks, MAX_BATCH_BYTES, nextBatchSize, processDelivery, storeDeliveries, storeDelivery, sweepInbox, type InboxDeps } from "../src";

// Webhook deliveries without a job runner: the tests play the runner's part (and its races) themselves.
let t: TestDatabase;
let deps: InboxDeps;
beforeAll(async () => {
  t = await createTestDatabase();
  const connectors = createConnectors({
    graphUrl: "http://127.0.0.1:9",
    instagramGraphUrl: "http://127.0.0.1:9",
    instagramOauthUrl: "http://127.0.0.1:9",
    graphVersion: "v25.0",
    timeoutMs: 1000,
  });
  deps = { db: t.db, clock: systemClock, connectors, secretBox: new SecretBox("deliveries-test-secret"), media: {} as never };
});
afterAll(() => t.drop());

const MB = 1024 * 1024;

/** A WhatsApp delivery for a number no channel owns: every event becomes an `unknown_events` row. */
function orphanBody(tag: string): Uint8Array {
  const value = {
    messaging_product: "whatsapp",
    metadata: { phone_number_id: `orphan-${tag}` },
    messages: [1, 2, 3].map((i) => ({ from: "33600000001", id: `wamid.${tag}.${i}`, timestamp: "1", type: "text", text: { body: "?" } })),
  };
  return Buffer.from(JSON.stringify({ object: "whatsapp_business_account", entry: [{ id: "0", changes: [{ field: "messages", value }] }] }));
}

const jobsOf = async (deliveryId: number) =>
  (await sql<{ key: string | null; attempts: number }>`select key, attempts from graphile_worker._private_jobs where payload->>'deliveryId' = ${String(deliveryId)}`.execute(t.db))
    .rows;

describe("group commit of webhook deliveries", () => {
  it("caps a batch by body bytes as well as by count, and always takes at least one", () => {
    // A replayed backlog of 3 MB bodies: a few per batch, not 250 (one bytea[] parameter, sent as hex text).
    expect(nextBatchSize(Array<number>(300).fill(3 * MB), 250, MAX_BATCH_BYTES)).toBe(10);
    expect(nextBatchSize(Array<number>(300).fill(2_000), 250, MAX_BATCH_BYTES)).toBe(250);
    expect(nextBatchSize([40 * MB, 1, 1], 250, MAX_BATCH_BYTES)).toBe(1);
    expect(nextBatchSize([1, 40 * MB], 250, MAX_BATCH_BYTES)).toBe(1);
    expect(nextBatchSize([], 250, MAX_BATCH_BYTES)).toBe(0);
  });

  it("the writer splits what queued up during a write by bytes", async () => {
    let inserts = 0;
    const db = new Kysely<DB>({
      dialect: new PostgresDialect({ pool: t.pool }),
      log: (e) => {
        if (e.level === "query" && e.query.sql.includes("insert into webhook_deliveries")) inserts++;
      },
    });
    const writer = new DeliveryWriter(db, { concurrency: 1, maxBatchBytes: 1000 });
    const body = new Uint8Array(600);
    // The first is written at once, alone; the four queued behind it go 600 bytes at a time.
    const ids = await Promise.all([1, 2, 3, 4, 5].map(() => writer.store({ platform: "whatsapp", rawBody: body, headers: {} })));
    expect(new Set(ids).size).toBe(5);
    expect(inserts).toBe(5);
  });
});

describe("one processing job per delivery", () => {
  it("the sweep leaves a delivery whose job is alive to it, and revives one whose job gave up", async () => {
    const [waiting] = await storeDeliveries(t.db, [{ platform: "whatsapp", rawBody: orphanBody("swept-a"), headers: {} }]);
    const exhausted = await storeDelivery(t.db, { platform: "whatsapp", rawBody: orphanBody("swept-b"), headers: {} });
    for (const id of [waiting!, exhausted]) await sql`update webhook_deliveries set received_at = now() - interval '20 minutes' where id = ${id}`.execute(t.db);
    // Failed three times and waiting for its next attempt.
    await sql`update graphile_worker._private_jobs set attempts = 3, run_at = now() + interval '20 minutes' where payload->>'deliveryId' = ${String(waiting)}`.execute(t.db);
    // Out of attempts: graphile-worker keeps it, failed for good.
    await sql`update graphile_worker._private_jobs set attempts = max_attempts where payload->>'deliveryId' = ${String(exhausted)}`.execute(t.db);
    expect(await sweepInbox(deps)).toMatchObject({ deliveries: 1 });
    expect(await jobsOf(waiting!)).toEqual([{ key: null, attempts: 3 }]);
    expect((await jobsOf(exhausted)).sort((a, b) => a.attempts - b.attempts)).toEqual([
      { key: `delivery:${exhausted}`, attempts: 0 },
      { key: null, attempts: inboxTasks.processDelivery.maxAttempts },
    ]);
  });

  it("two runs at once for one delivery apply its events once", async () => {
    const { id } = await t.db
      .insertInto("webhook_deliveries")
      .values({ platform: "whatsapp", raw_body: Buffer.from(orphanBody("twice")), headers: "{}" })
      .returning("id")
      .executeTakeFirstOrThrow();
    const results = await Promise.all([processDelivery(deps, Number(id)), processDelivery(deps, Number(id))]);
    expect(results.filter((r) => r !== null)).toEqual([{ events: 3, messages: 0, unknown: 3 }]);
    const rows = await t.db.selectFrom("unknown_events").select("reason").where("delivery_id", "=", Number(id)).execute();
    expect(rows).toHaveLength(3);
  });
});
