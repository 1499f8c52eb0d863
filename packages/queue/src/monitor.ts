// What operators and the metrics see of the queue: depth by task and state, the age of the oldest due job, failed
// jobs with their last error (retry or remove one), the last run of each cron item, worker heartbeats. It reads
// graphile-worker's private tables (0.17.3 is pinned, `test/liveness.test.ts` watches the schema), so it lives here.
import { onScrape, queueDepth, queueOldestDueAge, workerHeartbeatAge } from "@sillage/observability";
import type pg from "pg";

export interface TaskQueueStats {
  task: string;
  /** Due now and not locked: waiting for a worker. */
  due: number;
  /** run_at in the future (new jobs, or retries backing off). */
  scheduled: number;
  running: number;
  /** Attempts exhausted: graphile-worker keeps the row and never runs it again. */
  failed: number;
  /** Seconds since the oldest due, unlocked job was due (0 when none). */
  oldestDueAgeSeconds: number;
}

export async function queueStats(pool: pg.Pool): Promise<TaskQueueStats[]> {
  const { rows } = await pool.query<{
    task: string;
    due: string;
    scheduled: string;
    running: string;
    failed: string;
    oldest: number | null;
  }>(
    `select t.identifier as task,
            count(*) filter (where j.locked_at is null and j.attempts < j.max_attempts and j.run_at <= now()) as due,
            count(*) filter (where j.locked_at is null and j.attempts < j.max_attempts and j.run_at > now()) as scheduled,
            count(*) filter (where j.locked_at is not null) as running,
            count(*) filter (where j.locked_at is null and j.attempts >= j.max_attempts) as failed,
            extract(epoch from now() - min(j.run_at) filter (where j.locked_at is null and j.attempts < j.max_attempts and j.run_at <= now()))::float8 as oldest
       from graphile_worker._private_jobs j join graphile_worker._private_tasks t on t.id = j.task_id
      group by t.identifier order by t.identifier`,
  );
  return rows.map((r) => ({
    task: r.task,
    due: Number(r.due),
    scheduled: Number(r.scheduled),
    running: Number(r.running),
    failed: Number(r.failed),
    oldestDueAgeSeconds: Math.max(0, r.oldest ?? 0),
  }));
}

export interface FailedJob {
  id: string;
  task: string;
  attempts: number;
  maxAttempts: number;
  lastError: string | null;
  key: string | null;
  updatedAt: Date;
  /** Still retrying (attempts left, backing off) or failed for good. */
  final: boolean;
}

/** Jobs whose last run failed: retrying ones and those that exhausted their attempts, newest first. */
export async function failedJobs(pool: pg.Pool, opts: { limit?: number; finalOnly?: boolean } = {}): Promise<FailedJob[]> {
  const { rows } = await pool.query<{
    id: string;
    task: string;
    attempts: number;
    max_attempts: number;
    last_error: string | null;
    key: string | null;
    updated_at: Date;
  }>(
    `select j.id::text, t.identifier as task, j.attempts, j.max_attempts, j.last_error, j.key, j.updated_at
       from graphile_worker._private_jobs j join graphile_worker._private_tasks t on t.id = j.task_id
      where j.last_error is not null and j.attempts > 0 and j.locked_at is null ${opts.finalOnly ? "and j.attempts >= j.max_attempts" : ""}
      order by j.updated_at desc limit $1`,
    [opts.limit ?? 50],
  );
  return rows.map((r) => ({
    id: r.id,
    task: r.task,
    attempts: r.attempts,
    maxAttempts: r.max_attempts,
    lastError: r.last_error,
    key: r.key,
    updatedAt: r.updated_at,
    final: r.attempts >= r.max_attempts,
  }));
}

/** Runs a failed job again now with a fresh set of attempts; false when no such unlocked job exists. */
export async function retryFailedJob(pool: pg.Pool, jobId: string): Promise<boolean> {
  if (!/^\d{1,19}$/.test(jobId)) return false;
  const { rows } = await pool.query(
    `select id from graphile_worker.reschedule_jobs(
       (select array_agg(id) from graphile_worker._private_jobs where id = $1::bigint and locked_at is null),
       run_at := now(), attempts := 0)`,
    [jobId],
  );
  return rows.length > 0;
}

/** Deletes a job that is not running; false when no such unlocked job exists. */
export async function removeFailedJob(pool: pg.Pool, jobId: string): Promise<boolean> {
  if (!/^\d{1,19}$/.test(jobId)) return false;
  const { rows } = await pool.query(
    `select id from graphile_worker.complete_jobs(
       (select array_agg(id) from graphile_worker._private_jobs where id = $1::bigint and locked_at is null))`,
    [jobId],
  );
  return rows.length > 0;
}

export interface CronRun {
  identifier: string;
  knownSince: Date;
  lastExecution: Date | null;
}

/** The last run of each cron item graphile-worker knows (its backfill bookkeeping). */
export async function cronRuns(pool: pg.Pool): Promise<CronRun[]> {
  const { rows } = await pool.query<{ identifier: string; known_since: Date; last_execution: Date | null }>(
    "select identifier, known_since, last_execution from graphile_worker._private_known_crontabs order by identifier",
  );
  return rows.map((r) => ({ identifier: r.identifier, knownSince: r.known_since, lastExecution: r.last_execution }));
}

/** Seconds since the freshest worker heartbeat; null when no worker has announced itself. */
export async function freshestHeartbeatAge(pool: pg.Pool): Promise<number | null> {
  const { rows } = await pool.query<{ age: number | null }>(
    "select extract(epoch from now() - max(seen_at))::float8 as age from worker_heartbeats",
  );
  return rows[0]?.age ?? null;
}

/** Sets the queue gauges at each scrape (depth, oldest due age, heartbeat age). */
export function registerQueueMetrics(pool: pg.Pool): () => void {
  return onScrape("queue", async () => {
    const [stats, age] = await Promise.all([queueStats(pool), freshestHeartbeatAge(pool)]);
    queueDepth.reset();
    queueOldestDueAge.reset();
    for (const s of stats) {
      for (const state of ["due", "scheduled", "running", "failed"] as const) queueDepth.set({ task: s.task, state }, s[state]);
      queueOldestDueAge.set({ task: s.task }, s.oldestDueAgeSeconds);
    }
    // No heartbeat at all reads as "very old", so the alert fires on a fleet that never started too.
    workerHeartbeatAge.set(age ?? 1e9);
  });
}
