import { createRequire } from "node:module";
import { raiseWorkspaceEvent, type Database } from "@sillage/db";
import { createTestDatabase, type TestDatabase } from "@sillage/db/testing";
import { createLogger } from "@sillage/observability";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { defineJob, enqueue, startWorker, WorkerLiveness } from "../src";

/** A job whose effect the test can see: a live event in its workspace. */
const workspacePing = defineJob({
  id: "test.ping",
  schema: z.object({ workspaceId: z.uuid(), message: z.string().default("ping") }),
  handler: async () => ({
    default: async ({ workspaceId, message }: { workspaceId: string; message: string }, { db }: { db: Database }) => {
      await raiseWorkspaceEvent(db, workspaceId, "workspace.ping", { message });
    },
  }),
});

let db: TestDatabase;
const logger = createLogger({ level: "silent" });
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db.drop());

async function lockAs(jobId: number, workerId: string, ago: string) {
  await db.pool.query(`update graphile_worker._private_jobs set locked_by = $2, locked_at = now() - $3::interval where id = $1`, [jobId, workerId, ago]);
}

/** A runner that heartbeats every 200 ms and calls a worker dead after 1 s (the handlers need only the database). */
const startQuickRunner = () =>
  startWorker({
    pool: db.pool,
    definitions: [workspacePing],
    services: { db: db.db },
    logger,
    concurrency: 1,
    pollInterval: 100,
    liveness: { heartbeatMs: 200, deadAfterMs: 1000 },
  });

describe("worker liveness", () => {
  it("a job locked by a killed worker runs again within seconds, not hours", async () => {
    const ws = await db.db.insertInto("workspaces").values({ name: "W", slug: "w-live" }).returning("id").executeTakeFirstOrThrow();
    const jobId = await enqueue(db.db, workspacePing, { workspaceId: ws.id, message: "survived" });
    await lockAs(jobId, "worker-killed-mid-job", "2 minutes");
    const runner = await startQuickRunner();
    try {
      await expect
        .poll(async () => (await db.db.selectFrom("workspace_events").select("payload").where("workspace_id", "=", ws.id).execute()).length, { timeout: 10_000 })
        .toBe(1);
    } finally {
      await runner.stop();
    }
  });

  it("leaves alone jobs held by a worker that still announces itself", async () => {
    const ws = await db.db.insertInto("workspaces").values({ name: "W2", slug: "w-alive" }).returning("id").executeTakeFirstOrThrow();
    const jobId = await enqueue(db.db, workspacePing, { workspaceId: ws.id });
    await db.pool.query("insert into worker_heartbeats (worker_id, process) values ('worker-busy', 'other-host:1')");
    await lockAs(jobId, "worker-busy", "5 minutes");
    const liveness = new WorkerLiveness(db.pool, logger, { deadAfterMs: 1000 });
    expect(await liveness.sweep()).toEqual([]);
    const { rows } = await db.pool.query("select locked_by from graphile_worker._private_jobs where id = $1", [jobId]);
    expect(rows[0].locked_by).toBe("worker-busy");
    await db.pool.query("update worker_heartbeats set seen_at = now() - interval '1 minute' where worker_id = 'worker-busy'");
    expect(await liveness.sweep()).toEqual(["worker-busy"]);
  });

  it("a worker whose heartbeat row was swept during a stall announces itself again", async () => {
    const runner = await startQuickRunner();
    try {
      const poolRows = async () => (await db.pool.query<{ worker_id: string }>("select worker_id from worker_heartbeats where worker_id like 'pool-%'")).rows;
      await expect.poll(async () => (await poolRows()).length, { timeout: 5000 }).toBe(1);
      const rows = await poolRows();
      // Another process's sweep removed it while this one was stalled.
      await db.pool.query("delete from worker_heartbeats where worker_id = $1", [rows[0]!.worker_id]);
      await expect
        .poll(async () => (await db.pool.query("select 1 from worker_heartbeats where worker_id = $1", [rows[0]!.worker_id])).rowCount, { timeout: 5000 })
        .toBe(1);
    } finally {
      await runner.stop();
    }
  });

  // The sweep reads graphile-worker's private table and calls its unlock function; both are internals that hold for
  // 0.17.3 (pinned exactly in pnpm-workspace.yaml). An upgrade must come with a new read of WorkerLiveness.sweep.
  it("stops loudly when graphile-worker's internals that the sweep relies on change", async () => {
    const { version } = createRequire(import.meta.url)("graphile-worker/package.json") as { version: string };
    expect(version, "graphile-worker was upgraded: re-check WorkerLiveness.sweep against its schema, then update this test").toBe("0.17.3");
    const { rows: columns } = await db.pool.query<{ column_name: string; data_type: string }>(
      `select column_name, data_type from information_schema.columns
       where table_schema = 'graphile_worker' and table_name = '_private_jobs' and column_name in ('id', 'locked_by', 'locked_at')
       order by column_name`,
    );
    expect(columns).toEqual([
      { column_name: "id", data_type: "bigint" },
      { column_name: "locked_at", data_type: "timestamp with time zone" },
      { column_name: "locked_by", data_type: "text" },
    ]);
    const { rows: fn } = await db.pool.query<{ args: string }>(`select pg_get_function_identity_arguments('graphile_worker.force_unlock_workers'::regproc) as args`);
    expect(fn[0]?.args).toBe("worker_ids text[]");
    const { rows: migrations } = await db.pool.query<{ last: number }>("select max(id) as last from graphile_worker.migrations");
    expect(migrations[0]?.last, "graphile-worker's schema has new migrations: re-check WorkerLiveness.sweep").toBe(19);
  });
});
