// SQL fragments for domain statements that add jobs in bulk, or look for work whose job is missing (repair sweeps).
// They are the only way other packages touch graphile-worker's tables, whose shape holds for 0.17.3 (pinned;
// test/liveness.test.ts fails when it changes).
import { sql } from "@sillage/db";
import type { RawBuilder } from "kysely";
import type { JobSpec } from "./define";

/**
 * `sillage.add_job(…)` as an expression, for an INSERT … RETURNING that keeps a row and its job in one statement.
 * `payload` is a json expression over the statement's rows.
 */
export function addJobExpression(spec: JobSpec, payload: RawBuilder<unknown>): RawBuilder<unknown> {
  return sql`sillage.add_job(${spec.id}, ${payload}, null, null, null, ${spec.maxAttempts ?? null}::int, ${spec.priority ?? null}::int, ${spec.queue ?? null}::text)`;
}

/**
 * `graphile_worker.add_jobs(…)` over the rows of `from` (one job each, no key), as an expression returning the jobs:
 * many rows and their jobs in one statement. `payload` is a json expression, `orderBy` the order jobs are added in.
 */
export function addJobsExpression(spec: JobSpec, q: { payload: RawBuilder<unknown>; from: RawBuilder<unknown>; orderBy: RawBuilder<unknown> }): RawBuilder<unknown> {
  return sql`graphile_worker.add_jobs((
    select array_agg(row(${spec.id}::text, ${q.payload}, ${spec.queue ?? null}::text, null::timestamptz, ${spec.maxAttempts ?? null}::smallint, null::text, ${spec.priority ?? null}::smallint, null::text[])::graphile_worker.job_spec order by ${q.orderBy})
    from ${q.from}))`;
}

/**
 * `graphile_worker.add_jobs(…)` over the rows of `from`, each with its own job key and run time (expressions over
 * the rows): many keyed jobs in one statement (a dispatcher queuing thousands at once, where one `add_job` round trip
 * each took a minute). A waiting job with the same key is replaced (its time and payload moved), or keeps its time
 * with `preserveRunAt`.
 */
export function addKeyedJobsExpression(
  spec: JobSpec,
  q: { payload: RawBuilder<unknown>; key: RawBuilder<unknown>; runAt: RawBuilder<unknown>; from: RawBuilder<unknown>; orderBy: RawBuilder<unknown> },
  opts: { preserveRunAt?: boolean } = {},
): RawBuilder<unknown> {
  return sql`graphile_worker.add_jobs((
    select array_agg(row(${spec.id}::text, ${q.payload}, ${spec.queue ?? null}::text, ${q.runAt}::timestamptz, ${spec.maxAttempts ?? null}::smallint, ${q.key}::text, ${spec.priority ?? null}::smallint, null::text[])::graphile_worker.job_spec order by ${q.orderBy})
    from ${q.from}), ${opts.preserveRunAt ?? false}::boolean)`;
}

/** A boolean expression: a job with this key (an expression over the statement's rows) is waiting, running or given up. */
export function jobWithKeyExists(key: RawBuilder<unknown>): RawBuilder<boolean> {
  return sql<boolean>`exists (select 1 from graphile_worker._private_jobs j where j.key = ${key})`;
}

/** The columns of a job that repair sweeps read. */
export interface QueuedJobRow {
  id: number;
  key: string | null;
  payload: unknown;
  attempts: number;
  max_attempts: number;
  last_error: string | null;
}

/** The jobs of one task as a subquery (`id, key, payload, attempts, max_attempts, last_error`); gave up = attempts ≥ max_attempts. */
export function jobsOf(spec: JobSpec): RawBuilder<QueuedJobRow> {
  return sql<QueuedJobRow>`(select j.id, j.key, j.payload, j.attempts, j.max_attempts, j.last_error
    from graphile_worker._private_jobs j join graphile_worker._private_tasks t on t.id = j.task_id
    where t.identifier = ${spec.id})`;
}

/** Every job as a subquery (same columns as `jobsOf`), to join on a key. */
export function allJobs(): RawBuilder<QueuedJobRow> {
  return sql<QueuedJobRow>`(select j.id, j.key, j.payload, j.attempts, j.max_attempts, j.last_error from graphile_worker._private_jobs j)`;
}
