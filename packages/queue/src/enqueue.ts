import { sql, type Database, type ScopedDb } from "@sillage/db";
import type { JobPayload, JobSpec } from "./define";

export interface EnqueueOptions {
  runAt?: Date;
  /** One pending job per key; `replace` moves it (debounce), `preserve_run_at` keeps its time, `unsafe_dedupe` leaves it alone even running. */
  jobKey?: string;
  jobKeyMode?: "replace" | "preserve_run_at" | "unsafe_dedupe";
  maxAttempts?: number;
  priority?: number;
  /** Jobs of one named queue run one at a time, in order. */
  queueName?: string;
}

/**
 * Adds a job inside the caller's transaction (through sillage.add_job → graphile_worker.add_job), so a row and
 * the job that acts on it commit or roll back together. The payload is validated before it is stored.
 */
export async function enqueue<D extends JobSpec>(db: Database | ScopedDb, def: D, payload: JobPayload<D>, opts: EnqueueOptions = {}): Promise<number> {
  const parsed: unknown = def.schema.parse(payload);
  const { rows } = await sql<{ id: number }>`select sillage.add_job(
      ${def.id}, ${JSON.stringify(parsed)}::json, ${opts.runAt ?? null}::timestamptz, ${opts.jobKey ?? null}::text,
      ${opts.jobKeyMode ?? null}::text, ${opts.maxAttempts ?? def.maxAttempts ?? null}::int,
      ${opts.priority ?? def.priority ?? null}::int, ${opts.queueName ?? def.queue ?? null}::text) as id`.execute(db);
  return rows[0]!.id;
}

/** Removes a pending job by key (a job already running is de-keyed by graphile-worker and finishes). */
export async function removeJob(db: Database | ScopedDb, jobKey: string): Promise<void> {
  await sql`select sillage.remove_job(${jobKey})`.execute(db);
}

/** Marks jobs done without running them: graphile-worker keeps a job that ran out of attempts for ever otherwise. */
export async function completeJobs(db: Database | ScopedDb, jobIds: readonly (number | string)[]): Promise<void> {
  await sql`select graphile_worker.complete_jobs(${jobIds.map(String)}::bigint[])`.execute(db);
}
