import { sql } from "@sillage/db";
import { createTestDatabase, type TestDatabase } from "@sillage/db/testing";
import { createLogger } from "@sillage/observability";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { enqueue, startWorker } from "@sillage/queue";
import { pruneDeliveriesJob } from "../src";
import { seedInstagramChannel } from "./channel";

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db.drop());

const now = new Date("2026-11-27T04:00:00Z");
const daysAgo = (d: number) => new Date(now.getTime() - d * 86_400_000);

describe("inbox.prune_deliveries", () => {
  it("deletes processed deliveries past the retention, in batches, failed events applied since and edits that waited as long for their message; keeps recent ones, parked ones and anything not processed yet", async () => {
    // 250 old processed, 3 recent processed, 2 old but never processed (a stuck delivery must survive to be retried).
    await sql`insert into webhook_deliveries (platform, raw_body, received_at, processed_at)
      select 'whatsapp', convert_to('{"old":' || g || '}', 'UTF8'), ${daysAgo(30)}, ${daysAgo(29)} from generate_series(1, 250) g`.execute(db.db);
    await sql`insert into webhook_deliveries (platform, raw_body, received_at, processed_at)
      select 'instagram', convert_to('{"recent":' || g || '}', 'UTF8'), ${daysAgo(2)}, ${daysAgo(2)} from generate_series(1, 3) g`.execute(db.db);
    await sql`insert into webhook_deliveries (platform, raw_body, received_at, processed_at)
      select 'whatsapp', convert_to('{"stuck":' || g || '}', 'UTF8'), ${daysAgo(40)}, null from generate_series(1, 2) g`.execute(db.db);
    // An unknown event keeps its raw payload when its delivery goes.
    const old = await db.db.selectFrom("webhook_deliveries").select("id").where("processed_at", "is not", null).orderBy("id").executeTakeFirstOrThrow();
    await db.db.insertInto("unknown_events").values({ delivery_id: old.id, platform: "whatsapp", kind: "mystery", raw: JSON.stringify({ field: "mystery" }) }).execute();
    // Failed events of that delivery: one applied on retry long ago (its copy goes), one parked (kept until replayed).
    const failure = (event_index: number, status: string, at: Date) => ({
      delivery_id: old.id,
      event_index,
      platform: "whatsapp",
      kind: "message",
      event: JSON.stringify({ type: "message", text: "customer words" }),
      error: "e",
      status,
      resolved_at: status === "resolved" ? at : null,
      parked_at: status === "parked" ? at : null,
    });
    await db.db.insertInto("webhook_failures").values([failure(0, "resolved", daysAgo(20)), failure(1, "parked", daysAgo(20)), failure(2, "resolved", daysAgo(1))]).execute();

    // Edits waiting for their message: an old one whose message never came goes, a recent one stays.
    const { workspaceId, channelId } = await seedInstagramChannel(db.db, "prune-edits");
    const edit = (key: string, at: Date) => ({ workspace_id: workspaceId, channel_id: channelId, platform_message_id: key, edit_key: `${key}#1`, edit_number: 1, text: "edited", edited_at: at, created_at: at });
    await db.db.insertInto("message_edits").values([edit("never-came", daysAgo(20)), edit("still-waiting", daysAgo(2))]).execute();

    await enqueue(db.db, pruneDeliveriesJob, { keepDays: 14, batchSize: 100 });
    const runner = await startWorker({ pool: db.pool, definitions: [pruneDeliveriesJob], services: { db: db.db, clock: { now: () => now } }, logger: createLogger({ level: "silent" }), concurrency: 1, pollInterval: 100 });
    try {
      await expect.poll(async () => (await db.db.selectFrom("webhook_deliveries").select("id").execute()).length, { timeout: 10_000 }).toBe(5);
      await expect.poll(async () => (await db.db.selectFrom("message_edits").select("id").execute()).length, { timeout: 10_000 }).toBe(1);
    } finally {
      await runner.stop();
    }
    const left = await db.db.selectFrom("webhook_deliveries").select(["platform", "processed_at"]).orderBy("id").execute();
    expect(left.filter((d) => d.processed_at === null)).toHaveLength(2);
    expect(left.filter((d) => d.platform === "instagram")).toHaveLength(3);
    expect(await db.db.selectFrom("unknown_events").select(["delivery_id", "raw"]).execute()).toEqual([{ delivery_id: null, raw: { field: "mystery" } }]);
    expect((await db.db.selectFrom("message_edits").select("platform_message_id").execute()).map((e) => e.platform_message_id)).toEqual(["still-waiting"]);
    const failures = await db.db.selectFrom("webhook_failures").select(["delivery_id", "event_index", "status"]).orderBy("event_index").execute();
    expect(failures).toEqual([
      { delivery_id: null, event_index: 1, status: "parked" },
      { delivery_id: null, event_index: 2, status: "resolved" },
    ]);
  });
});
