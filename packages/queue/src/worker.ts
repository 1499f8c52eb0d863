import { EventEmitter } from "node:events";
import { jobDuration, jobEvents, jobRetries, reportError, type Logger } from "@sillage/observability";
import { Logger as WorkerLogger, parseCronItems, run, type Runner, type Task, type TaskList, type WorkerEvents } from "graphile-worker";
import type pg from "pg";
import type { z } from "zod";
import type { JobCronItem, JobDefinition } from "./define";
import { WorkerLiveness, type LivenessOptions } from "./liveness";

/** The definitions a worker runs: each handler reads a part of `Services`. */
export type JobList<Services> = readonly JobDefinition<z.ZodType, Services>[];

export interface WorkerOptions<Services> {
  pool: pg.Pool;
  /** Every job this process runs (a task id not listed here cannot run); the composition root assembles them. */
  definitions: JobList<Services>;
  /** Cron items, in UTC (graphile-worker has no zones). */
  cron?: readonly JobCronItem[];
  services: Services;
  logger: Logger;
  concurrency: number;
  pollInterval: number;
  liveness?: LivenessOptions;
}

/** Builds graphile-worker's task list from the typed definitions: payloads are validated when a job starts. */
export function buildTaskList<Services>(definitions: JobList<Services>, services: Services, logger: Logger): TaskList {
  const list: TaskList = {};
  for (const def of definitions) {
    if (list[def.id]) throw new Error(`two job definitions share the id ${def.id}`);
    // Loaded once: an `import()` per job goes through the module loader (and tsx's hooks thread) every time.
    let loaded: ReturnType<typeof def.handler> | undefined;
    const task: Task = async (raw, helpers) => {
      const log = logger.child({
        jobId: helpers.job.id,
        task: def.id,
        attempt: helpers.job.attempts,
        workspaceId: (raw as { workspaceId?: string } | null)?.workspaceId,
      });
      const parsed = def.schema.safeParse(raw ?? {});
      if (!parsed.success) {
        // Retrying cannot fix a bad payload: log it and let the job complete.
        log.error({ issues: parsed.error.issues }, "job payload rejected");
        jobEvents.inc({ task: def.id, outcome: "rejected" });
        return;
      }
      loaded ??= def.handler().catch((err: unknown) => {
        loaded = undefined;
        throw err;
      });
      const { default: handler } = await loaded;
      if (helpers.job.attempts > 1) jobRetries.inc({ task: def.id });
      const stop = jobDuration.startTimer({ task: def.id });
      try {
        await handler(parsed.data as never, { ...services, logger: log, helpers });
      } finally {
        stop();
      }
    };
    list[def.id] = task;
  }
  return list;
}

export async function startWorker<Services>(opts: WorkerOptions<Services>): Promise<Runner> {
  const events: WorkerEvents = new EventEmitter();
  const log = opts.logger.child({ component: "worker" });
  events.on("job:success", ({ job }) => {
    jobEvents.inc({ task: job.task_identifier, outcome: "success" });
    log.debug({ jobId: job.id, task: job.task_identifier }, "job succeeded");
  });
  events.on("job:error", ({ job, error }) => {
    jobEvents.inc({ task: job.task_identifier, outcome: "error" });
    log.warn({ jobId: job.id, task: job.task_identifier, attempt: job.attempts, err: error }, "job failed; graphile-worker will retry");
    // Every failed run is reported once here (graphile-worker also emits job:failed after the last one).
    reportError(error, { tags: { task: job.task_identifier, job_id: job.id, attempt: job.attempts, final: job.attempts >= job.max_attempts ? "yes" : "no" } });
  });
  events.on("job:failed", ({ job, error }) => {
    jobEvents.inc({ task: job.task_identifier, outcome: "failed" });
    log.error({ jobId: job.id, task: job.task_identifier, err: error }, "job failed permanently");
  });
  events.on("pool:listen:error", ({ error }) => log.warn({ err: error }, "worker LISTEN connection error"));
  const liveness = new WorkerLiveness(opts.pool, log, opts.liveness);
  // graphile-worker 0.17 locks jobs in the pool's name (`locked_by` = pool id), not each worker's: that is the id
  // the sweep and the publication lease compare against.
  events.on("pool:create", ({ workerPool }) => {
    liveness.track(workerPool.id).catch((err: unknown) => log.warn({ err }, "could not record worker heartbeat"));
  });

  const workerLogger = new WorkerLogger(() => (level, message, meta) => {
    const fn = level === "error" ? "error" : level === "warning" ? "warn" : "debug";
    log[fn]({ meta }, message);
  });

  const runner = await run({
    pgPool: opts.pool,
    taskList: buildTaskList(opts.definitions, opts.services, opts.logger),
    parsedCronItems: parseCronItems((opts.cron ?? []).map((c) => ({ ...c, options: { ...c.options } }))),
    concurrency: opts.concurrency,
    pollInterval: opts.pollInterval,
    noHandleSignals: true, // the server owns SIGTERM and stops the runner in its own order
    events,
    logger: workerLogger,
  });
  liveness.start();
  const stop = runner.stop.bind(runner);
  // Stopping cleanly removes our heartbeats: nothing of ours is left locked anyway.
  runner.stop = async (reason?: string) => {
    await stop(reason);
    await liveness.stop();
  };
  return runner;
}
export type { Runner } from "graphile-worker";
