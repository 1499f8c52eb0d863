import { raiseWorkspaceEvent, sql, type Database } from "@sillage/db";
import { createTestDatabase, type TestDatabase } from "@sillage/db/testing";
import { createLogger } from "@sillage/observability";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { declareJob, defineJob, enqueue, removeJob, startWorker } from "../src";

let t: TestDatabase;
const logger = createLogger({ level: "silent" });
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t.drop());

/** Declared where it is enqueued (a lower package), without its handler. */
const noteSpec = declareJob({ id: "test.note", schema: z.object({ workspaceId: z.uuid(), text: z.string().max(20) }), priority: -3, maxAttempts: 4 });

/** Handled above: the handler reads the services it names, here the database and a prefix. */
const noteJob = defineJob({
  ...noteSpec,
  handler: async () => ({
    default: async ({ workspaceId, text }: { workspaceId: string; text: string }, ctx: { db: Database; prefix: string }) => {
      await raiseWorkspaceEvent(ctx.db, workspaceId, "test.note", { text: `${ctx.prefix}${text}` });
    },
  }),
});

const jobRow = async (key: string) =>
  (await sql<{ task_identifier: string; priority: number; max_attempts: number; payload: unknown }>`select t.identifier as task_identifier, j.priority, j.max_attempts, j.payload from graphile_worker._private_jobs j join graphile_worker._private_tasks t on t.id = j.task_id where j.key = ${key}`.execute(t.db)).rows;

describe("enqueue and the worker", () => {
  it("a job declared in one place and handled in another runs with the spec's settings and the worker's services", async () => {
    const ws = await t.db.insertInto("workspaces").values({ name: "Q", slug: "queue-declared" }).returning("id").executeTakeFirstOrThrow();
    await enqueue(t.db, noteSpec, { workspaceId: ws.id, text: "hello" }, { jobKey: "note:1" });
    expect(await jobRow("note:1")).toEqual([{ task_identifier: "test.note", priority: -3, max_attempts: 4, payload: { workspaceId: ws.id, text: "hello" } }]);
    const runner = await startWorker({ pool: t.pool, definitions: [noteJob], services: { db: t.db, prefix: "» " }, logger, concurrency: 1, pollInterval: 100 });
    try {
      await expect
        .poll(async () => (await t.db.selectFrom("workspace_events").select("payload").where("workspace_id", "=", ws.id).execute()).map((e) => e.payload), { timeout: 10_000 })
        .toEqual([{ text: "» hello" }]);
    } finally {
      await runner.stop();
    }
  });

  it("refuses an invalid payload before storing it, and a job rolled back with its transaction is gone", async () => {
    const ws = await t.db.insertInto("workspaces").values({ name: "Q2", slug: "queue-invalid" }).returning("id").executeTakeFirstOrThrow();
    await expect(enqueue(t.db, noteSpec, { workspaceId: ws.id, text: "x".repeat(21) }, { jobKey: "note:too-long" })).rejects.toThrow();
    expect(await jobRow("note:too-long")).toEqual([]);
    await t.db
      .transaction()
      .execute(async (trx) => {
        await enqueue(trx, noteSpec, { workspaceId: ws.id, text: "never" }, { jobKey: "note:rolled-back" });
        throw new Error("the row this job was for failed");
      })
      .catch(() => undefined);
    expect(await jobRow("note:rolled-back")).toEqual([]);
    await enqueue(t.db, noteSpec, { workspaceId: ws.id, text: "removed" }, { jobKey: "note:removed", runAt: new Date(Date.now() + 60_000) });
    await removeJob(t.db, "note:removed");
    expect(await jobRow("note:removed")).toEqual([]);
  });

  it("completes a stored job whose payload no longer parses, without running or retrying it", async () => {
    let ran = 0;
    const strict = defineJob({
      id: "test.strict",
      schema: z.object({ n: z.number().int() }),
      handler: async () => ({
        default: async () => {
          ran++;
        },
      }),
    });
    // Stored by an older version of the code, say: the worker validates again when the job starts.
    await sql`select sillage.add_job('test.strict', '{"n":"one"}'::json, null, 'strict:1', null, null, null, null)`.execute(t.db);
    const runner = await startWorker({ pool: t.pool, definitions: [strict], services: {}, logger, concurrency: 1, pollInterval: 100 });
    try {
      await expect.poll(async () => (await jobRow("strict:1")).length, { timeout: 10_000 }).toBe(0);
    } finally {
      await runner.stop();
    }
    expect(ran).toBe(0);
  });

  it("refuses two definitions with one id", async () => {
    await expect(startWorker({ pool: t.pool, definitions: [noteJob, { ...noteJob }], services: { db: t.db, prefix: "" }, logger, concurrency: 1, pollInterval: 100 })).rejects.toThrow(
      /two job definitions share the id test.note/,
    );
  });
});
