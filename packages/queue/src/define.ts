import type { Logger } from "@sillage/observability";
import type { JobHelpers } from "graphile-worker";
import type { z } from "zod";

export type { JobHelpers };

/**
 * What a job's handler receives besides its payload: the services the process built (each domain names the ones its
 * handlers use, the server passes one object that has them all), a logger carrying the job, task and workspace ids,
 * and graphile-worker's helpers (attempt numbers, the pool id that locked the job).
 */
export type JobContext<Services> = Services & { logger: Logger; helpers: JobHelpers };

export type JobHandler<Payload, Services = unknown> = (payload: Payload, ctx: JobContext<Services>) => Promise<void>;

/**
 * What it takes to add a job: a stable id (the graphile-worker task identifier), the zod schema of its payload and its
 * queue settings. A domain can declare one without a handler when another package, above it, handles the job.
 */
export interface JobSpec<Schema extends z.ZodType = z.ZodType> {
  id: string;
  schema: Schema;
  /** Jobs of one named queue run one at a time, in order (graphile-worker's `queue_name`). */
  queue?: string;
  /** Attempts before graphile-worker gives up (its default is 25). */
  maxAttempts?: number;
  /** graphile-worker runs lower numbers first; 0 when unset. */
  priority?: number;
}

/**
 * A background job: its spec plus a handler imported lazily, so a domain's list of definitions reads like a table of
 * contents (Documenso style) and loading it costs nothing.
 */
export interface JobDefinition<Schema extends z.ZodType = z.ZodType, Services = unknown> extends JobSpec<Schema> {
  handler: () => Promise<{ default: JobHandler<z.output<Schema>, Services> }>;
}

/** Names a job's spec (for `enqueue`) without its handler. */
export function declareJob<Schema extends z.ZodType>(spec: JobSpec<Schema>): JobSpec<Schema> {
  return spec;
}

/** A job with its handler; `Services` is inferred from the handler module (what its handler reads from the context). */
export function defineJob<Schema extends z.ZodType, Services>(def: JobDefinition<Schema, Services>): JobDefinition<Schema, Services> {
  return def;
}

export type JobPayload<D> = D extends JobSpec<infer Schema> ? z.input<Schema> : never;

/** A cron item (graphile-worker's shape): `task` is a definition's id, `match` a crontab line in UTC. */
export interface JobCronItem {
  task: string;
  match: string;
  /** Stable name of the schedule (graphile-worker keeps the last run under it for backfills). */
  identifier: string;
  options: { backfillPeriod: number };
}
