import { hostname } from "node:os";
import type { Logger } from "@sillage/observability";
import type pg from "pg";

export interface LivenessOptions {
  heartbeatMs?: number;
  /** A worker silent for this long is dead; its locked jobs are released. */
  deadAfterMs?: number;
}

/**
 * Heartbeats for this process's graphile-worker pools (the id jobs are locked by), and the sweep that releases jobs
 * locked by dead ones (graphile-worker itself would wait 4 hours). Every worker process runs the sweep; it is idempotent.
 */
export class WorkerLiveness {
  private readonly ids = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private readonly process = `${hostname()}:${process.pid}`;
  private readonly heartbeatMs: number;
  private readonly deadAfterMs: number;

  constructor(
    private readonly pool: pg.Pool,
    private readonly logger: Logger,
    opts: LivenessOptions = {},
  ) {
    this.heartbeatMs = opts.heartbeatMs ?? 5_000;
    this.deadAfterMs = opts.deadAfterMs ?? 30_000;
  }

  async track(workerId: string): Promise<void> {
    this.ids.add(workerId);
    await this.beat();
  }

  start(): void {
    const tick = () => {
      this.beat()
        .then(() => this.sweep())
        .catch((err: unknown) => this.logger.warn({ err }, "worker heartbeat failed"));
    };
    tick();
    this.timer = setInterval(tick, this.heartbeatMs);
    this.timer.unref();
  }

  /**
   * An upsert, not an update: after a stall longer than `deadAfterMs` another process's sweep deletes our row, and a
   * plain update would leave us "dead" for good — every long job of ours released while it still runs.
   */
  private async beat(): Promise<void> {
    if (!this.ids.size) return;
    await this.pool.query(
      `insert into worker_heartbeats (worker_id, process) select id, $2 from unnest($1::text[]) as id
       on conflict (worker_id) do update set seen_at = now(), process = excluded.process`,
      [[...this.ids], this.process],
    );
  }

  /** Releases jobs held by workers that stopped announcing themselves; returns the dead worker ids. */
  async sweep(): Promise<string[]> {
    const { rows } = await this.pool.query<{ locked_by: string }>(
      `select distinct j.locked_by from graphile_worker._private_jobs j
       where j.locked_by is not null and j.locked_at < now() - make_interval(secs => $1::double precision / 1000)
         and not exists (select 1 from worker_heartbeats h
                         where h.worker_id = j.locked_by and h.seen_at > now() - make_interval(secs => $1::double precision / 1000))`,
      [this.deadAfterMs],
    );
    const dead = rows.map((r) => r.locked_by);
    if (dead.length) {
      await this.pool.query("select graphile_worker.force_unlock_workers($1::text[])", [dead]);
      await this.pool.query("delete from worker_heartbeats where worker_id = any($1)", [dead]);
      this.logger.warn({ workers: dead }, "released jobs locked by dead workers");
    }
    // Old rows of cleanly stopped or long-dead workers.
    await this.pool.query("delete from worker_heartbeats where seen_at < now() - interval '1 day'");
    return dead;
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    if (this.ids.size) await this.pool.query("delete from worker_heartbeats where worker_id = any($1)", [[...this.ids]]).catch(() => {});
    this.ids.clear();
  }
}
