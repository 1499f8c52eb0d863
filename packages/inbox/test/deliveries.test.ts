import { createConnectors } from "@sillage/connectors";
import { sql, type DB } from "@sillage/db";
import { createTestDatabase, type TestDatabase } from "@sillage/db/testing";
import { SecretBox } from "@sillage/crypto";
import { systemClock } from "@sillage/time";
import { Kysely, PostgresDialect } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  DeliveryWriter,
  listDeadLetters,
  MAX_BATCH_BYTES,
  nextBatchSize,
  processDelivery,
  replayDeadLetter,
  retryWebhookEvent,
  storeDeliveries,
  storeDelivery,
  sweepInbox,
  type InboxDeps,
} from "../src";

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
  it("the sweep leaves a delivery whose job is alive to it, parks one whose job gave up, and revives one whose job is gone", async () => {
    const [waiting] = await storeDeliveries(t.db, [{ platform: "whatsapp", rawBody: orphanBody("swept-a"), headers: {} }]);
    const exhausted = await storeDelivery(t.db, { platform: "whatsapp", rawBody: orphanBody("swept-b"), headers: {} });
    const lost = await storeDelivery(t.db, { platform: "whatsapp", rawBody: orphanBody("swept-c"), headers: {} });
    for (const id of [waiting!, exhausted, lost]) await sql`update webhook_deliveries set received_at = now() - interval '20 minutes' where id = ${id}`.execute(t.db);
    // Failed three times and waiting for its next attempt.
    await sql`update graphile_worker._private_jobs set attempts = 3, run_at = now() + interval '20 minutes' where payload->>'deliveryId' = ${String(waiting)}`.execute(t.db);
    // Out of attempts: graphile-worker keeps it, failed for good.
    await sql`update graphile_worker._private_jobs set attempts = max_attempts, last_error = 'Error: boom' where payload->>'deliveryId' = ${String(exhausted)}`.execute(t.db);
    // Removed by hand.
    await sql`delete from graphile_worker._private_jobs where payload->>'deliveryId' = ${String(lost)}`.execute(t.db);
    expect(await sweepInbox(deps)).toMatchObject({ deliveries: 1, parked: 1 });
    expect(await jobsOf(waiting!)).toEqual([{ key: null, attempts: 3 }]);
    expect(await jobsOf(lost)).toEqual([{ key: `delivery:${lost}`, attempts: 0 }]);
    // The one that kept failing is a dead letter now (with its job's last error), not retried again.
    expect(await jobsOf(exhausted)).toEqual([]);
    const parked = (await listDeadLetters(t.db, { limit: 10 })).find((d) => d.deliveryId === exhausted);
    expect(parked).toMatchObject({ kind: "delivery", eventIndex: null, error: "its processing job gave up: Error: boom" });
    // A second sweep leaves the parked one alone.
    expect(await sweepInbox(deps)).toMatchObject({ deliveries: 0, parked: 0 });
    expect(await jobsOf(exhausted)).toEqual([]);
  });

  it("two runs at once for one delivery apply its events once", async () => {
    const { id } = await t.db
      .insertInto("webhook_deliveries")
      .values({ platform: "whatsapp", raw_body: Buffer.from(orphanBody("twice")), headers: "{}" })
      .returning("id")
      .executeTakeFirstOrThrow();
    const results = await Promise.all([processDelivery(deps, Number(id)), processDelivery(deps, Number(id))]);
    expect(results.filter((r) => r !== null)).toEqual([{ events: 3, messages: 0, unknown: 3, failed: 0 }]);
    const rows = await t.db.selectFrom("unknown_events").select("reason").where("delivery_id", "=", Number(id)).execute();
    expect(rows).toHaveLength(3);
  });
});

/** A WhatsApp delivery for numbers no channel owns, one change per tag: each message becomes an unknown event. */
function orphanChanges(...tags: string[]): Uint8Array {
  const changes = tags.map((tag) => ({
    field: "messages",
    value: { messaging_product: "whatsapp", metadata: { phone_number_id: `orphan-${tag}` }, messages: [{ from: "33600000001", id: `wamid.${tag}`, timestamp: "1", type: "text", text: { body: "?" } }] },
  }));
  return Buffer.from(JSON.stringify({ object: "whatsapp_business_account", entry: [{ id: "0", changes }] }));
}

const failuresOf = (deliveryId: number) =>
  t.db.selectFrom("webhook_failures").select(["id", "event_index", "kind", "status", "attempts", "error"]).where("delivery_id", "=", deliveryId).orderBy("id").execute();

describe("webhook work that keeps failing", () => {
  // Deterministic failure of one event: the unknown event of one account cannot be stored while this holds.
  const refuse = (account: string) =>
    sql`alter table unknown_events add constraint test_refuses_account check (account_id is distinct from ${sql.lit(account)})`.execute(t.db);
  const allow = () => sql`alter table unknown_events drop constraint test_refuses_account`.execute(t.db);

  it("an event that throws is recorded alone and its siblings are applied; it is parked after N attempts and replayed once", async () => {
    const policy = { attempts: 3, delayMs: () => 0 };
    const d = { ...deps, webhookRetry: policy };
    await refuse("orphan-bad-1");
    try {
      const id = await storeDelivery(t.db, { platform: "whatsapp", rawBody: orphanChanges("good-1", "bad-1", "good-2"), headers: {} });
      expect(await processDelivery(d, id)).toEqual({ events: 3, messages: 0, unknown: 2, failed: 1 });
      const stored = await t.db.selectFrom("unknown_events").select("account_id").where("delivery_id", "=", id).execute();
      expect(stored.map((r) => r.account_id).sort()).toEqual(["orphan-good-1", "orphan-good-2"]);
      const [failure] = await failuresOf(id);
      expect(failure).toMatchObject({ event_index: 1, kind: "message", status: "retrying", attempts: 1, error: expect.stringContaining("test_refuses_account") });
      // Its own retry job is queued, keyed by the row.
      const job = await sql<{ key: string }>`select key from graphile_worker._private_jobs where key = ${`failure:${failure!.id}`}`.execute(t.db);
      expect(job.rows).toHaveLength(1);
      expect(await retryWebhookEvent(d, Number(failure!.id))).toBe("retrying");
      expect(await retryWebhookEvent(d, Number(failure!.id))).toBe("parked");
      // Parked: no more attempts, whoever asks.
      expect(await retryWebhookEvent(d, Number(failure!.id))).toBeNull();
      expect((await failuresOf(id))[0]).toMatchObject({ status: "parked", attempts: 3 });
      await sql`delete from graphile_worker._private_jobs where key = ${`failure:${failure!.id}`}`.execute(t.db);
      expect(await sweepInbox(d)).toMatchObject({ events: 0, parked: 0 });
      expect((await failuresOf(id))[0]).toMatchObject({ status: "parked" });

      await allow();
      expect(await replayDeadLetter(t.db, Number(failure!.id))).toBe("replayed");
      expect(await replayDeadLetter(t.db, Number(failure!.id))).toBe("not_parked");
      // Two runs at once (the replayed job and a stray one): applied once.
      const runs = await Promise.all([retryWebhookEvent(d, Number(failure!.id)), retryWebhookEvent(d, Number(failure!.id))]);
      expect(runs.filter((r) => r !== null)).toEqual(["resolved"]);
      const bad = await t.db.selectFrom("unknown_events").select("id").where("account_id", "=", "orphan-bad-1").execute();
      expect(bad).toHaveLength(1);
      expect((await failuresOf(id))[0]).toMatchObject({ status: "resolved", attempts: 1 });
    } finally {
      await allow().catch(() => {});
    }
  });

  it("two runs at once of a delivery with a failing event record one failure", async () => {
    await refuse("orphan-bad-2");
    try {
      const id = await storeDelivery(t.db, { platform: "whatsapp", rawBody: orphanChanges("good-3", "bad-2"), headers: {} });
      const results = await Promise.all([processDelivery(deps, id), processDelivery(deps, id)]);
      expect(results.filter((r) => r !== null)).toEqual([{ events: 2, messages: 0, unknown: 1, failed: 1 }]);
      expect(await failuresOf(id)).toHaveLength(1);
    } finally {
      await allow();
    }
  });

  it("a delivery that fails as a whole is retried by its job, parked after N attempts, left alone by the sweep, and replayed", async () => {
    let broken = true;
    const connectors = {
      ...deps.connectors,
      get: (p: "whatsapp" | "instagram") => {
        const real = deps.connectors.get(p);
        return { normalizeWebhook: (raw: unknown) => (broken ? failNormalizer() : real.normalizeWebhook(raw)) };
      },
    } as unknown as InboxDeps["connectors"];
    const d: InboxDeps = { ...deps, connectors, webhookRetry: { attempts: 2, delayMs: () => 0 } };
    const id = await storeDelivery(t.db, { platform: "whatsapp", rawBody: orphanChanges("whole-1"), headers: {} });
    await expect(processDelivery(d, id)).rejects.toThrow("normalizer bug");
    expect(await processDelivery(d, id)).toEqual({ parked: true });
    expect(await failuresOf(id)).toEqual([expect.objectContaining({ event_index: null, kind: "delivery", status: "parked", attempts: 2, error: "normalizer bug" })]);
    const row = await t.db.selectFrom("webhook_deliveries").select(["processed_at", "raw_body"]).where("id", "=", id).executeTakeFirstOrThrow();
    expect(row.processed_at).toBeNull();
    expect(Buffer.from(row.raw_body)).toEqual(Buffer.from(orphanChanges("whole-1"))); // kept, byte for byte

    // Its job is gone (it ended when the delivery was parked); the sweep must not revive it.
    await sql`delete from graphile_worker._private_jobs where payload->>'deliveryId' = ${String(id)}`.execute(t.db);
    await sql`update webhook_deliveries set received_at = now() - interval '20 minutes' where id = ${id}`.execute(t.db);
    expect(await sweepInbox(d)).toMatchObject({ deliveries: 0, parked: 0 });
    expect(await jobsOf(id)).toEqual([]);

    broken = false;
    const [dead] = (await listDeadLetters(t.db, { limit: 50 })).filter((x) => x.deliveryId === id);
    expect(await replayDeadLetter(t.db, dead!.id)).toBe("replayed");
    expect(await jobsOf(id)).toEqual([{ key: `delivery:${id}`, attempts: 0 }]);
    expect(await processDelivery(d, id)).toEqual({ events: 1, messages: 0, unknown: 1, failed: 0 });
    expect(await failuresOf(id)).toEqual([expect.objectContaining({ status: "resolved" })]);
  });
});

function failNormalizer(): never {
  throw new Error("normalizer bug");
}

describe("hostile webhook bodies (branch probes3)", () => {
  const nested = (depth: number) => `${'{"a":'.repeat(depth)}1${"}".repeat(depth)}`;
  const unknownOf = (deliveryId: number) =>
    t.db.selectFrom("unknown_events").select(["reason", "account_id", "raw"]).where("delivery_id", "=", deliveryId).orderBy("id").execute();

  it("a value nested 20,000 deep is kept cut short, and the delivery's other events are applied with it", async () => {
    for (const platform of ["whatsapp", "instagram"] as const) {
      const body =
        platform === "whatsapp"
          ? `{"object":"whatsapp_business_account","entry":[{"id":"0","changes":[{"field":"messages","value":${nested(20_000)}},${JSON.stringify(JSON.parse(Buffer.from(orphanChanges("beside-deep")).toString()).entry[0].changes[0])}]}]}`
          : `{"object":"instagram","entry":[{"id":"ig-orphan","time":1,"messaging":[${nested(20_000)},{"sender":{"id":"1"},"recipient":{"id":"ig-orphan"},"timestamp":1,"message":{"mid":"m.beside","text":"hi"}}]}]}`;
      const id = await storeDelivery(t.db, { platform, rawBody: Buffer.from(body), headers: {} });
      expect(await processDelivery(deps, id)).toMatchObject({ events: 2, failed: 0 });
      const rows = await unknownOf(id);
      expect(rows).toHaveLength(2);
      expect(JSON.stringify(rows)).toContain("[nested deeper than 64 levels]");
      expect(JSON.stringify(rows)).toContain(platform === "whatsapp" ? "wamid.beside-deep" : "m.beside");
    }
  });

  it("a body that is no webhook envelope is kept as its JSON or its text, not as one key per byte", async () => {
    for (const [body, kept] of [
      ['{"object":"page","entry":{"id":1}}', { object: "page", entry: { id: 1 } }],
      ["not json \u00e9", "not json \u00e9"],
    ] as const) {
      const id = await storeDelivery(t.db, { platform: "instagram", rawBody: Buffer.from(body), headers: {} });
      await processDelivery(deps, id);
      expect((await unknownOf(id)).map((r) => [r.reason, r.raw])).toEqual([["not a webhook envelope", kept]]);
    }
  });
});
