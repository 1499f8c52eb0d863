import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "@sillage/db";
import { createTestDatabase, type TestDatabase } from "@sillage/db/testing";
import { metricsRegistry } from "@sillage/observability";
import S3rver from "s3rver";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { decodeLines } from "../src/codec";
import { ColdObjectError, localArchiveStore, restoreArchive, retryFailedBatches, runArchive, s3ArchiveStore, type ArchiveStore } from "../src/index";
import { message, snapshot, workspaceWithConversation } from "./world";

const NOW = new Date("2026-12-01T12:00:00Z");
const clock = { now: () => NOW };
const daysAgo = (d: number, h = 10) => new Date(Date.UTC(2026, 11, 1 - d, h));

let t: TestDatabase;
const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(path.join(os.tmpdir(), "sillage-archive-"));
  dirs.push(d);
  return d;
};

// A database per test: each run archives every workspace's due rows.
beforeEach(async () => {
  t = await createTestDatabase();
});
afterEach(async () => {
  await t.drop();
});
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const count = async (workspaceId: string) => Number((await sql<{ n: number }>`select count(*)::int as n from messages where workspace_id = ${workspaceId}`.execute(t.db)).rows[0]!.n);
const batches = async (workspaceId: string) =>
  (await sql<{ key: string; status: string; rows: number; part: number }>`select storage_key as key, status, rows_count as rows, part from archive_batches where workspace_id = ${workspaceId} order by storage_key`.execute(t.db)).rows;
const filesUnder = (dir: string): string[] =>
  readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((f) => statSync(path.join(dir, f)).isFile())
    .sort();

/** Two old days of 5 messages, one with media and a reaction, the conversation's newest message old too, and recent ones. */
async function seed() {
  const w = await workspaceWithConversation(t.db);
  const old: string[] = [];
  for (const d of [120, 100]) for (let i = 0; i < 5; i++) old.push(await message(t.db, w, daysAgo(d, 8 + i), `vieux ${d} ${i}`));
  await t.db.insertInto("message_media").values({ workspace_id: w.workspaceId, message_id: old[0]!, mime_type: "image/jpeg", status: "stored", storage_key: "k/1.jpg" }).execute();
  await t.db.insertInto("message_reactions").values({ workspace_id: w.workspaceId, message_id: old[1]!, conversation_id: w.conversationId, target_platform_message_id: "x", emoji: "👍", reacted_by: "customer" }).execute();
  // An edited message: its edits (what it said before) leave and come back with it.
  await t.db.updateTable("messages").set({ edited_at: daysAgo(120, 9), edit_count: 1, original_text: "avant" }).where("id", "=", old[2]!).execute();
  await t.db
    .insertInto("message_edits")
    .values({ workspace_id: w.workspaceId, channel_id: w.channelId, message_id: old[2]!, platform_message_id: "mid-2", edit_key: "mid-2#1", edit_number: 1, text: "vieux 120 2", edited_at: daysAgo(120, 9) })
    .execute();
  const recent = [await message(t.db, w, daysAgo(10)), await message(t.db, w, daysAgo(1))];
  // A second conversation whose only (so newest) message is old: the inbox still shows it.
  const lone = await workspaceWithConversation(t.db);
  await t.db.updateTable("conversations").set({ workspace_id: w.workspaceId, channel_id: w.channelId }).where("id", "=", lone.conversationId).execute();
  const kept = await message(t.db, { ...w, conversationId: lone.conversationId }, daysAgo(150));
  return { w, old, recent, kept };
}

async function failureCount(reason: string) {
  const m = await metricsRegistry.getSingleMetric("sillage_archive_failures_total")?.get();
  return m?.values.find((v) => v.labels.reason === reason)?.value ?? 0;
}

describe("the D+90 archive on a local folder", () => {
  it("writes old rows per workspace, day and part, checks them, deletes them in batches, keeps recent and newest rows", async () => {
    const { w, old, recent, kept } = await seed();
    const before = await snapshot(t.db, w.workspaceId);
    const dir = tempDir();
    const r = await runArchive(t.db, localArchiveStore(dir), clock, { partRows: 3, deleteBatch: 2, tables: ["messages"] });
    expect(r).toMatchObject({ status: "done", rows: 10, objects: 4, failed: 0 });
    expect(r.bytesOut).toBeLessThan(r.bytesIn);
    const ids = (await t.db.selectFrom("messages").select("id").where("workspace_id", "=", w.workspaceId).execute()).map((m) => m.id).sort();
    expect(ids).toEqual([...recent, kept].sort());
    expect(old.some((id) => ids.includes(id))).toBe(false);
    // Deterministic keys: table/workspace/day/part.
    const day120 = daysAgo(120).toISOString().slice(0, 10);
    expect(filesUnder(dir)).toEqual(
      [`messages/${w.workspaceId}/${day120}/part-0000.jsonl.zst`, `messages/${w.workspaceId}/${day120}/part-0001.jsonl.zst`, `messages/${w.workspaceId}/${daysAgo(100).toISOString().slice(0, 10)}/part-0000.jsonl.zst`, `messages/${w.workspaceId}/${daysAgo(100).toISOString().slice(0, 10)}/part-0001.jsonl.zst`]
        .map((k) => k.split("/").join(path.sep))
        .sort(),
    );
    expect((await batches(w.workspaceId)).map((b) => [b.status, b.rows])).toEqual([["deleted", 3], ["deleted", 2], ["deleted", 3], ["deleted", 2]]);
    // The object is JSONL of the rows, their media and reactions nested.
    const lines = (await Promise.all(filesUnder(dir).map((f) => decodeLines(readFileSync(path.join(dir, f)))))).flat().map((l) => JSON.parse(l) as { id: string; text: string; _media: unknown[]; _reactions: unknown[] });
    expect(lines.map((l) => l.id).sort()).toEqual([...old].sort());
    expect(lines.find((l) => l.id === old[0])!._media).toHaveLength(1);
    expect(lines.find((l) => l.id === old[1])!._reactions).toHaveLength(1);
    expect((lines.find((l) => l.id === old[2]) as unknown as { _edits: unknown[] })._edits).toEqual([expect.objectContaining({ edit_key: "mid-2#1", text: "vieux 120 2" })]);
    expect(await t.db.selectFrom("message_edits").select("id").where("workspace_id", "=", w.workspaceId).execute()).toEqual([]);
    expect(await t.db.selectFrom("message_media").select("id").where("workspace_id", "=", w.workspaceId).execute()).toEqual([]);

    // A rerun finds nothing due and writes nothing.
    const again = await runArchive(t.db, localArchiveStore(dir), clock, { partRows: 3, tables: ["messages"] });
    expect(again).toMatchObject({ rows: 0, objects: 0 });
    expect(filesUnder(dir)).toHaveLength(4);

    // Restore: every row back as it was, media and reactions too; a second restore inserts nothing.
    const from = daysAgo(130).toISOString().slice(0, 10);
    const to = daysAgo(95).toISOString().slice(0, 10);
    expect(await restoreArchive(t.db, localArchiveStore(dir), w.workspaceId, from, to)).toEqual({ objects: 4, rows: 10, inserted: 10 });
    expect(await snapshot(t.db, w.workspaceId)).toEqual(before);
    expect(await restoreArchive(t.db, localArchiveStore(dir), w.workspaceId, from, to)).toEqual({ objects: 4, rows: 10, inserted: 0 });
    expect(await snapshot(t.db, w.workspaceId)).toEqual(before);
  });

  it("--before archives only older rows, never rows younger than the retention", async () => {
    const { w } = await seed();
    const dir = tempDir();
    const r = await runArchive(t.db, localArchiveStore(dir), clock, { before: daysAgo(110), tables: ["messages"] });
    expect(r.rows).toBe(5);
    const late = await runArchive(t.db, localArchiveStore(dir), clock, { before: daysAgo(5), tables: ["messages"] });
    expect(late.rows).toBe(5);
    expect(await count(w.workspaceId)).toBe(3);
  });

  it("an outage between upload and delete deletes nothing; the rerun finishes the same object", async () => {
    const { w } = await seed();
    const dir = tempDir();
    const healthy = localArchiveStore(dir);
    const down: ArchiveStore = { ...healthy, get: () => Promise.reject(new Error("connect ECONNREFUSED")) };
    await expect(runArchive(t.db, down, clock, { tables: ["messages"], concurrency: 1 })).rejects.toThrow("ECONNREFUSED");
    expect(await count(w.workspaceId)).toBe(13);
    expect((await batches(w.workspaceId)).map((b) => b.status)).toEqual(["writing"]);
    const filesAfterCrash = filesUnder(dir);
    expect(filesAfterCrash).toHaveLength(1);

    const r = await runArchive(t.db, healthy, clock, { tables: ["messages"] });
    expect(r.rows).toBe(10);
    expect(await count(w.workspaceId)).toBe(3);
    expect(filesUnder(dir).slice(0, 1)).toEqual(filesAfterCrash);
    expect((await batches(w.workspaceId)).map((b) => [b.part, b.status])).toEqual([[0, "deleted"], [0, "deleted"]]);
  });

  it("a crash after the deletes, with the object already cold, is finished without reading it back", async () => {
    const { w } = await seed();
    const healthy = localArchiveStore(tempDir());
    const crashing: ArchiveStore = { ...healthy, toColdStorage: () => Promise.reject(new Error("process killed")) };
    await expect(runArchive(t.db, crashing, clock, { tables: ["messages"], concurrency: 1 })).rejects.toThrow("process killed");
    expect((await batches(w.workspaceId)).map((b) => b.status)).toEqual(["verified"]);
    expect(await count(w.workspaceId)).toBe(8); // the first day's 5 rows were deleted before the crash
    const cold: ArchiveStore = { ...healthy, get: () => Promise.reject(new ColdObjectError("in GLACIER")) };
    await runArchive(t.db, cold, clock, { tables: ["messages"], concurrency: 1, before: daysAgo(110) });
    expect((await batches(w.workspaceId)).map((b) => b.status)).toEqual(["deleted"]);
    expect(await count(w.workspaceId)).toBe(8);
  });

  it("a corrupt or missing object stops the delete, marks the part failed and counts it; a retry rewrites it", async () => {
    const { w } = await seed();
    const dir = tempDir();
    const healthy = localArchiveStore(dir);
    const corrupting: ArchiveStore = { ...healthy, put: (key, bytes) => healthy.put(key, bytes.subarray(0, bytes.length - 5)) };
    const losing: ArchiveStore = { ...localArchiveStore(tempDir()), put: async () => {} };
    const checksumBefore = await failureCount("checksum");
    const missingBefore = await failureCount("missing");

    const r = await runArchive(t.db, corrupting, clock, { tables: ["messages"], concurrency: 1, partRows: 5 });
    expect(r).toMatchObject({ failed: 2, rows: 0 });
    expect(await count(w.workspaceId)).toBe(13);
    expect((await batches(w.workspaceId)).map((b) => b.status)).toEqual(["failed", "failed"]);
    expect(await failureCount("checksum")).toBe(checksumBefore + 2);
    expect(await metricsRegistry.metrics()).toMatch(/sillage_archive_failures_total\{reason="checksum"\}/);

    // A failed group waits for an operator: the next run adds no object.
    expect((await runArchive(t.db, healthy, clock, { tables: ["messages"] })).objects).toBe(0);
    expect(await retryFailedBatches(t.db)).toBe(2);
    await expect(runArchive(t.db, losing, clock, { tables: ["messages"] })).resolves.toMatchObject({ failed: 2 });
    expect(await failureCount("missing")).toBe(missingBefore + 2);
    expect(await count(w.workspaceId)).toBe(13);

    await retryFailedBatches(t.db);
    expect(await runArchive(t.db, healthy, clock, { tables: ["messages"] })).toMatchObject({ rows: 10, failed: 0 });
    expect((await batches(w.workspaceId)).map((b) => [b.part, b.status])).toEqual([[0, "deleted"], [0, "deleted"]]);
    expect(await count(w.workspaceId)).toBe(3);
  });

  it("archives decisions, finished post runs and old KPI windows by their own rules, and restores them", async () => {
    const w = await workspaceWithConversation(t.db);
    const decision = (at: Date, conversation: string | null) =>
      t.db.insertInto("ai_decisions").values({ workspace_id: w.workspaceId, conversation_id: conversation, batch_key: `b-${Math.random()}`, triage: "IGNORE", confidence: 1, reason: "r", snapshot: {}, created_at: at }).returning("id").executeTakeFirstOrThrow();
    const older = await decision(daysAgo(200), w.conversationId);
    const newest = await decision(daysAgo(190), w.conversationId);
    const post = await t.db.insertInto("scheduled_posts").values({ workspace_id: w.workspaceId, content: {}, publish_at: daysAgo(200), time_zone: "UTC" }).returning("id").executeTakeFirstOrThrow();
    const pub = await t.db.insertInto("post_publications").values({ workspace_id: w.workspaceId, post_id: post.id, channel_id: w.channelId, due_at: daysAgo(200), status: "published" }).returning("id").executeTakeFirstOrThrow();
    await t.db.insertInto("post_runs").values([
      { workspace_id: w.workspaceId, publication_id: pub.id, attempt: 1, started_at: daysAgo(200), finished_at: daysAgo(200), status: "success" },
      { workspace_id: w.workspaceId, publication_id: pub.id, attempt: 2, started_at: daysAgo(200), status: "running" },
    ]).execute();
    const kpi = (start: Date) => ({ workspace_id: w.workspaceId, window_start: start, window_end: new Date(start.getTime() + 7_200_000), time_zone: "UTC" });
    await t.db.insertInto("kpi_windows").values([kpi(daysAgo(500)), kpi(daysAgo(200))]).execute();

    const dir = tempDir();
    const r = await runArchive(t.db, localArchiveStore(dir), clock, { tables: ["ai_decisions", "post_runs", "kpi_windows"] });
    expect(r.rows).toBe(3);
    expect((await t.db.selectFrom("ai_decisions").select("id").where("workspace_id", "=", w.workspaceId).execute()).map((d) => d.id)).toEqual([newest.id]);
    expect((await t.db.selectFrom("post_runs").select("status").where("workspace_id", "=", w.workspaceId).execute()).map((p) => p.status)).toEqual(["running"]);
    expect(await t.db.selectFrom("kpi_windows").select("window_start").where("workspace_id", "=", w.workspaceId).execute()).toEqual([{ window_start: daysAgo(200) }]);

    const restored = await restoreArchive(t.db, localArchiveStore(dir), w.workspaceId, "2020-01-01", "2026-12-01");
    expect(restored).toEqual({ objects: 3, rows: 3, inserted: 3 });
    expect((await t.db.selectFrom("ai_decisions").select("id").where("workspace_id", "=", w.workspaceId).execute()).map((d) => d.id).sort()).toEqual([older.id, newest.id].sort());
    expect(await t.db.selectFrom("kpi_windows").select("id").where("workspace_id", "=", w.workspaceId).execute()).toHaveLength(2);
    expect(await t.db.selectFrom("post_runs").select("id").where("workspace_id", "=", w.workspaceId).execute()).toHaveLength(2);
  });
});

describe("the D+90 archive on an S3-protocol server (s3rver)", () => {
  const bucket = "sillage-archive";
  let server: S3rver;
  let dir: string;
  let port: number;
  const start = async () => {
    server = new S3rver({ port, address: "127.0.0.1", directory: dir, silent: true, configureBuckets: [{ name: bucket }] });
    port = (await server.run()).port;
  };
  const settings = () => ({ endpoint: `http://127.0.0.1:${port}`, bucket, accessKeyId: "S3RVER", secretAccessKey: "S3RVER" });

  beforeAll(async () => {
    dir = tempDir();
    port = 0;
    await start();
  });
  afterAll(async () => {
    await server.close().catch(() => {});
  });

  it("archives to the bucket in the cold storage class, survives the server stopping mid-run, and restores", async () => {
    const { w } = await seed();
    const before = await snapshot(t.db, w.workspaceId);
    const store = await s3ArchiveStore(settings(), "GLACIER");
    // The server stops right after the first object is written: its check cannot read it back.
    let puts = 0;
    const stopping: ArchiveStore = {
      ...store,
      put: async (key, bytes) => {
        await store.put(key, bytes);
        if (++puts === 1) await server.close();
      },
    };
    await expect(runArchive(t.db, stopping, clock, { tables: ["messages"], concurrency: 1 })).rejects.toThrow();
    expect(await count(w.workspaceId)).toBe(13);

    await start();
    const r = await runArchive(t.db, store, clock, { tables: ["messages"] });
    expect(r).toMatchObject({ rows: 10, objects: 2, failed: 0 });
    expect(await count(w.workspaceId)).toBe(3);
    expect((await batches(w.workspaceId)).map((b) => [b.key, b.status])).toEqual(
      [daysAgo(100), daysAgo(120)].map((d) => [`messages/${w.workspaceId}/${d.toISOString().slice(0, 10)}/part-0000.jsonl.zst`, "deleted"]).sort(),
    );
    const { S3Client, ListObjectsV2Command, HeadObjectCommand } = await import("@aws-sdk/client-s3");
    const client = new S3Client({ endpoint: settings().endpoint, region: "us-east-1", forcePathStyle: true, credentials: { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" } });
    const listed = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: `archive/messages/${w.workspaceId}/` }));
    expect(listed.Contents?.map((o) => o.Key)).toHaveLength(2);
    const head = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: listed.Contents![0]!.Key! }));
    expect(head.StorageClass).toBe("GLACIER");

    expect(await restoreArchive(t.db, store, w.workspaceId, "2026-01-01", "2026-12-01")).toMatchObject({ inserted: 10 });
    expect(await snapshot(t.db, w.workspaceId)).toEqual(before);
  });
});

